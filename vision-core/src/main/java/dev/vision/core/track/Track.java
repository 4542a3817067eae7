package dev.vision.core.track;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;

/** One followed object: its filter, its state and what it was last matched with. Mutable; tracker-internal. */
final class Track {

    enum State { TENTATIVE, TRACKED, LOST, REMOVED }

    private final KalmanBoxFilter filter;
    long id;
    State state = State.TENTATIVE;
    int hits = 1;
    int framesSinceUpdate;
    Detection last;

    Track(Detection first) {
        this.filter = new KalmanBoxFilter(first.box());
        this.last = first;
    }

    void predict() {
        filter.predict();
        framesSinceUpdate++;
    }

    void update(Detection detection) {
        filter.update(detection.box());
        last = detection;
        hits++;
        framesSinceUpdate = 0;
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
