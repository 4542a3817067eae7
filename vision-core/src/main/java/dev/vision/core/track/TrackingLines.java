package dev.vision.core.track;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.analytics.LineCounter;
import dev.vision.core.analytics.ZoneCounter;
import dev.vision.core.pipeline.PerStreamStage;
import dev.vision.core.result.Direction;
import dev.vision.core.result.LineTally;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Tracking totals as console lines and summary JSON: tracks per class, each line's crossings, each zone's visits. */
public final class TrackingLines {

    private TrackingLines() {}

    public static List<String> of(TrackingStage stage, String prefix) {
        List<String> out = new ArrayList<>();
        out.add(prefix + "Tracks: " + describe(stage.tracksPerClass()) + ".");
        for (LineCounter line : stage.lines()) {
            LineTally tally = line.tally();
            out.add(prefix
                    + String.format(
                            Locale.ROOT,
                            "Line %s: in %d (%s), out %d (%s).",
                            line.name(),
                            tally.total(Direction.IN),
                            describe(tally.perClass(Direction.IN)),
                            tally.total(Direction.OUT),
                            describe(tally.perClass(Direction.OUT))));
        }
        for (ZoneCounter zone : stage.zones()) {
            List<Long> dwells = zone.dwellsMs();
            out.add(prefix
                    + String.format(
                            Locale.ROOT,
                            "Zone %s: entered %d time(s), %d visit(s) ended, mean dwell "
                                    + "%.1f s, longest %.1f s; inside at the end: %s.",
                            zone.name(),
                            zone.entered(),
                            dwells.size(),
                            dwells.stream().mapToLong(Long::longValue).average().orElse(0) / 1000,
                            dwells.stream().mapToLong(Long::longValue).max().orElse(0) / 1000.0,
                            describe(zone.occupancy())));
        }
        stage.summary().unreliable().ifPresent(why -> out.add(prefix + "These counts are unreliable: " + why + "."));
        return out;
    }

    /** Every stream's lines; with several streams (or a named one) each line starts with its stream's name. */
    public static List<String> of(PerStreamStage<TrackingStage> stage) {
        boolean several = stage.byStream().size() > 1
                || !stage.byStream().containsKey(0)
                || !stage.name(0).equals("0");
        List<String> out = new ArrayList<>();
        stage.byStream().forEach((i, s) -> out.addAll(of(s, several ? "Stream " + stage.name(i) + ": " : "")));
        return out;
    }

    /**
     * The totals as the summary's JSON carries them: one source, its totals; several, {@code {"streams": [...]}}
     * with each stream's totals and name. Empty before any stream had a frame.
     */
    public static Optional<JsonNode> json(PerStreamStage<TrackingStage> stage) {
        Map<Integer, TrackingStage> byStream = stage.byStream();
        if (byStream.isEmpty()) {
            return Optional.empty();
        }
        ObjectMapper mapper = new ObjectMapper();
        if (byStream.size() == 1 && byStream.containsKey(0)) {
            return Optional.of(mapper.valueToTree(byStream.get(0).summary()));
        }
        ObjectNode all = mapper.createObjectNode();
        ArrayNode streams = all.putArray("streams");
        byStream.forEach((i, s) -> {
            ObjectNode one = streams.addObject();
            one.put("stream", i);
            one.put("stream_name", stage.name(i));
            one.setAll((ObjectNode) mapper.valueToTree(s.summary()));
        });
        return Optional.of(all);
    }

    /**
     * Adds {@code key} to a summary made by {@link #json}: each stream's value to its own entry of
     * {@code "streams"}, or a run's only stream's to the summary itself.
     */
    public static void add(JsonNode summary, String key, Map<Integer, ?> perStream) {
        ObjectMapper mapper = new ObjectMapper();
        if (summary.has("streams")) {
            for (JsonNode one : summary.get("streams")) {
                Object value = perStream.get(one.path("stream").asInt());
                if (value != null) {
                    ((ObjectNode) one).set(key, mapper.valueToTree(value));
                }
            }
        } else if (perStream.containsKey(0)) {
            ((ObjectNode) summary).set(key, mapper.valueToTree(perStream.get(0)));
        }
    }

    /** "2 person, 1 car", or "none". */
    public static String describe(Map<String, Long> perClass) {
        return perClass == null || perClass.isEmpty()
                ? "none"
                : perClass.entrySet().stream()
                        .map(e -> e.getValue() + " " + e.getKey())
                        .collect(Collectors.joining(", "));
    }
}
