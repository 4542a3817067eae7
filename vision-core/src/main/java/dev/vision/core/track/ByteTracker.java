package dev.vision.core.track;

import dev.vision.core.result.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * A ByteTrack-class tracker. Each frame every track is predicted by its Kalman filter; confident
 * detections are matched first, by IoU with the predicted boxes, to tracked and lost tracks; the tracked
 * tracks left over are then matched with the low-score detections (an object half hidden keeps its track);
 * new tracks are confirmed when they are seen again in the next frame; a track unseen for
 * {@link TrackerSettings#trackBuffer()} frames is given up, and one found again within it keeps its id.
 * Matching never pairs different classes. Not thread-safe: one per source.
 */
public final class ByteTracker implements Tracker {

    private static final double FIRST_MIN_IOU = 0.2;
    private static final double SECOND_MIN_IOU = 0.5;
    private static final double TENTATIVE_MIN_IOU = 0.3;

    private final TrackerSettings settings;
    private final TrackIds ids;
    private final List<Track> tracks = new ArrayList<>();
    private boolean firstFrame = true;

    public ByteTracker(TrackerSettings settings, TrackIds ids) {
        this.settings = settings;
        this.ids = ids;
    }

    @Override
    public Update update(List<Detection> detections) {
        List<Detection> high = new ArrayList<>();
        List<Detection> low = new ArrayList<>();
        for (Detection d : detections) {
            if (d.score() >= settings.highScore()) {
                high.add(d);
            } else if (d.score() >= settings.lowScore()) {
                low.add(d);
            }
        }
        tracks.forEach(Track::predict);
        List<Detection> out = new ArrayList<>();
        List<TrackedObject> appeared = new ArrayList<>();
        List<TrackedObject> left = new ArrayList<>();

        // 1. confident detections against tracked and lost tracks
        List<Track> pool = tracks.stream().filter(t -> t.state == Track.State.TRACKED || t.state == Track.State.LOST)
                .toList();
        LinearAssignment.Result first = Association.byIou(pool, high, FIRST_MIN_IOU);
        List<Track> stillTracked = new ArrayList<>();
        for (int t = 0; t < pool.size(); t++) {
            Track track = pool.get(t);
            int d = first.rowToColumn()[t];
            if (d >= 0) {
                matched(track, high.get(d), out);
            } else if (track.state == Track.State.TRACKED) {
                stillTracked.add(track);
            }
        }
        List<Detection> highLeft = unmatched(high, first);

        // 2. the tracked tracks left over against the low-score detections
        LinearAssignment.Result second = Association.byIou(stillTracked, low, SECOND_MIN_IOU);
        for (int t = 0; t < stillTracked.size(); t++) {
            Track track = stillTracked.get(t);
            int d = second.rowToColumn()[t];
            if (d >= 0) {
                matched(track, low.get(d), out);
            } else {
                track.state = Track.State.LOST;
            }
        }

        // 3. tracks seen once, against the confident detections nobody took
        List<Track> tentative = tracks.stream().filter(t -> t.state == Track.State.TENTATIVE).toList();
        LinearAssignment.Result third = Association.byIou(tentative, highLeft, TENTATIVE_MIN_IOU);
        for (int t = 0; t < tentative.size(); t++) {
            Track track = tentative.get(t);
            int d = third.rowToColumn()[t];
            if (d >= 0) {
                track.update(highLeft.get(d));
                confirm(track, appeared);
                out.add(highLeft.get(d).withTrackId(track.id));
            } else {
                track.state = Track.State.REMOVED; // seen once, never again: noise
            }
        }
        List<Detection> newcomers = unmatched(highLeft, third);

        // 4. new tracks from what is still unexplained
        for (Detection d : newcomers) {
            if (d.score() < settings.newTrackScore()) {
                continue;
            }
            Track track = new Track(d);
            tracks.add(track);
            if (firstFrame) {
                confirm(track, appeared); // nothing to confuse it with yet
                out.add(d.withTrackId(track.id));
            }
        }

        // 5. give up the tracks lost for too long
        for (Track track : tracks) {
            if (track.state == Track.State.LOST && track.framesSinceUpdate > settings.trackBuffer()) {
                track.state = Track.State.REMOVED;
                left.add(track.asObject());
            }
        }
        tracks.removeIf(t -> t.state == Track.State.REMOVED);
        firstFrame = false;
        return new Update(out, appeared, left);
    }

    private void matched(Track track, Detection detection, List<Detection> out) {
        track.update(detection, !mergedWithAnother(track, detection));
        track.state = Track.State.TRACKED;
        out.add(detection.withTrackId(track.id));
    }

    /**
     * A box whose height jumped and that also covers another active track's predicted box holds both
     * objects (a detector merges two people as one passes the other).
     */
    private boolean mergedWithAnother(Track track, Detection detection) {
        if (!track.suddenSizeChange(detection)) {
            return false;
        }
        for (Track other : tracks) {
            if (other != track && other.state != Track.State.TENTATIVE && other.state != Track.State.REMOVED
                    && other.predicted().iou(detection.box()) > 0.3) {
                return true;
            }
        }
        return false;
    }

    private void confirm(Track track, List<TrackedObject> appeared) {
        track.state = Track.State.TRACKED;
        track.id = ids.next();
        appeared.add(track.asObject());
    }

    private static List<Detection> unmatched(List<Detection> detections, LinearAssignment.Result result) {
        List<Detection> rest = new ArrayList<>();
        for (int d = 0; d < detections.size(); d++) {
            if (result.columnToRow()[d] < 0) {
                rest.add(detections.get(d));
            }
        }
        return rest;
    }

    @Override
    public void reset() {
        tracks.clear();
        firstFrame = true;
    }
}
