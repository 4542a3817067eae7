package dev.vision.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Headless Chromium driven over the DevTools protocol: one browser, any number of tabs, JavaScript
 * evaluated in each, as a person's browser would hold a page open (the page's connections count against
 * the browser's six per host, across its tabs).
 */
public final class Browser implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Process process;
    private final String devtools;

    private Browser(Process process, String devtools) {
        this.process = process;
        this.devtools = devtools;
    }

    /** Headless Chromium with a fresh profile and nothing of its own on the network; add the page or options. */
    public static List<String> headless(Path work) throws IOException {
        return new ArrayList<>(List.of(
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--no-first-run",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + Files.createTempDirectory(work, "chromium"),
                "--window-size=1280,800"));
    }

    public static Browser start(Path work) throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = headless(work);
        command.addAll(List.of("--remote-debugging-port=" + port, "--remote-allow-origins=*", "about:blank"));
        Process p = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String base = "http://127.0.0.1:" + port;
        for (int i = 0; i < 150; i++) {
            try {
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(base + "/json/version"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return new Browser(p, base);
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        p.destroyForcibly();
        throw new AssertionError("chromium's DevTools did not come up");
    }

    /** A new tab on {@code url}. */
    public Tab open(String url) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(devtools + "/json/new?" + url))
                        .PUT(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode target = JSON.readTree(r.body());
        return new Tab(target.get("webSocketDebuggerUrl").asText());
    }

    /** One tab: evaluates JavaScript and returns its value as JSON. */
    public static final class Tab {
        private final WebSocket socket;
        private final AtomicInteger ids = new AtomicInteger();
        private final Map<Integer, CompletableFuture<JsonNode>> waiting = new ConcurrentHashMap<>();

        Tab(String url) {
            socket = HTTP.newWebSocketBuilder()
                    .buildAsync(URI.create(url), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                try {
                                    JsonNode message = JSON.readTree(text.toString());
                                    CompletableFuture<JsonNode> f = message.has("id")
                                            ? waiting.remove(message.get("id").asInt())
                                            : null;
                                    if (f != null) {
                                        f.complete(message);
                                    }
                                } catch (IOException e) {
                                    // not for us
                                }
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    })
                    .join();
        }

        /** The value of {@code expression} in the page, as JSON (it should evaluate to something serialisable). */
        public JsonNode eval(String expression) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            var request = JSON.createObjectNode().put("id", id).put("method", "Runtime.evaluate");
            request.putObject("params").put("expression", expression).put("returnByValue", true);
            socket.sendText(request.toString(), true).join();
            JsonNode reply = answer.get(20, TimeUnit.SECONDS);
            return reply.path("result").path("result").path("value");
        }

        /** Waits up to {@code seconds} for {@code condition} (JavaScript) to be true in the page. */
        public boolean waitFor(String condition, int seconds) throws Exception {
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < until) {
                if (eval("!!(" + condition + ")").asBoolean()) {
                    return true;
                }
                Thread.sleep(250);
            }
            return false;
        }

        public String html() throws Exception {
            return eval("document.documentElement.outerHTML").asText();
        }
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
