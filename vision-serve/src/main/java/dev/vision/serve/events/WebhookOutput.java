package dev.vision.serve.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Consumer;

/** Each event POSTed as JSON to a URL, through the JDK's HttpClient; a 2xx answer is a delivery. */
public final class WebhookOutput extends QueuedOutput<String> {

    private final URI uri;
    /** Follows redirects (307 and 308 keep the POST and its body), never from https to http. */
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    /** @param report told (in one line) when the endpoint goes down and when it is back */
    public WebhookOutput(URI uri, Consumer<String> report) {
        this.uri = uri;
        deliverThrough(new DeliveryQueue<>(name(), 1000, this::post, report, body -> true));
    }

    private void post(String body) throws IOException, InterruptedException {
        HttpResponse<Void> r = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(30))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() / 100 != 2) {
            throw new IOException("HTTP " + r.statusCode());
        }
    }

    @Override
    public String name() {
        return "webhook " + uri;
    }

    @Override
    public void send(int stream, ObjectNode event) {
        enqueue(event.toString());
    }
}
