package dev.vision.serve.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * The history under {@code /api}: events and objects (filtered, newest first, paged by cursor), one object
 * with its events, and a line's or zone's counts per bucket; each list also as CSV ({@code ?format=csv}). A
 * local time in a query is read as UTC.
 */
final class HistoryApi {

    private static final int DEFAULT_LIMIT = 100;

    private final Supplier<EventStore> store;
    private final ObjectMapper json = new ObjectMapper();

    private HistoryApi(Supplier<EventStore> store) {
        this.store = store;
    }

    static void register(Javalin app, Supplier<EventStore> store) {
        HistoryApi api = new HistoryApi(store);
        app.get("/api/events", api::events);
        app.get("/api/objects", api::objects);
        app.get("/api/objects/{id}", api::object);
        app.get("/api/counts", api::counts);
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

    private void object(Context ctx) {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw Problem.of(404, "Not Found", "no object '" + ctx.pathParam("id") + "'")
                    .raise();
        }
        StoredObject o = store.get()
                .object(id)
                .orElseThrow(
                        () -> Problem.of(404, "Not Found", "no object " + id).raise());
        ObjectNode body = object(o);
        ArrayNode events = body.putArray("events");
        store.get().events(EventFilter.newest(EventFilter.MAX_LIMIT).camera(o.camera())).stream()
                .filter(e -> e.objectId().isPresent() && e.objectId().getAsLong() == id)
                .forEach(e -> events.add(EventsText.json(e)));
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
        o.clip().ifPresent(c -> j.put("clip", c));
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
