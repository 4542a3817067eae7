package dev.vision.core.track;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;

/** One followed object: its filter, its state and what it was last matched with. Mutable; tracker-internal. */
final class Track {

    /** Height ratio between a detection and the prediction beyond which a box may hold two objects. */
    private static final double SUDDEN_GROWTH = 1.25;

    enum State { TENTATIVE, TRACKED, LOST, REMOVED }

    private final KalmanBoxFilter filter;
    long id;
    State state = State.TENTATIVE;
    int hits = 1;
    int framesSinceUpdate;
    Detection last;

    /** Centres of the last few observations, oldest first, for the direction the object moves in. */
    private final java.util.ArrayDeque<double[]> observed = new java.util.ArrayDeque<>();

    Track(Detection first) {
        this.filter = new KalmanBoxFilter(first.box());
        this.last = first;
        observed.addLast(centre(first));
    }

    private static double[] centre(Detection d) {
        return new double[] {(d.box().x1() + d.box().x2()) / 2.0, (d.box().y1() + d.box().y2()) / 2.0};
    }

    /**
     * How far a detection would turn this track from the direction it has been moving in: 0 going straight
     * on, 1 turning back; 0 when the track or the step is too short to have a direction.
     */
    double turn(Detection candidate) {
        if (observed.size() < 3) {
            return 0;
        }
        double[] from = observed.peekFirst();
        double[] to = observed.peekLast();
        double[] next = centre(candidate);
        double mx = to[0] - from[0];
        double my = to[1] - from[1];
        double sx = next[0] - to[0];
        double sy = next[1] - to[1];
        double m = Math.hypot(mx, my);
        double step = Math.hypot(sx, sy);
        if (m < 2 * (observed.size() - 1) || step < 2) {
            return 0; // standing (about), or a step too small to point anywhere
        }
        double cos = (mx * sx + my * sy) / (m * step);
        return (1 - cos) / 2;
    }

    void predict() {
        if (state != State.TRACKED) {
            filter.freezeHeight();
        }
        filter.predict();
        framesSinceUpdate++;
    }

    void update(Detection detection) {
        update(detection, true);
    }

    /**
     * @param trustBox false for a box that holds more than this object (two people merged into one box as
     *                 they pass): it says the object is here, but not where its box is, so the filter keeps
     *                 its own prediction and the track takes on neither a jump nor the other person's motion
     */
    void update(Detection detection, boolean trustBox) {
        if (trustBox) {
            filter.update(detection.box());
            observed.addLast(centre(detection));
        } else {
            Box predicted = filter.box();
            observed.addLast(new double[] {(predicted.x1() + predicted.x2()) / 2.0,
                    (predicted.y1() + predicted.y2()) / 2.0});
        }
        last = detection;
        while (observed.size() > 4) {
            observed.removeFirst();
        }
        hits++;
        framesSinceUpdate = 0;
    }

    /** Whether {@code detection}'s height jumped from what the filter expected (merged or cut box). */
    boolean suddenSizeChange(Detection detection) {
        double ratio = detection.box().height() / Math.max(1e-3, filter.box().height());
        return hits >= 3 && (ratio > SUDDEN_GROWTH || ratio < 1 / SUDDEN_GROWTH);
    }

    /** Where the filter expects the object in this frame. */
    Box predicted() {
        return filter.box();
    }

    boolean confirmed() {
        return id > 0;
    }

    Tracker.TrackedObject asObject() {
        return new Tracker.TrackedObject(id, last.label(), last.box());
    }
}
