package dev.vision.core.track;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * One followed object: its filter, its state, when it was last seen and what it looked like. Times are the
 * frames' own timestamps in milliseconds, so a thinned source is followed as the full-rate one. Mutable;
 * tracker-internal.
 */
final class Track {

    /** Height ratio between a detection and the prediction beyond which a box may hold two objects. */
    private static final double SUDDEN_GROWTH = 1.25;
    /** Weight of the appearance so far against a new clean look (taken every 200 ms or so). */
    private static final float LOOK_KEEP = 0.6f;

    enum State {
        TENTATIVE,
        TRACKED,
        LOST,
        REMOVED
    }

    private KalmanBoxFilter filter;
    long id;
    State state = State.TENTATIVE;
    int hits = 1;
    /** Frames predicted without an observation (SORT's age). */
    int missedFrames;
    /** When the object was last observed, and when the filter's state is for. */
    long seenMs;

    private long stateMs;
    Detection last;
    private Optional<AppearanceDescriptor> look = Optional.empty();
    private long lookMs;

    /** The filter as it was right after the last observation, and the frames predicted since, for recovery. */
    private KalmanBoxFilter atLastObservation;

    private Box lastObservedBox;
    private int predictsSinceObservation;

    /** Centres of the last few observations, oldest first, for the direction the object moves in. */
    private final ArrayDeque<double[]> observed = new ArrayDeque<>();

    Track(Detection first, long nowMs) {
        this.filter = new KalmanBoxFilter(first.box());
        this.last = first;
        this.seenMs = nowMs;
        this.stateMs = nowMs;
        this.atLastObservation = filter.copy();
        this.lastObservedBox = first.box();
        observed.addLast(centre(first.box()));
    }

    private static double[] centre(Box b) {
        return new double[] {(b.x1() + b.x2()) / 2.0, (b.y1() + b.y2()) / 2.0};
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
        double[] next = centre(candidate.box());
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

    /** Moves the filter to the time {@code nowMs}. */
    void predict(long nowMs) {
        if (state != State.TRACKED) {
            filter.freezeHeight();
        }
        filter.predict(Math.max(0, nowMs - stateMs) / 1000.0);
        stateMs = nowMs;
        missedFrames++;
        predictsSinceObservation++;
    }

    void update(Detection detection, long nowMs) {
        update(detection, nowMs, /* trustBox= */ true);
    }

    /**
     * @param trustBox false for a box that holds more than this object (two people merged into one box as
     *                 they pass): it says the object is here, but not where its box is, so the filter keeps
     *                 its own prediction and the track takes on neither a jump nor the other person's motion
     */
    void update(Detection detection, long nowMs, boolean trustBox) {
        if (trustBox) {
            filter.update(detection.box());
            observed.addLast(centre(detection.box()));
            atLastObservation = filter.copy();
            lastObservedBox = detection.box();
            predictsSinceObservation = 0;
        } else {
            observed.addLast(centre(filter.box()));
        }
        last = detection;
        while (observed.size() > 4) {
            observed.removeFirst();
        }
        hits++;
        missedFrames = 0;
        seenMs = nowMs;
    }

    /**
     * Observation-centric re-update (OC-SORT): a track found again after frames without an observation
     * goes back to its state at the last observation and is re-run over a straight path from that box to
     * the new one, one virtual observation per frame missed, so the velocity it takes on is the one the
     * object really had, not the one its filter drifted to unobserved.
     */
    void recover(Detection detection, long nowMs) {
        int steps = predictsSinceObservation;
        if (steps < 2) {
            update(detection, nowMs);
            return;
        }
        KalmanBoxFilter replay = atLastObservation.copy();
        double stepSeconds = Math.max(0, nowMs - seenMs) / 1000.0 / steps;
        Box from = lastObservedBox;
        Box to = detection.box();
        for (int k = 1; k < steps; k++) {
            float t = (float) k / steps;
            replay.predict(stepSeconds);
            replay.update(new Box(
                    from.x1() + t * (to.x1() - from.x1()),
                    from.y1() + t * (to.y1() - from.y1()),
                    from.x2() + t * (to.x2() - from.x2()),
                    from.y2() + t * (to.y2() - from.y2())));
        }
        replay.predict(stepSeconds);
        filter = replay;
        stateMs = nowMs;
        update(detection, nowMs);
    }

    /** Takes a clean view of the object, seen at {@code nowMs}, into its running appearance. */
    void look(AppearanceDescriptor seen, long nowMs) {
        look = Optional.of(look.map(l -> l.blend(seen, LOOK_KEEP)).orElse(seen));
        lookMs = nowMs;
    }

    /** Whether the appearance has no view yet or its last is at least {@code everyMs} old. */
    boolean lookDue(long nowMs, long everyMs) {
        return look.isEmpty() || nowMs - lookMs >= everyMs;
    }

    /** What the object looks like, from its clean observations; empty before the first. */
    Optional<AppearanceDescriptor> appearance() {
        return look;
    }

    /** Whether {@code detection}'s height jumped from what the filter expected (merged or cut box). */
    boolean suddenSizeChange(Detection detection) {
        double ratio = detection.box().height() / Math.max(1e-3, filter.box().height());
        return hits >= 3 && (ratio > SUDDEN_GROWTH || ratio < 1 / SUDDEN_GROWTH);
    }

    /** Where the filter expects the object now. */
    Box predicted() {
        return filter.box();
    }

    /** The box of the last real observation. */
    Box lastObserved() {
        return lastObservedBox;
    }

    boolean confirmed() {
        return id > 0;
    }

    Tracker.TrackedObject asObject() {
        return new Tracker.TrackedObject(id, last.label(), last.box());
    }
}
