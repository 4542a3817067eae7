package dev.vision.serve.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.InvalidSettingException;
import dev.vision.serve.store.CountBucket;
import dev.vision.serve.store.CountQuery;
import dev.vision.serve.store.EventFilter;
import dev.vision.serve.store.EventStore;
import dev.vision.serve.store.EventsText;
import dev.vision.serve.store.StoreWriter;
import dev.vision.serve.store.StoredEvent;
import dev.vision.serve.store.StoredObject;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The history under {@code /api}: events and objects (filtered, newest first, paged by cursor), one object
 * with its events, and a line's or zone's counts per bucket; each list also as CSV ({@code ?format=csv}). A
 * local time in a query is read as UTC.
 */
public final class HistoryApi {

    private static final int DEFAULT_LIMIT = 100;

    private final Supplier<EventStore> store;
    private final ObjectMapper json = new ObjectMapper();

    private HistoryApi(Supplier<EventStore> store) {
        this.store = store;
    }

    /**
     * The history's routes on a server of its own (a one-shot run's live page), with its refusals as problem
     * JSON.
     */
    public static void registerWithProblems(Javalin app, Supplier<EventStore> store) {
        ObjectMapper json = new ObjectMapper();
        app.exception(Problem.Raised.class, (e, ctx) -> problem(ctx, json, e.problem));
        app.exception(InvalidSettingException.class, (e, ctx) -> problem(ctx, json, Problem.badQuery(e)));
        register(app, store);
    }

    private static void problem(Context ctx, ObjectMapper json, Problem problem) {
        ctx.status(problem.status())
                .contentType("application/problem+json")
                .result(problem.json(json).toString());
    }

    static void register(Javalin app, Supplier<EventStore> store) {
        HistoryApi api = new HistoryApi(store);
        app.get("/api/events", api::events);
        app.get("/api/objects", api::objects);
        app.get("/api/objects/{id}", api::object);
        app.get("/api/counts", api::counts);
        app.get("/api/movements", api::movements);
        app.get("/api/objects/{id}/snapshot.jpg", ctx -> api.file(ctx, StoredObject::snapshot, "image/jpeg"));
        app.get("/api/objects/{id}/crop.jpg", ctx -> api.file(ctx, StoredObject::crop, "image/jpeg"));
        app.get("/api/objects/{id}/clip.mp4", ctx -> api.file(ctx, StoredObject::clip, "video/mp4"));
    }

