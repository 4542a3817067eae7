package dev.vision.core.track;

import dev.vision.core.result.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * The association cascade of the ByteTrack class, in time: each frame every track is predicted to the
 * frame's time; confident detections are matched first to tracked and lost tracks; the tracked tracks left
 * over are then matched with the low-score detections (an object half hidden keeps its track); what the
 * subclass can tell by appearance is tried next ({@link #reidentify}); tracks seen once are confirmed when
 * seen again; what is still unexplained starts new tracks; a track unseen for longer than it may be found
 * again is given up. A box that holds two or more followed objects at once ({@link MergedBoxes}) is left out
 * of every step. Subclasses add cost terms and what happens on a match. Not thread-safe: one per
 * source.
 */
abstract class CascadeTracker implements Tracker {

    private static final double FIRST_MIN_IOU = 0.2;
    private static final double SECOND_MIN_IOU = 0.5;
    private static final double TENTATIVE_MIN_IOU = 0.3;

    protected final TrackerSettings settings;
    private final TrackIds ids;
    protected final List<Track> tracks = new ArrayList<>();
    private final FrameClock clock = new FrameClock();
    private boolean firstFrame = true;

    CascadeTracker(TrackerSettings settings, TrackIds ids) {
        this.settings = settings;
        this.ids = ids;
    }

    /** One frame as the cascade's steps see it. */
    static final class FrameState {
        final long now;
        final double frameSeconds;
        final List<Detection> high;
        final Appearance appearance;
        final List<Detection> all;

        FrameState(long now, double frameSeconds, List<Detection> high, List<Detection> all, Appearance appearance) {
            this.now = now;
            this.frameSeconds = frameSeconds;
            this.high = high;
            this.all = all;
            this.appearance = appearance;
        }
    }

    @Override
    public final Update update(List<Detection> detections, long timestampMs, Appearance appearance) {
        long now = clock.advance(timestampMs);
        tracks.forEach(t -> t.predict(now));
        List<Detection> high = new ArrayList<>();
        List<Detection> low = new ArrayList<>();
        long motionBufferMs = settings.trackBuffer().toMillis();
        for (Detection d : detections) {
            if (MergedBoxes.holdsSeveral(d, tracks, now, motionBufferMs)) {
                continue; // no track takes it on motion alone: they go on by prediction until they part
            }
            if (d.score() >= settings.highScore()) {
                high.add(d);
            } else if (d.score() >= settings.lowScore()) {
                low.add(d);
            }
        }
        FrameState frame = new FrameState(now, clock.frameSeconds(), high, detections, appearance);
        beginFrame(frame);
        List<Detection> out = new ArrayList<>();
        List<TrackedObject> appeared = new ArrayList<>();
        List<TrackedObject> left = new ArrayList<>();

        // 1. confident detections against tracked tracks and those lost for less than the track buffer
        List<Track> pool = tracks.stream()
                .filter(t -> t.state == Track.State.TRACKED
                        || (t.state == Track.State.LOST && now - t.seenMs <= motionBufferMs))
                .toList();
        LinearAssignment.Result first =
                Association.match(pool, high, FIRST_MIN_IOU, frame.frameSeconds, firstCost(frame));
        List<Track> stillTracked = new ArrayList<>();
        boolean[] highTaken = new boolean[high.size()];
        for (int t = 0; t < pool.size(); t++) {
            Track track = pool.get(t);
            int d = first.rowToColumn()[t];
            if (d >= 0) {
                highTaken[d] = true;
                matched(track, high.get(d), d, frame);
                out.add(high.get(d).withTrackId(track.id));
            } else if (track.state == Track.State.TRACKED) {
                stillTracked.add(track);
            }
        }

        // 2. the tracked tracks left over against the low-score detections
        LinearAssignment.Result second =
                Association.match(stillTracked, low, SECOND_MIN_IOU, frame.frameSeconds, Association.PairCost.NONE);
        for (int t = 0; t < stillTracked.size(); t++) {
            Track track = stillTracked.get(t);
            int d = second.rowToColumn()[t];
            if (d >= 0) {
                matched(track, low.get(d), -1, frame);
                out.add(low.get(d).withTrackId(track.id));
            } else {
                track.state = Track.State.LOST;
            }
        }

        // 3. lost tracks found again by what they look like
        for (int[] pair : reidentify(highTaken, frame)) {
            Track track = tracks.get(pair[0]);
            highTaken[pair[1]] = true;
            reidentified(track, high.get(pair[1]), pair[1], frame);
            out.add(high.get(pair[1]).withTrackId(track.id));
        }
        List<Integer> highLeft = new ArrayList<>();
        for (int d = 0; d < high.size(); d++) {
            if (!highTaken[d]) {
                highLeft.add(d);
            }
        }

        // 4. tracks seen once, against the confident detections nobody took
        List<Track> tentative =
                tracks.stream().filter(t -> t.state == Track.State.TENTATIVE).toList();
        List<Detection> leftDetections = highLeft.stream().map(high::get).toList();
        LinearAssignment.Result third = Association.match(
                tentative, leftDetections, TENTATIVE_MIN_IOU, frame.frameSeconds, Association.PairCost.NONE);
        for (int t = 0; t < tentative.size(); t++) {
            Track track = tentative.get(t);
            int d = third.rowToColumn()[t];
            if (d >= 0) {
                Detection det = leftDetections.get(d);
                track.update(det, now);
                observedClean(track, highLeft.get(d), frame);
                confirm(track, appeared);
                out.add(det.withTrackId(track.id));
            } else {
                track.state = Track.State.REMOVED; // seen once, never again: noise
            }
        }

        // 5. new tracks from what is still unexplained
        for (int i = 0; i < leftDetections.size(); i++) {
            Detection d = leftDetections.get(i);
            if (third.columnToRow()[i] >= 0 || d.score() < settings.newTrackScore()) {
                continue;
            }
            Track track = new Track(d, now);
            observedClean(track, highLeft.get(i), frame);
            tracks.add(track);
            if (firstFrame) {
                confirm(track, appeared); // nothing to confuse it with yet
                out.add(d.withTrackId(track.id));
            }
        }

        // 6. give up the tracks lost for too long
        long keepMs = keepLostMs();
        for (Track track : tracks) {
            if (track.state == Track.State.LOST && now - track.seenMs > keepMs) {
                track.state = Track.State.REMOVED;
                left.add(track.asObject());
            }
        }
        tracks.removeIf(t -> t.state == Track.State.REMOVED);
        firstFrame = false;
        return new Update(out, appeared, left);
    }

    /** Called first in each frame, before any association. */
    void beginFrame(FrameState frame) {}

    /** What the first association adds to motion for the pairs of tracks and confident detections. */
    Association.PairCost firstCost(FrameState frame) {
        return Association.PairCost.NONE;
    }

    /**
     * Pairs (index into {@link #tracks}, index into the frame's confident detections) of lost tracks found
     * again by other means than motion, among the detections not yet {@code taken}.
     */
    List<int[]> reidentify(boolean[] taken, FrameState frame) {
        return List.of();
    }

    /** How long a lost track is kept before it is given up. */
    long keepLostMs() {
        return settings.trackBuffer().toMillis();
    }

    /**
     * A track matched with a detection: updates it and marks it tracked.
     *
     * @param highIndex the detection's index among the confident ones, or -1 for a low-score one
     */
    void matched(Track track, Detection detection, int highIndex, FrameState frame) {
        track.update(detection, frame.now, !mergedWithAnother(track, detection));
        track.state = Track.State.TRACKED;
    }

    /** A lost track found again by {@link #reidentify}: updates it and marks it tracked. */
    void reidentified(Track track, Detection detection, int highIndex, FrameState frame) {
        matched(track, detection, highIndex, frame);
    }

    /** A track just started or confirmed from a confident detection. */
    void observedClean(Track track, int highIndex, FrameState frame) {}

    /**
     * A box whose height jumped and that also covers another active track's predicted box holds both
     * objects (a detector merges two people as one passes the other).
     */
    boolean mergedWithAnother(Track track, Detection detection) {
        if (!track.suddenSizeChange(detection)) {
            return false;
        }
        for (Track other : tracks) {
            if (other != track
                    && other.state != Track.State.TENTATIVE
                    && other.state != Track.State.REMOVED
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

    @Override
    public void reset() {
        tracks.clear();
        clock.reset();
        firstFrame = true;
    }
}
