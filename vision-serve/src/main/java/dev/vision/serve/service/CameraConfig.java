package dev.vision.serve.service;

import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Zone;
import dev.vision.core.track.TrackerKind;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * One camera as the service runs it, with the defaults filled in.
 *
 * @param classes the class names kept; empty keeps all
 * @param conf the score detections are kept from; empty: the tracker's low score
 * @param maxFps frames taken per second at most; empty: every frame
 */
public record CameraConfig(
        String name,
        String url,
        boolean enabled,
        String model,
        List<String> classes,
        OptionalDouble conf,
        OptionalDouble maxFps,
        boolean motion,
        boolean movements,
        TrackerKind tracker,
        RecordMode record,
        List<Line> lines,
        List<Zone> zones) {

    public static final String DEFAULT_MODEL = "yolox-nano";

    public CameraConfig {
        classes = List.copyOf(classes);
        lines = List.copyOf(lines);
        zones = List.copyOf(zones);
    }

    /** Whether a camera with {@code other}'s settings runs the same way, whatever its lines and zones. */
    public boolean runsAs(CameraConfig other) {
        return withShapes(other.lines, other.zones).equals(other);
    }

    public CameraConfig withShapes(List<Line> newLines, List<Zone> newZones) {
        return new CameraConfig(
                name, url, enabled, model, classes, conf, maxFps, motion, movements, tracker, record, newLines,
                newZones);
    }

    /** The line of that name, if the camera has one. */
    public Optional<Line> line(String lineName) {
        return lines.stream().filter(l -> l.name().equals(lineName)).findFirst();
    }
}
