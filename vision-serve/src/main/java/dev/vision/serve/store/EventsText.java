package dev.vision.serve.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The store's events and counts as text: a table for a person, JSON lines, or CSV. */
public final class EventsText {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CSV_HEADER =
            "id,time,camera,type,track_id,label,line,zone,direction,dwell_ms,frame,media_ms,object_id,detail,clip";

    private EventsText() {}

    /** An event as one JSON object: the JSON lines' event keys, then camera, time and where it is kept. */
    public static ObjectNode json(StoredEvent e) {
        ObjectNode j = JSON.createObjectNode();
        j.put("type", e.type().id());
        e.line().ifPresent(v -> j.put("line", v));
        e.zone().ifPresent(v -> j.put("zone", v));
        e.trackId().ifPresent(v -> j.put("track_id", v));
        e.label().ifPresent(v -> j.put("label", v));
        e.direction().ifPresent(v -> j.put("direction", v));
        e.dwellMs().ifPresent(v -> j.put("dwell_ms", v));
        e.clip().ifPresent(v -> j.put("clip", v));
        e.detail().ifPresent(v -> j.put("detail", v));
        j.put("camera", e.camera());
        j.put("time", e.at().toString());
        j.put("frame", e.frame());
        j.put("media_ms", e.mediaMs());
        j.put("id", e.id());
        e.objectId().ifPresent(v -> j.put("object_id", v));
        return j;
    }

    public static List<String> jsonLines(List<StoredEvent> events) {
        return events.stream().map(e -> json(e).toString()).toList();
    }

    public static List<String> csv(List<StoredEvent> events) {
        List<String> out = new ArrayList<>();
        out.add(CSV_HEADER);
        for (StoredEvent e : events) {
            out.add(String.join(
                    ",",
                    Long.toString(e.id()),
                    e.at().toString(),
                    csvField(e.camera()),
                    e.type().id(),
                    e.trackId().isPresent() ? Long.toString(e.trackId().getAsLong()) : "",
                    csvField(e.label().orElse("")),
                    csvField(e.line().orElse("")),
                    csvField(e.zone().orElse("")),
                    e.direction().orElse(""),
                    e.dwellMs().isPresent() ? Long.toString(e.dwellMs().getAsLong()) : "",
                    Long.toString(e.frame()),
                    Long.toString(e.mediaMs()),
                    e.objectId().isPresent() ? Long.toString(e.objectId().getAsLong()) : "",
                    csvField(e.detail().orElse("")),
                    csvField(e.clip().orElse(""))));
        }
        return out;
    }

    /** A field quoted when it holds a comma, a quote or a line break, as RFC 4180 says. */
    static String csvField(String v) {
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }

    /** A table with local times: time, camera, event, track, class, where, details. */
    public static List<String> table(List<StoredEvent> events, ZoneId zone) {
        DateTimeFormatter time =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
        List<String> out = new ArrayList<>();
        String format = "%-19s  %-16s  %-15s  %6s  %-10s  %-12s  %s";
        out.add(String.format(Locale.ROOT, format, "TIME", "CAMERA", "EVENT", "TRACK", "CLASS", "WHERE", "DETAIL"));
        for (StoredEvent e : events) {
            String detail = e.direction()
                    .or(() -> e.dwellMs().isPresent()
                            ? Optional.of(String.format(
                                    Locale.ROOT, "dwell %.1f s", e.dwellMs().getAsLong() / 1000.0))
                            : e.detail())
                    .orElse("");
            out.add(String.format(
                    Locale.ROOT,
                    format,
                    time.format(e.at()),
                    e.camera(),
                    e.type().id(),
                    e.trackId().isPresent() ? Long.toString(e.trackId().getAsLong()) : "",
                    e.label().orElse(""),
                    e.line().or(e::zone).orElse(""),
                    detail));
        }
        return out;
    }

    /** The two things a place's buckets count: in and out for a line, entered and left for a zone. */
    public static List<String> countedKinds(CountQuery.Place place) {
        return place instanceof CountQuery.Place.OfLine ? List.of("in", "out") : List.of("entered", "left");
    }

    /** Each bucket as one JSON object: {@code {"bucket_start", "in", "out"}} or {@code entered} and {@code left}. */
    public static ObjectNode json(CountBucket bucket, CountQuery.Place place) {
        ObjectNode j = JSON.createObjectNode();
        j.put("bucket_start", bucket.start().toString());
        for (String kind : countedKinds(place)) {
            j.put(kind, bucket.total(kind));
        }
        ObjectNode perClass = j.putObject("per_class");
        for (String kind : countedKinds(place)) {
            ObjectNode k = perClass.putObject(kind);
            bucket.counts().getOrDefault(kind, Map.of()).forEach(k::put);
        }
        return j;
    }

    /** A table of buckets with local times, each kind's total and its classes. */
    public static List<String> table(List<CountBucket> buckets, CountQuery.Place place, ZoneId zone) {
        DateTimeFormatter time =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(zone);
        List<String> kinds = countedKinds(place);
        List<String> out = new ArrayList<>();
        out.add(String.format(
                Locale.ROOT,
                "%-16s  %8s  %8s  %s",
                "FROM",
                kinds.get(0).toUpperCase(Locale.ROOT),
                kinds.get(1).toUpperCase(Locale.ROOT),
                "CLASSES"));
        for (CountBucket b : buckets) {
            String classes = kinds.stream()
                    .map(k -> k + ": "
                            + b.counts().getOrDefault(k, Map.of()).entrySet().stream()
                                    .map(c -> c.getValue() + " " + c.getKey())
                                    .collect(Collectors.joining(", ")))
                    .filter(s -> !s.endsWith(": "))
                    .collect(Collectors.joining("; "));
            out.add(String.format(
                    Locale.ROOT,
                    "%-16s  %8d  %8d  %s",
                    time.format(b.start()),
                    b.total(kinds.get(0)),
                    b.total(kinds.get(1)),
                    classes));
        }
        return out;
    }
}
