package dev.vision.core.analytics;

import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Point;
import dev.vision.core.result.Detection;
import dev.vision.core.result.Direction;
import dev.vision.core.result.LineTally;
import dev.vision.core.result.TrackEvent;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counts tracked objects crossing a directed line segment. "in" is a crossing towards the right-hand side
 * of the line's direction as seen on screen (for a line drawn left to right, moving down). A track's side
 * changes only when its anchor is clearly past the line (a dead band of 1 % of the frame's larger side, at
 * least 2 px, once {@link #fitTo} has seen the frame; {@value #DEFAULT_MARGIN_PX} px before), so a box that
 * jitters on the line counts nothing, however long the line; each track counts at most once per direction;
 * a line is clipped to the frame, so one drawn past its edges counts as the part inside; a track
 * that is lost near the line and found again on the other side still counts, since its last side is kept
 * until the tracker gives it up. Not thread-safe.
 */
public final class LineCounter {

    /** The dead band on either side of the line before the frame's size is known, in pixels. */
    public static final double DEFAULT_MARGIN_PX = 4;

    private final String name;
    private final Line given;
    private double x1;
    private double y1;
    private double dx;
    private double dy;
    private double length;
    private double margin = DEFAULT_MARGIN_PX;
    private final Anchor anchor;
    private final Map<Long, Side> sides = new HashMap<>();
    private final Set<String> counted = new HashSet<>();
    private final Map<Direction, Map<String, Long>> counts = new EnumMap<>(Direction.class);

    private record Side(int sign, Point at) {}

    /** A counter of {@code line}; {@code anchor} is the point of a box that must cross it. */
    public LineCounter(Line line, Anchor anchor) {
        this.name = line.name();
        this.given = line;
        this.x1 = line.from().x();
        this.y1 = line.from().y();
        this.dx = line.to().x() - x1;
        this.dy = line.to().y() - y1;
        this.length = Math.hypot(dx, dy);
        this.anchor = anchor;
        for (Direction d : Direction.values()) {
            counts.put(d, new TreeMap<>());
        }
    }

    public String name() {
        return name;
    }

    /** The line as it was given, before {@link #fitTo} clipped it. */
    public Line given() {
        return given;
    }

    /** The line as it counts: clipped to the frame once {@link #fitTo} has seen it. */
    public Line line() {
        return new Line(name, new Point(x1, y1), new Point(x1 + dx, y1 + dy));
    }

    /**
     * Fits the line to a frame of {@code width} × {@code height}: clips it to the frame and sets the dead band
     * to 1 % of the frame's larger side (at least 2 px). Called with the first frame.
     *
     * @return a warning when the line lies wholly outside the frame (it is kept and counts nothing)
     */
    public Optional<String> fitTo(int width, int height) {
        margin = Math.max(2.0, 0.01 * Math.max(width, height));
        double[] clipped = clip(x1, y1, x1 + dx, y1 + dy, width, height);
        if (clipped == null || Math.hypot(clipped[2] - clipped[0], clipped[3] - clipped[1]) < 1) {
            return Optional.of(String.format(
                    Locale.ROOT,
                    "line %s (%.0f,%.0f to %.0f,%.0f) lies wholly " + "outside the %dx%d frame: it counts nothing",
                    name,
                    x1,
                    y1,
                    x1 + dx,
                    y1 + dy,
                    width,
                    height));
        }
        x1 = clipped[0];
        y1 = clipped[1];
        dx = clipped[2] - clipped[0];
        dy = clipped[3] - clipped[1];
        length = Math.hypot(dx, dy);
        return Optional.empty();
    }

    /** Liang–Barsky: the part of the segment inside [0, w] × [0, h], or null when none is. */
    private static double[] clip(double ax, double ay, double bx, double by, int w, int h) {
        double t0 = 0;
        double t1 = 1;
        double ex = bx - ax;
        double ey = by - ay;
        double[] p = {-ex, ex, -ey, ey};
        double[] q = {ax, w - ax, ay, h - ay};
        for (int i = 0; i < 4; i++) {
            if (p[i] == 0) {
                if (q[i] < 0) {
                    return null; // parallel to this edge and outside it
                }
                continue;
            }
            double t = q[i] / p[i];
            if (p[i] < 0) {
                t0 = Math.max(t0, t);
            } else {
                t1 = Math.min(t1, t);
            }
        }
        return t0 > t1 ? null : new double[] {ax + t0 * ex, ay + t0 * ey, ax + t1 * ex, ay + t1 * ey};
    }

    /** Looks at this frame's tracked detections; returns a {@code line_crossed} event per new crossing. */
    public List<TrackEvent> update(List<Detection> tracked) {
        List<TrackEvent> events = new ArrayList<>();
        for (Detection d : tracked) {
            if (d.trackId().isEmpty()) {
                continue;
            }
            long id = d.trackId().getAsLong();
            Point p = anchor.of(d.box());
            double distance = (dx * (p.y() - y1) - dy * (p.x() - x1)) / length; // > 0: right-hand side on screen
            int sign = distance > margin ? 1 : distance < -margin ? -1 : 0;
            if (sign == 0) {
                continue; // on the line: no side yet
            }
            Side before = sides.put(id, new Side(sign, p));
            if (before == null || before.sign() == sign || !crossesSegment(before.at(), p)) {
                continue;
            }
            Direction direction = sign > 0 ? Direction.IN : Direction.OUT;
            if (counted.add(id + ":" + direction)) {
                counts.get(direction).merge(d.label(), 1L, Long::sum);
                events.add(new TrackEvent.LineCrossed(id, d.label(), name, direction));
            }
        }
        return events;
    }

    /** Whether the path from {@code a} to {@code b} meets the line within the segment's ends. */
    private boolean crossesSegment(Point a, Point b) {
        double da = (dx * (a.y() - y1) - dy * (a.x() - x1));
        double db = (dx * (b.y() - y1) - dy * (b.x() - x1));
        double t = da / (da - db); // where along the path the line is met
        double cx = a.x() + t * (b.x() - a.x());
        double cy = a.y() + t * (b.y() - a.y());
        double along = ((cx - x1) * dx + (cy - y1) * dy) / length;
        return along >= -margin && along <= length + margin;
    }

    /** Forgets a track the tracker gave up. */
    public void forget(long trackId) {
        sides.remove(trackId);
    }

    /** Crossings so far, each way and per class. */
    public LineTally tally() {
        return new LineTally(counts.get(Direction.IN), counts.get(Direction.OUT));
    }
}
