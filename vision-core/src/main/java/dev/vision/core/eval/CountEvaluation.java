package dev.vision.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a run's counts are from the truth: its line crossings (per direction) and zone visits, read from its
 * JSON lines, against a count ground truth, per time window and overall, as traffic counts are audited.
 *
 * <p>The truth ({@code COUNTS.json}): {@code {"lines": {NAME: {"in": N, "out": N}}, "zones": {NAME: {"visits":
 * N}}}} for the whole run, optionally {@code "class"} (only that class is counted) and {@code "windows":
 * [{"from_s", "to_s", "lines", "zones"}]} (each window's own truth, by the frames' media time).
 */
public final class CountEvaluation {

    /** What was compared, as lines a person reads and as JSON. */
    public record Report(List<String> lines, ObjectNode json, long truth, long absoluteError) {}

    private record Event(long timestampMs, JsonNode event) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private CountEvaluation() {}

    /**
     * Compares the run's JSON lines with the truth.
     *
     * @throws DatasetException for a truth file or a JSON lines file that cannot be read or is not as described
     */
    public static Report compare(Path runLines, Path truthFile) {
        JsonNode truth;
        try {
            truth = JSON.readTree(truthFile.toFile());
        } catch (IOException e) {
            throw new DatasetException(truthFile + ": cannot read the count truth: " + e.getMessage());
        }
        if (!truth.isObject() || (!truth.has("lines") && !truth.has("zones") && !truth.has("windows"))) {
            throw new DatasetException(
                    truthFile + ": needs \"lines\", \"zones\" or \"windows\" (see vision eval count --help)");
        }
        List<Event> events = read(runLines);
        String cls = truth.path("class").asText("");
        List<JsonNode> windows = new ArrayList<>();
        truth.path("windows").forEach(windows::add);
        if (windows.isEmpty()) {
            windows.add(truth);
        }
        ObjectNode json = JSON.createObjectNode();
        List<String> text = new ArrayList<>();
        long totalTruth = 0;
        long totalError = 0;
        var list = json.putArray("windows");
        for (JsonNode window : windows) {
            long from = Math.round(window.path("from_s").asDouble(0) * 1000);
            long to = window.has("to_s") ? Math.round(window.path("to_s").asDouble() * 1000) : Long.MAX_VALUE;
            Map<String, long[]> lines = new TreeMap<>();
            Map<String, Long> zones = new TreeMap<>();
            for (Event e : events) {
                JsonNode ev = e.event();
                if (e.timestampMs() < from
                        || e.timestampMs() >= to
                        || (!cls.isEmpty() && !cls.equals(ev.path("label").asText()))) {
                    continue;
                }
                switch (ev.path("type").asText()) {
                    case "line_crossed" ->
                        lines.computeIfAbsent(ev.path("line").asText(), k -> new long[2])[
                                "in".equals(ev.path("direction").asText()) ? 0 : 1]++;
                    case "zone_entered" -> zones.merge(ev.path("zone").asText(), 1L, Long::sum);
                    default -> {}
                }
            }
            ObjectNode w = list.addObject();
            if (windows.size() > 1 || window.has("from_s")) {
                w.put("from_s", from / 1000.0);
                if (to != Long.MAX_VALUE) {
                    w.put("to_s", to / 1000.0);
                }
                text.add(String.format(
                        Locale.ROOT,
                        "window %.0f-%s s:",
                        from / 1000.0,
                        to == Long.MAX_VALUE ? "end" : String.format(Locale.ROOT, "%.0f", to / 1000.0)));
            }
            long windowTruth = 0;
            long windowError = 0;
            ObjectNode lineJson = w.putObject("lines");
            for (var l : fields(window.path("lines"))) {
                ObjectNode one = lineJson.putObject(l.getKey());
                long[] c = lines.getOrDefault(l.getKey(), new long[2]);
                for (int d = 0; d < 2; d++) {
                    String way = d == 0 ? "in" : "out";
                    long t = l.getValue().path(way).asLong(0);
                    one.putObject(way).put("truth", t).put("counted", c[d]);
                    windowTruth += t;
                    windowError += Math.abs(c[d] - t);
                    text.add(row("line " + l.getKey() + " " + way, t, c[d]));
                }
            }
            ObjectNode zoneJson = w.putObject("zones");
            for (var z : fields(window.path("zones"))) {
                long t = z.getValue().path("visits").asLong(0);
                long c = zones.getOrDefault(z.getKey(), 0L);
                zoneJson.putObject(z.getKey())
                        .putObject("visits")
                        .put("truth", t)
                        .put("counted", c);
                windowTruth += t;
                windowError += Math.abs(c - t);
                text.add(row("zone " + z.getKey() + " visits", t, c));
            }
            w.put("truth", windowTruth).put("abs_error", windowError);
            totalTruth += windowTruth;
            totalError += windowError;
        }
        if (windows.size() == 1) { // the whole run: its lines and zones at the top, as --json promises
            json.set("lines", list.get(0).get("lines"));
            json.set("zones", list.get(0).get("zones"));
        }
        json.put("class", cls.isEmpty() ? "all" : cls);
        json.put("total_truth", totalTruth);
        json.put("total_abs_error", totalError);
        json.put("percent_error", totalTruth == 0 ? 0 : 100.0 * totalError / totalTruth);
        text.add(String.format(
                Locale.ROOT,
                "Counts of %s: %d counted against %d true, absolute error %d (%.1f %%)%s",
                cls.isEmpty() ? "every class" : cls,
                totalTruth + signedSum(json),
                totalTruth,
                totalError,
                totalTruth == 0 ? 0.0 : 100.0 * totalError / totalTruth,
                windows.size() > 1 ? " over " + windows.size() + " windows" : ""));
        return new Report(text, json, totalTruth, totalError);
    }

