package dev.vision.core.track;

import dev.vision.core.result.Detection;
import java.util.ArrayList;
import java.util.List;

/**
 * Plain SORT (Bewley et al. 2016) as a baseline: Kalman-predicted boxes matched by IoU (at least 0.3) with
 * the detections at or above the high score; a track is reported once it has {@code minHits} hits and is
 * dropped after {@code maxAge} frames without one. No second association, no re-identification after a
 * longer gap. The filter runs on the frames' timestamps like the other trackers'. Not thread-safe: one per
 * source.
 */
public final class SortTracker implements Tracker {

    private static final double MIN_IOU = 0.3;

    private final TrackerSettings settings;
    private final TrackIds ids;
    private final int maxAge;
    private final int minHits;
    private final List<Track> tracks = new ArrayList<>();
    private final FrameClock clock = new FrameClock();

    /** SORT's published defaults: {@code maxAge} 1, {@code minHits} 3. */
    public SortTracker(TrackerSettings settings, TrackIds ids, int maxAge, int minHits) {
        this.settings = settings;
        this.ids = ids;
        this.maxAge = maxAge;
        this.minHits = minHits;
    }

    @Override
    public Update update(List<Detection> detections, long timestampMs, Appearance appearance) {
        long now = clock.advance(timestampMs);
        List<Detection> confident = detections.stream()
                .filter(d -> d.score() >= settings.highScore())
                .toList();
        tracks.forEach(t -> t.predict(now));
        List<Detection> out = new ArrayList<>();
        List<TrackedObject> appeared = new ArrayList<>();
        List<TrackedObject> left = new ArrayList<>();
        LinearAssignment.Result match =
                Association.match(tracks, confident, MIN_IOU, clock.frameSeconds(), Association.PairCost.NONE);
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            int d = match.rowToColumn()[t];
            if (d < 0) {
                continue;
            }
            track.update(confident.get(d), now);
            if (!track.confirmed() && track.hits >= minHits) {
                track.id = ids.next();
                appeared.add(track.asObject());
            }
            if (track.confirmed()) {
                out.add(confident.get(d).withTrackId(track.id));
            }
        }
        for (int d = 0; d < confident.size(); d++) {
            if (match.columnToRow()[d] < 0) {
                Track track = new Track(confident.get(d), now);
                tracks.add(track);
                if (minHits <= 1) {
                    track.id = ids.next();
                    appeared.add(track.asObject());
                    out.add(confident.get(d).withTrackId(track.id));
                }
            }
        }
        tracks.removeIf(track -> {
            boolean gone = track.missedFrames > maxAge;
            if (gone && track.confirmed()) {
                left.add(track.asObject());
            }
            return gone;
        });
        return new Update(out, appeared, left);
    }

    @Override
    public void reset() {
        tracks.clear();
        clock.reset();
    }
}
