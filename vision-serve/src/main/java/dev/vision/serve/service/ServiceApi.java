package dev.vision.serve.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.result.Direction;
import dev.vision.core.result.LineTally;
import dev.vision.serve.RunMetrics;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * The REST API under {@code /api}, JSON in and out, described by {@code /api/openapi.json}. Reads are open; every
 * write needs the bearer token. A refusal is problem JSON (RFC 9457) naming the setting and the reason, and
 * changes nothing.
 */
final class ServiceApi implements AutoCloseable {

    /** The largest body a request may have. */
    static final long MAX_BODY_BYTES = 256 * 1024;

    private static final Pattern NAME = Pattern.compile("[\\p{L}\\p{N}_-][\\p{L}\\p{N}_.-]{0,63}");
    private static final long SNAPSHOT_WAIT_MS = 5000;

    private final VisionService service;
    private final ApiToken token;
    private final Javalin app;
    private final ObjectMapper json = new ObjectMapper();

    private ServiceApi(VisionService service, ApiToken token, Javalin app) {
        this.service = service;
        this.token = token;
        this.app = app;
    }

    static ServiceApi start(VisionService service, ApiToken token, String host, int port) throws IOException {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.defaultHost = host;
            config.http.maxRequestSize = MAX_BODY_BYTES;
        });
        ServiceApi api = new ServiceApi(service, token, app);
        api.routes();
        try {
            app.start(port);
        } catch (RuntimeException e) {
            throw new IOException("server.listen " + host + ":" + port + ": cannot listen: " + e.getMessage(), e);
        }
        return api;
    }

    int port() {
        return app.port();
    }

    private void routes() {
        app.before("/api/*", this::authorize);
        app.exception(Problem.Raised.class, (e, ctx) -> send(ctx, e.problem));
        app.exception(InvalidSettingException.class, (e, ctx) -> send(ctx, Problem.badQuery(e)));
        app.exception(
                JsonProcessingException.class,
                (e, ctx) -> send(ctx, Problem.of(400, "Bad JSON", "the body is not JSON: " + e.getOriginalMessage())));
        app.get("/", ctx -> ctx.html(resource("review.html"))); // the history's review page
        app.get("/editor", ctx -> ctx.html(resource("editor.html"))); // lines, zones and masks drawn on a frame
        app.get("/api/openapi.json", ctx -> ctx.contentType("application/json").result(resource("openapi.json")));
        app.get(
                "/api/config/schema.json",
                ctx -> ctx.contentType("application/schema+json").result(ConfigDocument.schemaText()));
        app.get(
                "/api/config",
                ctx -> ctx.contentType("application/yaml")
                        .result(service.document().yaml()));
        app.put("/api/config", ctx -> {
            apply(() -> service.replace(ctx.body()));
            ctx.contentType("application/yaml").result(service.document().yaml());
        });
        app.get("/api/status", ctx -> json(ctx, 200, status()));
        app.get("/metrics", ctx -> {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            FleetMetrics.write(text, service.fleet().status());
            ctx.contentType(RunMetrics.contentType()).result(text.toByteArray());
        });
        app.get("/api/cameras", ctx -> json(ctx, 200, service.document().tree().withArray("/cameras")));
        app.post("/api/cameras", this::addCamera);
        app.get("/api/cameras/{name}", ctx -> json(ctx, 200, camera(name(ctx))));
        app.put("/api/cameras/{name}", ctx -> replaceCamera(ctx, Edit.REPLACE));
        app.patch("/api/cameras/{name}", ctx -> replaceCamera(ctx, Edit.MERGE));
        app.delete("/api/cameras/{name}", ctx -> {
            String name = name(ctx);
            camera(name);
            apply(() -> service.changeCamera(name, c -> null));
            ctx.status(204);
        });
        for (String kind : List.of("lines", "zones", "masks")) {
            app.put("/api/cameras/{name}/" + kind + "/{shape}", ctx -> putShape(ctx, kind));
            app.delete("/api/cameras/{name}/" + kind + "/{shape}", ctx -> deleteShape(ctx, kind));
        }
        app.get("/api/cameras/{name}/snapshot.jpg", this::snapshot);
        HistoryApi.register(app, service::history);
    }

    private void authorize(Context ctx) {
        if (ctx.method() == HandlerType.GET
                || ctx.method() == HandlerType.HEAD
                || ctx.method() == HandlerType.OPTIONS) {
            return;
        }
        if (!token.admits(ctx.header("Authorization"))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw Problem.of(
                            401,
                            "Unauthorized",
                            "a change needs Authorization: Bearer TOKEN (VISION_API_TOKEN, or the token file the "
                                    + "log names)")
                    .raise();
        }
    }

    private void addCamera(Context ctx) throws Exception {
        ObjectNode camera = body(ctx);
        String name = camera.path("name").asText("");
        if (service.document().config().camera(name).isPresent()) {
            throw Problem.of(409, "Conflict", "a camera named '" + name + "' exists already")
                    .raise();
        }
        ObjectNode tree = service.document().tree();
        tree.withArray("/cameras").add(camera);
        apply(() -> service.change(tree));
        ctx.header("Location", "/api/cameras/" + name);
        json(ctx, 201, camera(name));
    }

    private void replaceCamera(Context ctx, Edit edit) throws Exception {
        String name = name(ctx);
        camera(name);
        ObjectNode body = body(ctx);
        if (body.has("name") && !body.path("name").asText().equals(name)) {
            throw new Problem(
                            422,
                            "Invalid setting",
                            "a camera's name is its address; add a new camera to rename",
                            List.of(new Problem.Setting("name", "must be '" + name + "'")))
                    .raise();
        }
        apply(() -> service.changeCamera(name, old -> {
            ObjectNode next = edit == Edit.MERGE ? old : json.createObjectNode().put("name", name);
            body.fields().forEachRemaining(e -> {
                if (e.getValue().isNull()) {
                    next.remove(e.getKey());
                } else {
                    next.set(e.getKey(), e.getValue());
                }
            });
            return next;
        }));
        json(ctx, 200, camera(name));
    }

    private void putShape(Context ctx, String kind) throws Exception {
        String name = name(ctx);
        camera(name);
        String shape = checkedName(ctx.pathParam("shape"));
        JsonNode body = body(ctx);
        apply(() -> service.changeCamera(name, camera -> {
            ArrayNode list = camera.withArray("/" + kind);
            // the body's settings (a zone's loiter_s, a mask's kind and style), named by the path
            ObjectNode entry = json.createObjectNode().put("name", shape);
            if (body instanceof ObjectNode fields) {
                fields.fields().forEachRemaining(f -> {
                    if (!f.getKey().equals("name")) {
                        entry.set(f.getKey(), f.getValue());
                    }
                });
            }
            if (!entry.has("points")) {
                entry.set("points", json.createArrayNode());
            }
            for (int i = 0; i < list.size(); i++) {
                if (shape.equals(list.get(i).path("name").asText())) {
                    list.set(i, entry);
                    return camera;
                }
            }
            list.add(entry);
            return camera;
        }));
        json(ctx, 200, camera(name));
    }

    private void deleteShape(Context ctx, String kind) throws Exception {
        String name = name(ctx);
        String shape = ctx.pathParam("shape");
        JsonNode list = camera(name).path(kind);
        boolean found = false;
        for (JsonNode entry : list) {
            found |= shape.equals(entry.path("name").asText());
        }
        if (!found) {
            throw Problem.of(
                            404, "Not Found", "camera " + name + " has no " + kind.substring(0, 4) + " '" + shape + "'")
                    .raise();
        }
        apply(() -> service.changeCamera(name, camera -> {
            ArrayNode entries = camera.withArray("/" + kind);
            for (int i = entries.size() - 1; i >= 0; i--) {
                if (shape.equals(entries.get(i).path("name").asText())) {
                    entries.remove(i);
                }
            }
            return camera;
        }));
        ctx.status(204);
    }

    private void snapshot(Context ctx) throws InterruptedException {
        String name = name(ctx);
        camera(name);
        String annotated = ctx.queryParam("annotated");
        SnapshotKind kind =
                "1".equals(annotated) || "true".equals(annotated) ? SnapshotKind.ANNOTATED : SnapshotKind.RAW;
        Optional<CompletableFuture<byte[]>> next = service.fleet().snapshot(name, kind);
        if (next.isEmpty()) {
            throw Problem.of(503, "Service Unavailable", "camera " + name + " is not running")
                    .raise();
        }
        try {
            byte[] jpeg = next.get().get(SNAPSHOT_WAIT_MS, TimeUnit.MILLISECONDS);
            ctx.contentType("image/jpeg").header("Cache-Control", "no-store").result(jpeg);
        } catch (TimeoutException | ExecutionException e) {
            throw Problem.of(
                            503,
                            "Service Unavailable",
                            "camera " + name + " gave no frame within " + SNAPSHOT_WAIT_MS / 1000 + " s")
                    .raise();
        }
    }

    /** PUT replaces a camera's entry; PATCH merges into it (RFC 7396: a null removes a setting). */
    private enum Edit {
        REPLACE,
        MERGE
    }

    /** A change through the service, its refusals as problems. */
    private interface Change {
        void run() throws Exception;
    }

    private static void apply(Change change) throws Exception {
        try {
            change.run();
        } catch (ConfigInvalidException e) {
            throw new Problem(
                            422,
                            "Invalid setting",
                            e.problems().size() == 1
                                    ? (e.problems().get(0).setting().isEmpty()
                                                    ? ""
                                                    : e.problems().get(0).setting() + ": ")
                                            + e.problems().get(0).reason()
                                    : e.problems().size() + " settings are invalid",
                            e.problems().stream()
                                    .map(p -> new Problem.Setting(p.setting(), p.reason(), p.line(), p.column()))
                                    .toList())
                    .raise();
        } catch (MemoryRefusedException e) {
            throw Problem.of(507, "Insufficient Storage", "the memory plan refuses it: " + e.getMessage())
                    .raise();
        }
    }

    private ObjectNode status() {
        ObjectNode root = json.createObjectNode();
        root.set("history", HistoryApi.status(json, service.history()));
        ObjectNode cameras = root.putObject("cameras");
        for (Map.Entry<String, CameraHealth.Snapshot> e :
                service.fleet().status().entrySet()) {
            CameraHealth.Snapshot s = e.getValue();
            ObjectNode c = cameras.putObject(e.getKey());
            c.put("state", s.state().id());
            c.put("detail", s.detail());
            c.put("frames", s.frames());
            c.put("fps", Math.round(s.fps() * 10) / 10.0);
            c.put("model_fps", Math.round(s.modelFps() * 10) / 10.0);
            c.put("reconnects", s.reconnects());
            c.put("stalls", s.stalls());
            c.put("reconnects_last_hour", s.reconnectsLastHour());
            c.put("stalls_last_hour", s.stallsLastHour());
            if (s.lastFrameAgeMs() >= 0) {
                c.put("last_frame_age_ms", s.lastFrameAgeMs());
            } else {
                c.putNull("last_frame_age_ms");
            }
            ObjectNode lines = c.putObject("lines");
            for (Map.Entry<String, LineTally> line : s.counts().lines().entrySet()) {
                lines.putObject(line.getKey())
                        .put("in", line.getValue().total(Direction.IN))
                        .put("out", line.getValue().total(Direction.OUT));
            }
            ObjectNode zones = c.putObject("zones");
            for (String zone : s.counts().zones().keySet()) {
                zones.putObject(zone)
                        .put("inside", s.counts().insideZone(zone))
                        .put("entered", service.fleet().entered(e.getKey(), zone));
            }
            service.fleet().movements(e.getKey()).ifPresent(m -> HistoryApi.movementRows(c.putArray("movements"), m));
        }
        return root;
    }

    private String name(Context ctx) {
        return checkedName(ctx.pathParam("name"));
    }

    private static String checkedName(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new Problem(
                            422,
                            "Invalid name",
                            "names are letters, digits, _ . - (not first: .), at most 64",
                            List.of(new Problem.Setting("name", "'" + name + "' is not a name")))
                    .raise();
        }
        return name;
    }

    /** The camera's entry as the file has it; 404 when there is none. */
    private JsonNode camera(String name) {
        for (JsonNode camera : service.document().tree().path("cameras")) {
            if (name.equals(camera.path("name").asText())) {
                return camera;
            }
        }
        throw Problem.of(404, "Not Found", "no camera named '" + name + "'").raise();
    }

    private ObjectNode body(Context ctx) throws JsonProcessingException {
        JsonNode body = json.readTree(ctx.body().isBlank() ? "{}" : ctx.body());
        if (!(body instanceof ObjectNode object)) {
            throw Problem.of(400, "Bad Request", "the body must be a JSON object")
                    .raise();
        }
        return object;
    }

    private void json(Context ctx, int status, JsonNode body) throws JsonProcessingException {
        ctx.status(status).contentType("application/json").result(json.writeValueAsString(body));
    }

    private void send(Context ctx, Problem problem) {
        ObjectNode body = problem.json(json);
        try {
            ctx.status(problem.status()).contentType("application/problem+json").result(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = ServiceApi.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        app.stop();
    }
}