    /** Counted minus truth over every window, line, direction and zone. */
    private static long signedSum(ObjectNode json) {
        long sum = 0;
        for (JsonNode w : json.path("windows")) {
            for (JsonNode l : w.path("lines")) {
                for (JsonNode d : l) {
                    sum += d.path("counted").asLong() - d.path("truth").asLong();
                }
            }
            for (JsonNode z : w.path("zones")) {
                sum += z.path("visits").path("counted").asLong()
                        - z.path("visits").path("truth").asLong();
            }
        }
        return sum;
    }

    private static String row(String what, long truth, long counted) {
        return String.format(
                Locale.ROOT,
                "  %-28s truth %5d  counted %5d  error %+5d%s",
                what,
                truth,
                counted,
                counted - truth,
                truth == 0 ? "" : String.format(Locale.ROOT, " (%.1f %%)", 100.0 * Math.abs(counted - truth) / truth));
    }

    private static List<Map.Entry<String, JsonNode>> fields(JsonNode node) {
        List<Map.Entry<String, JsonNode>> out = new ArrayList<>();
        node.fields().forEachRemaining(out::add);
        return out;
    }

    /** Every event of the run's JSON lines with its frame's media time; the summary line is skipped. */
    private static List<Event> read(Path runLines) {
        List<Event> events = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(runLines, StandardCharsets.UTF_8)) {
            String line;
            int n = 0;
            while ((line = in.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode frame;
                try {
                    frame = JSON.readTree(line);
                } catch (IOException e) {
                    throw new DatasetException(
                            runLines + ":" + n + ": not a JSON object (the JSON lines of vision track)");
                }
                for (JsonNode e : frame.path("events")) {
                    events.add(new Event(frame.path("timestamp_ms").asLong(0), e));
                }
            }
        } catch (IOException e) {
            throw new DatasetException(runLines + ": cannot read it: " + e.getMessage());
        }
        return events;
    }
}
