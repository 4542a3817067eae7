package dev.vision.serve.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events POSTed to a real HTTP endpoint (the JDK's server on loopback), through refusals and its silence. */
class WebhookOutputTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
    private final List<String> types = Collections.synchronizedList(new ArrayList<>());
    private final List<String> reports = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger refuseNext = new AtomicInteger();
    private HttpServer server;

    private URI endpoint() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/hook", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            int code = refuseNext.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 503 : 204;
            if (code == 204) {
                bodies.add(new String(body, StandardCharsets.UTF_8));
                types.add(exchange.getRequestHeaders().getFirst("Content-Type"));
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static ObjectNode event(int n) {
        return JSON.createObjectNode().put("type", "line_crossed").put("n", n);
    }

    @Test
    void everyEventArrivesOnceInOrderAsJson() throws Exception {
        WebhookOutput out = new WebhookOutput(endpoint(), reports::add);
        for (int i = 0; i < 20; i++) {
            out.send(0, event(i));
        }
        out.close(Duration.ofSeconds(10));
        assertEquals(20, bodies.size());
        for (int i = 0; i < 20; i++) {
            assertEquals(i, JSON.readTree(bodies.get(i)).get("n").asInt(), "in order");
        }
        assertTrue(types.stream().allMatch("application/json"::equals), types.toString());
        assertEquals(20, out.delivered());
        assertEquals(0, out.notDelivered());
    }

    /** An endpoint that moved (307 or 308) gets the same POST, body and all, at its new address. */
    @Test
    void aRedirectKeepsThePostAndItsBody() throws Exception {
        URI hook = endpoint();
        server.createContext("/old307", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "/hook");
            exchange.sendResponseHeaders(307, -1);
            exchange.close();
        });
        server.createContext("/old308", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("Location", "/hook");
            exchange.sendResponseHeaders(308, -1);
            exchange.close();
        });
        for (String path : List.of("/old307", "/old308")) {
            WebhookOutput out = new WebhookOutput(hook.resolve(path), reports::add);
            out.send(0, event(path.length()));
            out.close(Duration.ofSeconds(10));
            assertEquals(1, out.delivered(), path + ": " + reports);
        }
        assertEquals(2, bodies.size(), reports.toString());
        assertTrue(bodies.stream().allMatch(b -> b.contains("line_crossed")), bodies.toString());
        assertTrue(reports.isEmpty(), "no failure said: " + reports);
    }

    @Test
    void refusalsAreRetriedAndSaidOnceAndTheRecoveryToo() throws Exception {
        refuseNext.set(3);
        WebhookOutput out = new WebhookOutput(endpoint(), reports::add);
        out.send(0, event(1));
        out.send(0, event(2));
        out.close(Duration.ofSeconds(15));
        assertEquals(2, bodies.size(), "both arrive once the endpoint answers 2xx again");
        assertEquals(1, JSON.readTree(bodies.get(0)).get("n").asInt());
        assertEquals(
                1, reports.stream().filter(r -> r.contains("HTTP 503")).count(), "said once, not per try: " + reports);
        assertTrue(reports.stream().anyMatch(r -> r.contains("delivering again")), reports.toString());
    }

    @Test
    void anEndpointThatIsGoneCostsNoMoreThanTheDrainAndCountsWhatWasLost() throws Exception {
        URI gone = endpoint();
        server.stop(0);
        server = null;
        WebhookOutput out = new WebhookOutput(gone, reports::add);
        out.send(0, event(1));
        long start = System.nanoTime();
        out.close(Duration.ofSeconds(2));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(tookMs < 8_000, "closing waits about the drain, took " + tookMs + " ms");
        assertEquals(0, out.delivered());
        assertEquals(1, out.notDelivered());
    }

    /** A name no DNS resolves is said as such, not as a refused connection. */
    @Test
    void aHostNoNameServerKnowsIsSaidAsADnsFailure() {
        WebhookOutput out = new WebhookOutput(URI.create("http://no-such-host.invalid/hook"), reports::add);
        out.send(0, event(1));
        out.close(Duration.ofSeconds(2));
        assertEquals(1, out.notDelivered());
        assertTrue(reports.stream().anyMatch(r -> r.contains("could not be resolved (DNS)")), reports.toString());
        assertTrue(reports.stream().noneMatch(r -> r.contains("connection refused")), reports.toString());
    }
}
