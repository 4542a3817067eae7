package dev.vision.app;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.analytics.GroundPlane;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Zone;
import dev.vision.core.track.Tracker;
import dev.vision.core.track.TrackerKind;
import dev.vision.core.track.TrackerSettings;
import dev.vision.core.track.Tracking;
import dev.vision.core.track.TrackingStage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Option;

/** The tracking options of {@code track} and {@code eval track}: tracker, buffer, anchor, lines and zones. */
public final class TrackOptions {

    @Option(
            names = "--tracker",
            defaultValue = "ocsort",
            paramLabel = "ocsort|bytetrack|sort",
            description = "Tracker (default: ${DEFAULT-VALUE}: motion, direction and appearance, with "
                    + "re-identification; bytetrack: motion alone; sort: plain SORT, for comparison).")
    String tracker;

    @Option(
            names = "--track-buffer",
            defaultValue = "30",
            paramLabel = "FRAMES",
            description = "How long a lost track is kept to be found again by its motion, in frames at 30 FPS "
                    + "(30 = 1 s, whatever the source's rate; default: ${DEFAULT-VALUE}).")
    int trackBuffer;

    @Option(
            names = "--reid-buffer",
            defaultValue = "3",
            paramLabel = "SECONDS",
            description = "How long a lost track may be found again by its appearance (ocsort; default: "
                    + "${DEFAULT-VALUE}).")
    double reidBuffer;

    @Option(
            names = "--anchor",
            defaultValue = "center",
            paramLabel = "center|bottom",
            description = "The point of a box that lines and zones test (default: ${DEFAULT-VALUE}).")
    String anchor;

    @Option(
            names = "--line",
            paramLabel = "NAME=x1,y1,x2,y2",
            description = "A counting line (repeatable); crossing towards its right-hand side is \"in\" "
                    + "(a line drawn left to right: moving down).")
    List<String> lineSpecs = new ArrayList<>();

    @Option(
            names = "--zone",
            paramLabel = "NAME=x1,y1,x2,y2,x3,y3[,...]",
            description = "A polygon zone (repeatable): occupancy per class, entered and left events, dwell time.")
    List<String> zoneSpecs = new ArrayList<>();

    @Option(
            names = "--movements",
            description = "Count turning movements: each object's first and last line or zone, per class.")
    boolean movements;

    @Option(
            names = "--loiter",
            paramLabel = "ZONE=SECONDS",
            description = "A loitering event after this long in a zone.")
    List<String> loiterSpecs = new ArrayList<>();

    @Option(
            names = "--speed-scale",
            paramLabel = "METRES_PER_PIXEL",
            description = "Ground metres per image pixel: each tracked object gets speed_mps (a camera looking "
                    + "straight down, or a scene at one depth).")
    Double speedScale;

    @Option(
            names = "--calibrate",
            paramLabel = "x1,y1,X1,Y1;...",
            description = "Four image points (pixels) with their ground positions (metres), ';' between points: "
                    + "a ground-plane homography; each tracked object gets speed_mps.")
    String calibrate;

    @Option(
            names = "--heatmap",
            paramLabel = "FILE.png",
            description = "Write where tracked objects were over the run (their anchor points), coloured over "
                    + "the last frame; with several sources, one file per source (FILE-NAME.png).")
    Path heatmap;

    /** Lines, zones and the tracker's settings, checked: a malformed one is refused before anything runs. */
    Setup setup() {
        return setup(TrackerSettings.DEFAULTS.lowScore());
    }

    /**
     * As {@link #setup()}, for a detector that keeps detections of {@code detectorConfidence} and above: a
     * --conf above the tracker's low score raises its thresholds to it (no detection under --conf exists).
     */
    Setup setup(float detectorConfidence) {
        if (!(reidBuffer >= 0 && reidBuffer <= 3600)) {
            throw new InvalidSettingException("reidBuffer", "must be 0 to 3600 seconds, got " + reidBuffer);
        }
        Tracking.Builder builder = Tracker.builder()
                .kind(TrackerKind.parse(tracker))
                .anchor(Anchor.parse(anchor))
                .trackBuffer(TrackerSettings.framesAt30Fps(trackBuffer))
                .reidBuffer(Duration.ofMillis(Math.round(reidBuffer * 1000)));
        builder.detectorConfidence(detectorConfidence);
        lineSpecs.forEach(spec -> builder.line(Line.parse(spec)));
        Zone.withLoiters(zoneSpecs.stream().map(Zone::parse).toList(), loiterSpecs)
                .forEach(builder::zone);
        if (speedScale != null && calibrate != null) {
            throw new InvalidSettingException(
                    "speedScale", "--speed-scale and --calibrate both say how pixels map " + "to metres: give one");
        }
        Optional<GroundPlane> ground = speedScale != null
                ? Optional.of(new GroundPlane.Scale(speedScale))
                : calibrate != null ? Optional.of(GroundPlane.parseCalibration(calibrate)) : Optional.empty();
        if (heatmap != null) {
            String file = heatmap.getFileName().toString().toLowerCase(Locale.ROOT);
            if (!file.endsWith(".png") && !file.endsWith(".jpg") && !file.endsWith(".jpeg")) {
                throw new InvalidSettingException("heatmap", heatmap + ": name a .png (or .jpg) file");
            }
        }
        return new Setup(builder.build(), ground);
    }

    private Optional<String> speedScaleOrCalibration() {
        return speedScale != null
                ? Optional.of("speed-scale " + speedScale + " m/px")
                : Optional.ofNullable(calibrate).map(c -> "calibrate " + c);
    }

    /** The checked options; {@link #stage(Consumer)} makes the tracking stage of a source. */
    final class Setup {
        final Tracking tracking;
        final Optional<GroundPlane> ground;

        Setup(Tracking tracking, Optional<GroundPlane> ground) {
            this.tracking = tracking;
            this.ground = ground;
        }

        /**
         * A tracking stage for one source: its own tracker and its own counters on the same lines and zones.
         *
         * @param warnings told once per line or zone that lies wholly outside the source's first frame
         */
        TrackingStage stage(Consumer<String> warnings) {
            return tracking.newStage(warnings);
        }

        /** The options as run.json records them. */
        Map<String, Object> describe() {
            Map<String, Object> t = new LinkedHashMap<>();
            TrackerSettings settings = tracking.settings();
            t.put("tracker", tracking.kind().id());
            t.put("track_buffer", trackBuffer);
            t.put("track_buffer_s", settings.trackBuffer().toMillis() / 1000.0);
            t.put("reid_buffer_s", settings.reidBuffer().toMillis() / 1000.0);
            t.put("anchor", tracking.anchor().name().toLowerCase(Locale.ROOT));
            t.put("lines", lineSpecs);
            t.put("zones", zoneSpecs);
            t.put("loiter", loiterSpecs);
            speedScaleOrCalibration().ifPresent(g -> t.put("ground", g));
            if (heatmap != null) {
                t.put("heatmap", heatmap.toString());
            }
            return t;
        }
    }
}
