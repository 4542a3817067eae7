package dev.vision.core.overlay;

import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Zone;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.Direction;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.LineTally;
import dev.vision.core.result.TrackCounts;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opencv.core.Mat;
import org.opencv.core.MatOfPoint;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/** Drawings for tracked runs: short trails behind each track, and the lines and zones with their counts. */
public final class TrackAnnotators {

    private static final int FONT = Imgproc.FONT_HERSHEY_SIMPLEX;

    private TrackAnnotators() {}

    /**
     * Boxes and "#id label score" tags in each track's colour, a trail of the last {@code trailLength}
     * anchor points of each track, then the lines and zones with their live counts.
     */
    public static Annotator tracked(Anchor anchor, int trailLength, List<Line> lines, List<Zone> zones) {
        ColorLookup colors = ColorLookup.byTrack(new ColorPalette());
        return zones(zones)
                .andThen(new Trails(anchor, trailLength, colors))
                .andThen(Annotators.detections(colors))
                .andThen(lines(lines));
    }

    /**
     * The trail of each track: a polyline through its last anchor points, in its colour. Track ids are unique
     * within a stream only, so a trail belongs to a stream and an id. Stateful: one per run.
     */
    static final class Trails implements Annotator {
        private final Anchor anchor;
        private final int length;
        private final ColorLookup colors;
        private final Map<StreamTrack, Deque<Point>> trails = new HashMap<>();

        private record StreamTrack(int stream, long trackId) {}

        Trails(Anchor anchor, int length, ColorLookup colors) {
            this.anchor = anchor;
            this.length = length;
            this.colors = colors;
        }

        @Override
        public void annotate(Mat canvas, FrameResult result) {
            if (!(result instanceof DetectionResult frame)) {
                return;
            }
            Set<StreamTrack> seen = new HashSet<>();
            int thickness = Math.max(1, Style.lineWidth(canvas));
            for (Detection d : frame.detections()) {
                if (d.trackId().isEmpty()) {
                    continue;
                }
                StreamTrack id =
                        new StreamTrack(frame.meta().stream(), d.trackId().getAsLong());
                seen.add(id);
                dev.vision.core.geometry.Point p = anchor.of(d.box());
                Deque<Point> trail = trails.computeIfAbsent(id, k -> new ArrayDeque<>());
                trail.addLast(new Point(p.x(), p.y()));
                while (trail.size() > length) {
                    trail.removeFirst();
                }
                Scalar color = colors.color(d);
                Point previous = null;
                for (Point q : trail) {
                    if (previous != null) {
                        Imgproc.line(canvas, previous, q, color, thickness, Imgproc.LINE_AA);
                    }
                    previous = q;
                }
            }
            // trails of tracks not seen for a while are forgotten, so memory stays bounded over a long run
            for (Iterator<StreamTrack> it = trails.keySet().iterator(); it.hasNext(); ) {
                if (!seen.contains(it.next()) && trails.size() > 256) {
                    it.remove();
                }
            }
        }
    }

    /** Each line, with "name in N out M" beside its start (totals from the frame's counts). */
    static Annotator lines(List<Line> lines) {
        return (canvas, result) -> {
            TrackCounts counts = countsOf(result);
            for (Line line : lines) {
                Point from = cv(line.from());
                Point to = cv(line.to());
                int t = Math.max(2, Style.lineWidth(canvas) + 1);
                Imgproc.line(canvas, from, to, new Scalar(255, 255, 255), t + 2, Imgproc.LINE_AA);
                Imgproc.line(canvas, from, to, new Scalar(0, 200, 255), t, Imgproc.LINE_AA);
                LineTally tally = counts.lines().getOrDefault(line.name(), LineTally.NONE);
                String text = String.format(
                        Locale.ROOT,
                        "%s in %d out %d",
                        line.name(),
                        tally.total(Direction.IN),
                        tally.total(Direction.OUT));
                tag(canvas, text, from.x, from.y);
            }
        };
    }

    /** Each zone's outline, with "name: N" (objects inside now) at its first corner. */
    static Annotator zones(List<Zone> zones) {
        return (canvas, result) -> {
            TrackCounts counts = countsOf(result);
            for (Zone zone : zones) {
                Point[] corners =
                        zone.corners().stream().map(TrackAnnotators::cv).toArray(Point[]::new);
                MatOfPoint polygon = new MatOfPoint(corners);
                try {
                    Imgproc.polylines(
                            canvas,
                            List.of(polygon),
                            true,
                            new Scalar(255, 200, 0),
                            Math.max(2, Style.lineWidth(canvas)),
                            Imgproc.LINE_AA);
                } finally {
                    polygon.release();
                }
                long inside = counts.insideZone(zone.name());
                tag(canvas, String.format(Locale.ROOT, "%s: %d", zone.name(), inside), corners[0].x, corners[0].y);
            }
        };
    }

    private static Point cv(dev.vision.core.geometry.Point p) {
        return new Point(p.x(), p.y());
    }

    /** The frame's lines' and zones' counts so far. */
    private static TrackCounts countsOf(FrameResult result) {
        return result instanceof DetectionResult d ? d.counts() : TrackCounts.NONE;
    }

    private static void tag(Mat canvas, String text, double x, double y) {
        double scale = Style.fontScale(canvas) * 0.8;
        int thickness = Math.max(1, (int) Math.round(scale * 2));
        int[] baseline = new int[1];
        Size size = Imgproc.getTextSize(text, FONT, scale, thickness, baseline);
        double left = Math.max(0, Math.min(x, canvas.cols() - size.width - 6));
        double top = Math.max(0, Math.min(y - size.height - 8, canvas.rows() - size.height - 8));
        Imgproc.rectangle(
                canvas,
                new Point(left, top),
                new Point(left + size.width + 6, top + size.height + 8),
                new Scalar(0, 0, 0),
                Imgproc.FILLED);
        Imgproc.putText(
                canvas,
                text,
                new Point(left + 3, top + size.height + 3),
                FONT,
                scale,
                new Scalar(255, 255, 255),
                thickness,
                Imgproc.LINE_AA);
    }
}