    private static Optional<String> param(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).filter(v -> !v.isBlank());
    }

    private static boolean csv(Context ctx) {
        return "csv".equals(ctx.queryParam("format"));
    }

    private void events(Context ctx) {
        EventFilter filter = EventFilter.of(name -> param(ctx, name), ZoneOffset.UTC, DEFAULT_LIMIT);
        List<StoredEvent> events = store.get().events(filter);
        if (csv(ctx)) {
            ctx.contentType("text/csv; charset=utf-8").result(String.join("\n", EventsText.csv(events)) + "\n");
            return;
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("events");
        events.forEach(e -> list.add(EventsText.json(e)));
        next(
                body,
                events.size() == filter.limit()
                        ? OptionalLong.of(events.get(events.size() - 1).id())
                        : OptionalLong.empty());
        ctx.json(body);
    }

    private void objects(Context ctx) {
        EventFilter filter = EventFilter.of(name -> param(ctx, name), ZoneOffset.UTC, DEFAULT_LIMIT);
        List<StoredObject> objects = store.get()
                .objects(filter.camera(), filter.label(), filter.from(), filter.to(), filter.before(), filter.limit());
        if (csv(ctx)) {
            List<String> rows = new ArrayList<>();
            rows.add("id,camera,track_id,label,first_seen,last_seen,best_score,top_speed_mps,clip,open");
            for (StoredObject o : objects) {
                rows.add(String.join(
                        ",",
                        Long.toString(o.id()),
                        o.camera(),
                        Long.toString(o.trackId()),
                        o.label(),
                        o.firstSeen().toString(),
                        o.lastSeen().toString(),
                        Float.toString(o.bestScore()),
                        o.topSpeedMps().isPresent()
                                ? Double.toString(o.topSpeedMps().getAsDouble())
                                : "",
                        o.clip().orElse(""),
                        Boolean.toString(o.open())));
            }
            ctx.contentType("text/csv; charset=utf-8").result(String.join("\n", rows) + "\n");
            return;
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("objects");
        objects.forEach(o -> list.add(object(o)));
        next(
                body,
                objects.size() == filter.limit()
                        ? OptionalLong.of(objects.get(objects.size() - 1).id())
                        : OptionalLong.empty());
        ctx.json(body);
    }

    private void next(ObjectNode body, OptionalLong cursor) {
        if (cursor.isEmpty()) {
            body.putNull("next");
        } else {
            body.put("next", cursor.getAsLong());
        }
    }

    private StoredObject stored(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.of(404, "Not Found", "no object '" + ctx.pathParam("id") + "'")
                    .raise();
        }
        return store.get()
                .object(id)
                .orElseThrow(
                        () -> Problem.of(404, "Not Found", "no object " + id).raise());
    }

    /** One of an object's files; a video answers range requests, so that a browser can seek in it. */
    private void file(Context ctx, Function<StoredObject, Optional<String>> which, String type) throws IOException {
        StoredObject o = stored(ctx);
        Optional<Path> file = which.apply(o).map(Path::of).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            throw Problem.of(404, "Not Found", "object " + o.id() + " has no such file")
                    .raise();
        }
        long size = Files.size(file.get());
        ctx.header("Cache-Control", "max-age=3600")
                .header("Accept-Ranges", "bytes")
                .contentType(type);
        Matcher range = RANGE.matcher(Optional.ofNullable(ctx.header("Range")).orElse(""));
        if (!range.matches() || (range.group(1).isEmpty() && range.group(2).isEmpty())) {
            ctx.result(Files.newInputStream(file.get()));
            return;
        }
        long first;
        long last;
        if (range.group(1).isEmpty()) { // the last N bytes
            first = Math.max(0, size - Long.parseLong(range.group(2)));
            last = size - 1;
        } else {
            first = Long.parseLong(range.group(1));
            last = range.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(range.group(2)));
        }
        last = Math.min(last, first + MAX_PART - 1); // a browser asks for the rest and takes what comes
        if (first >= size || first > last) {
            ctx.status(416).header("Content-Range", "bytes */" + size);
            return;
        }
        byte[] part = new byte[(int) (last - first + 1)];
        try (SeekableByteChannel channel = Files.newByteChannel(file.get())) {
            channel.position(first);
            ByteBuffer buffer = ByteBuffer.wrap(part);
            while (buffer.hasRemaining() && channel.read(buffer) > 0) {
                // reads until the part is full
            }
        }
        ctx.status(206)
                .header("Content-Range", "bytes " + first + "-" + last + "/" + size)
                .result(part);
    }

    private static final long MAX_PART = 8L << 20;

    /** One byte range, {@code bytes=FIRST-LAST}, either end left out (several ranges are served whole). */
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private void object(Context ctx) {
        StoredObject o = stored(ctx);
        long id = o.id();
        ObjectNode body = object(o);
        ArrayNode events = body.putArray("events");
        store.get().eventsOf(id).forEach(e -> events.add(EventsText.json(e)));
        ctx.json(body);
    }

    private ObjectNode object(StoredObject o) {
        ObjectNode j = json.createObjectNode();
        j.put("id", o.id());
        j.put("camera", o.camera());
        j.put("track_id", o.trackId());
        j.put("label", o.label());
        j.put("first_seen", o.firstSeen().toString());
        j.put("last_seen", o.lastSeen().toString());
        j.put("first_media_ms", o.firstMediaMs());
        j.put("last_media_ms", o.lastMediaMs());
        j.put("best_score", Math.round(o.bestScore() * 1000) / 1000.0);
        if (o.topSpeedMps().isPresent()) {
            j.put("top_speed_mps", o.topSpeedMps().getAsDouble());
        }
        o.clip().ifPresent(c -> j.put("clip", "/api/objects/" + o.id() + "/clip.mp4"));
        o.snapshot().ifPresent(c -> j.put("snapshot", "/api/objects/" + o.id() + "/snapshot.jpg"));
        o.crop().ifPresent(c -> j.put("crop", "/api/objects/" + o.id() + "/crop.jpg"));
        j.put("open", o.open());
        return j;
    }

    private void counts(Context ctx) {
        CountQuery query = CountQuery.of(name -> param(ctx, name), ZoneOffset.UTC);
        List<CountBucket> buckets = store.get().counts(query);
        List<String> kinds = EventsText.countedKinds(query.place());
        if (csv(ctx)) {
            List<String> rows = new ArrayList<>();
            rows.add("bucket_start," + String.join(",", kinds) + ",class");
            for (CountBucket b : buckets) {
                Set<String> classes = new TreeSet<>();
                kinds.forEach(
                        k -> classes.addAll(b.counts().getOrDefault(k, Map.of()).keySet()));
                for (String cls : classes) {
                    rows.add(b.start() + ","
                            + kinds.stream()
                                    .map(k -> Long.toString(
                                            b.counts().getOrDefault(k, Map.of()).getOrDefault(cls, 0L)))
                                    .reduce((a, c) -> a + "," + c)
                                    .orElse("")
                            + "," + cls);
                }
            }
            ctx.contentType("text/csv; charset=utf-8").result(String.join("\n", rows) + "\n");
            return;
        }
        ObjectNode body = json.createObjectNode();
        body.put(
                query.place() instanceof CountQuery.Place.OfLine ? "line" : "zone",
                query.place().name());
        query.camera().ifPresent(c -> body.put("camera", c));
        body.put("bucket", query.bucket().id());
        ArrayNode list = body.putArray("buckets");
        buckets.forEach(b -> list.add(EventsText.json(b, query.place())));
        ctx.json(body);
    }

    private void movements(Context ctx) {
        EventFilter filter = EventFilter.of(name -> param(ctx, name), ZoneOffset.UTC, DEFAULT_LIMIT);
        List<EventStore.MovementCount> rows = store.get().movements(filter);
        if (csv(ctx)) {
            List<String> lines = new ArrayList<>();
            lines.add("camera,origin,destination,class,objects");
            rows.forEach(m -> lines.add(
                    String.join(",", m.camera(), m.origin(), m.destination(), m.label(), Long.toString(m.objects()))));
            ctx.contentType("text/csv; charset=utf-8").result(String.join("\n", lines) + "\n");
            return;
        }
        ObjectNode body = json.createObjectNode();
        ArrayNode list = body.putArray("movements");
        for (EventStore.MovementCount m : rows) {
            list.addObject()
                    .put("camera", m.camera())
                    .put("origin", m.origin())
                    .put("destination", m.destination())
                    .put("label", m.label())
                    .put("objects", m.objects());
        }
        ctx.json(body);
    }

    /** A turning-movement matrix (origin → destination → class → objects) as rows, for {@code /api/status}. */
    static void movementRows(ArrayNode into, Map<String, Map<String, Map<String, Long>>> matrix) {
        matrix.forEach((origin, destinations) ->
                destinations.forEach((destination, classes) -> classes.forEach((label, objects) -> into.addObject()
                        .put("origin", origin)
                        .put("destination", destination)
                        .put("label", label)
                        .put("objects", objects))));
    }

    /** The store's figures, for {@code /api/status}. */
    static ObjectNode status(ObjectMapper json, EventStore store) {
        StoreWriter.Figures f = store.writer().figures();
        return json.createObjectNode()
                .put("db", store.location().shown())
                .put("events_written", f.eventsWritten())
                .put("objects_written", f.objectsWritten())
                .put("dropped", f.dropped())
                .put("failed", f.failed())
                .put("queued", f.queued());
    }
}
