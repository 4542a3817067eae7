package dev.vision.core.track;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import java.util.List;

/**
 * Follows objects from frame to frame of one source: each frame's detections in, the same detections out
 * with the id of the track each belongs to. Fed in frame order; one tracker per source; {@link #reset()}
 * for a new video. Not thread-safe.
 */
public interface Tracker {

    /** What one frame did to the tracks. */
    record Update(List<Detection> tracked, List<TrackedObject> appeared, List<TrackedObject> left) {
    }

    /** A track as events name it: its id, its class and where it was last seen. */
    record TrackedObject(long id, String label, Box box) {
    }

    /**
     * @param detections one frame's detections (any order)
     * @return the detections that belong to a confirmed track, each with its track id; the tracks confirmed
     *         in this frame, and the tracks given up in it
     */
    Update update(List<Detection> detections);

    /** Forgets every track (ids are never reused). */
    void reset();
}
