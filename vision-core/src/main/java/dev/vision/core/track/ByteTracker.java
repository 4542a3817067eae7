package dev.vision.core.track;

/**
 * A ByteTrack-class tracker: the {@link CascadeTracker} by motion alone. Confident detections are matched
 * first, by IoU with the Kalman-predicted boxes, to tracked and lost tracks; the tracked tracks left over
 * are then matched with the low-score detections; new tracks are confirmed when seen again; a track unseen
 * for {@link TrackerSettings#trackBuffer()} is given up, and one found again within it keeps its id.
 * Matching never pairs different classes. Not thread-safe: one per source.
 */
public final class ByteTracker extends CascadeTracker {

    public ByteTracker(TrackerSettings settings, TrackIds ids) {
        super(settings, ids);
    }
}
