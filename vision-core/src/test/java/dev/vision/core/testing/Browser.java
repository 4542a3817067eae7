package dev.vision.core.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            ObjectNode params =
                    JSON.createObjectNode().put("expression", expression).put("returnByValue", true);
            return command("Runtime.evaluate", params).path("result").path("value");
        }

        /** Sends one DevTools command and returns its result. */
        public JsonNode command(String method, ObjectNode params) throws Exception {
            int id = ids.incrementAndGet();
            CompletableFuture<JsonNode> answer = new CompletableFuture<>();
            waiting.put(id, answer);
            ObjectNode request = JSON.createObjectNode().put("id", id).put("method", method);
            request.set("params", params);
            socket.sendText(request.toString(), true).join();
            return answer.get(20, TimeUnit.SECONDS).path("result");
        }

        /**
         * A real mouse event at viewport point ({@code x}, {@code y}), as the user's mouse makes it: {@code type}
         * is mousePressed, mouseReleased or mouseMoved; the left button.
         */
        public void mouse(String type, double x, double y) throws Exception {
            ObjectNode params = JSON.createObjectNode()
                    .put("type", type)
                    .put("x", x)
                    .put("y", y)
                    .put("button", type.equals("mouseMoved") ? "none" : "left")
                    .put("buttons", type.equals("mousePressed") ? 1 : 0)
                    .put("clickCount", type.equals("mouseMoved") ? 0 : 1);
            command("Input.dispatchMouseEvent", params);
        }

        /** A left click at a viewport point: pressed, then released. */
        public void click(double x, double y) throws Exception {
            mouse("mouseMoved", x, y);
            mouse("mousePressed", x, y);
            mouse("mouseReleased", x, y);
        }

        /** Drags with the left button from one viewport point to another, in {@code steps} moves. */
        public void drag(double fromX, double fromY, double toX, double toY, int steps) throws Exception {
            mouse("mouseMoved", fromX, fromY);
            mouse("mousePressed", fromX, fromY);
            for (int i = 1; i <= steps; i++) {
                double t = (double) i / steps;
                ObjectNode params = JSON.createObjectNode()
                        .put("type", "mouseMoved")
                        .put("x", fromX + (toX - fromX) * t)
                        .put("y", fromY + (toY - fromY) * t)
                        .put("button", "left")
                        .put("buttons", 1);
                command("Input.dispatchMouseEvent", params);
            }
            mouse("mouseReleased", toX, toY);
        }

        /** A key pressed and released, by its DOM name: Enter, Escape, Delete. */
        public void key(String key) throws Exception {
            int code = switch (key) {
                case "Enter" -> 13;
                case "Escape" -> 27;
                case "Delete" -> 46;
                default -> 0;
            };
            for (String type : new String[] {"rawKeyDown", "keyUp"}) {
                ObjectNode params = JSON.createObjectNode()
                        .put("type", type)
                        .put("key", key)
                        .put("code", key)
                        .put("windowsVirtualKeyCode", code);
                command("Input.dispatchKeyEvent", params);
            }
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
