package dev.vision.core.track;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.vision.core.result.LineTally;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The totals of a tracked source: tracks confirmed per class, each line's crossings per direction and class,
 * and each zone's visits, in the order the lines and zones were given. Its JSON is the run summary's
 * {@code "tracking"} object.
 */
@JsonPropertyOrder({"tracks_per_class", "lines", "zones", "counts_unreliable"})
public record TrackingSummary(
        @JsonProperty("tracks_per_class") Map<String, Long> tracksPerClass,
        @JsonProperty("lines") Map<String, LineTally> lines,
        @JsonProperty("zones") Map<String, ZoneVisits> zones,
        @JsonIgnore Optional<String> unreliable) {

    public TrackingSummary {
        tracksPerClass = Collections.unmodifiableMap(new TreeMap<>(tracksPerClass));
        lines = Collections.unmodifiableMap(new LinkedHashMap<>(lines));
        zones = Collections.unmodifiableMap(new LinkedHashMap<>(zones));
    }

    /** Totals whose tracking kept up with the source. */
    public TrackingSummary(
            Map<String, Long> tracksPerClass, Map<String, LineTally> lines, Map<String, ZoneVisits> zones) {
        this(tracksPerClass, lines, zones, Optional.empty());
    }

    /**
     * Why the counts cannot be trusted (the source was processed too rarely for the tracker to follow its
     * objects); absent from the JSON when they can.
     */
    @JsonProperty("counts_unreliable")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    String countsUnreliable() {
        return unreliable.orElse(null);
    }

    /**
     * One zone's visits: times entered, visits ended with their mean and longest time inside, and the objects
     * inside at the end per class.
     */
    @JsonPropertyOrder({"entered", "visits", "mean_dwell_ms", "max_dwell_ms", "inside_at_end"})
    public record ZoneVisits(
            @JsonProperty("entered") long entered,
            @JsonProperty("visits") int visits,
            @JsonProperty("mean_dwell_ms") long meanDwellMs,
            @JsonProperty("max_dwell_ms") long maxDwellMs,
            @JsonProperty("inside_at_end") Map<String, Long> insideAtEnd) {

        public ZoneVisits {
            insideAtEnd = Collections.unmodifiableMap(new TreeMap<>(insideAtEnd));
        }
    }
}
