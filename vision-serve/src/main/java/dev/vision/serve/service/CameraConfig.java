package dev.vision.serve.service;

import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Zone;
import dev.vision.core.privacy.Privacy;
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
 * @param privacy its masks and the classes blurred in its pictures
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
        List<Zone> zones,
        Privacy privacy) {

    public static final String DEFAULT_MODEL = "yolox-nano";

    public CameraConfig {
        classes = List.copyOf(classes);
        lines = List.copyOf(lines);
        zones = List.copyOf(zones);
    }

    /**
     * Whether a camera with {@code other}'s settings runs the same way, whatever its lines, zones, masks and
     * blur: those change while it runs.
     */
    public boolean runsAs(CameraConfig other) {
        return withShapes(other.lines, other.zones, other.privacy).equals(other);
    }

    public CameraConfig withShapes(List<Line> newLines, List<Zone> newZones, Privacy newPrivacy) {
        return new CameraConfig(
                name,
                url,
                enabled,
                model,
                classes,
                conf,
                maxFps,
                motion,
                movements,
                tracker,
                record,
                newLines,
                newZones,
                newPrivacy);
    }

    /** The line of that name, if the camera has one. */
    public Optional<Line> line(String lineName) {
        return lines.stream().filter(l -> l.name().equals(lineName)).findFirst();
    }
}
