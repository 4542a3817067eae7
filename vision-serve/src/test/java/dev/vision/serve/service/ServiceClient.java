package dev.vision.serve.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** What the service tests ask of a running service over HTTP: requests with or without the token, its status. */
final class ServiceClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String api;
    private final List<String> log;

    /** @param log the service's log, shown when a wait runs out */
    ServiceClient(int port, List<String> log) {
        this.api = "http://127.0.0.1:" + port + "/api";
        this.log = log;
    }

    /** The API's root: {@code http://127.0.0.1:PORT/api}. */
    String api() {
        return api;
    }

    /** A request to {@code url} with a JSON body (or none) and, unless null, the bearer token. */
    HttpResponse<String> send(String method, String url, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The bytes {@code url} answers with. */
    byte[] bytes(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray())
                .body();
    }

    /** {@code /api/status}'s cameras. */
    JsonNode status() throws IOException, InterruptedException {
        return JSON.readTree(send("GET", api + "/status", null, null).body()).path("cameras");
    }

    /** Polls the status until {@code ready} holds, for {@code limit} at most. */
    JsonNode awaitStatus(Predicate<JsonNode> ready, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = status();
            if (ready.test(last)) {
                return last;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "status never got there in " + limit.toSeconds() + " s: " + last + "\nlog: " + String.join("\n", log));
    }
}
