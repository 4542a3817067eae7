package dev.vision.core.analytics;

import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Point;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The result stage that gives each tracked detection its speed over the ground: the ground position of its
 * box's bottom centre (where it stands), through a {@link GroundPlane}, over the last second of the frames'
 * own timestamps. A track seen for less than {@value #MIN_SPAN_MS} ms has no speed yet. Runs after the
 * tracking stage; one per source. Not thread-safe.
 */
public final class SpeedStage implements ResultStage {

    /** The span of time the speed is measured over, and the least span that gives one. */
    static final long WINDOW_MS = 1000;

    static final long MIN_SPAN_MS = 300;
    /** A track unseen this long is forgotten. */
    private static final long FORGET_MS = 10_000;

    private record Sample(long timeMs, double x, double y) {}

    private final GroundPlane ground;
    private final Map<Long, ArrayDeque<Sample>> paths = new HashMap<>();

    public SpeedStage(GroundPlane ground) {
        this.ground = ground;
    }

    @Override
    public FrameResult apply(FrameResult result) {
        if (!(result instanceof DetectionResult frame)) {
            return result;
        }
        long now = frame.meta().timestampMs();
        List<Detection> out = new ArrayList<>(frame.detections().size());
        for (Detection d : frame.detections()) {
            if (d.trackId().isEmpty()) {
                out.add(d);
                continue;
            }
            Point feet = Anchor.BOTTOM.of(d.box());
            double[] m = ground.toMetres(feet.x(), feet.y());
            ArrayDeque<Sample> path = paths.computeIfAbsent(d.trackId().getAsLong(), k -> new ArrayDeque<>());
            if (!path.isEmpty() && path.peekLast().timeMs() >= now) {
                out.add(d); // the same time again (a carried frame): nothing new to measure
                continue;
            }
            path.addLast(new Sample(now, m[0], m[1]));
            while (path.size() > 2 && now - path.peekFirst().timeMs() > WINDOW_MS) {
                path.removeFirst();
            }
            Sample first = path.peekFirst();
            long span = now - first.timeMs();
            out.add(
                    span >= MIN_SPAN_MS
                            ? d.withSpeed(Math.hypot(m[0] - first.x(), m[1] - first.y()) * 1000.0 / span)
                            : d);
        }
        paths.values().removeIf(p -> now - p.peekLast().timeMs() > FORGET_MS);
        return frame.withDetections(out);
    }

    @Override
    public void reset() {
        paths.clear();
    }
}
