package dev.vision.core.track;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import java.util.List;

/**
 * Follows objects from frame to frame of one source: each frame's detections in, the same detections out
 * with the id of the track each belongs to. Fed in frame order with each frame's own timestamp: the
 * tracker's motion model, gates and buffers work in seconds, so a source thinned by frame-rate limits,
 * strides or the motion gate keeps its tracks. One tracker per source; {@link #reset()} for a new video.
 * Not thread-safe.
 */
public interface Tracker {

    /** What one frame did to the tracks. */
    record Update(List<Detection> tracked, List<TrackedObject> appeared, List<TrackedObject> left) {}

    /** A track as events name it: its id, its class and where it was last seen. */
    record TrackedObject(long id, String label, Box box) {}

    /**
     * @param detections  one frame's detections (any order)
     * @param timestampMs the frame's presentation time; a time that does not advance counts as one frame at
     *                    30 frames per second after the previous one
     * @param appearance  what the frame's boxes look like, for trackers that compare appearance
     *                    ({@link Appearance#NONE} where there are no pixels)
     * @return the detections that belong to a confirmed track, each with its track id; the tracks confirmed
     *         in this frame, and the tracks given up in it
     */
    Update update(List<Detection> detections, long timestampMs, Appearance appearance);

    /** {@link #update(List, long, Appearance)} without pixels. */
    default Update update(List<Detection> detections, long timestampMs) {
        return update(detections, timestampMs, Appearance.NONE);
    }

    /** Forgets every track (ids are never reused). */
    void reset();

    /**
     * Settings for tracking a run's sources: the kind of tracker, its buffers and thresholds, lines and
     * zones. Its {@link Tracking} says what the detector must give it and makes one tracker per source.
     */
    static Tracking.Builder builder() {
        return new Tracking.Builder();
    }
}
