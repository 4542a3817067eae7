package dev.vision.core.track;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The {@link CascadeTracker} with the cues of the OC-SORT and BoT-SORT class, for identities that survive
 * occlusion:
 * <ul>
 *   <li>an appearance per track (colour histograms, {@link ColorHistograms}), a running mean taken only
 *       from confident detections that no other box overlaps, added to the motion cost of the first
 *       association;</li>
 *   <li>observation-centric recovery: a track found again after frames unseen is re-run from its last
 *       observation over a straight path to the new one ({@link Track#recover}), so it leaves with the
 *       velocity the object had, and the direction term of {@link Association} keeps two people who walk
 *       towards each other from taking each other's track;</li>
 *   <li>re-identification: a lost track is found again by its appearance within
 *       {@link TrackerSettings#reidBuffer()}, where its object could have walked in the time, so an id comes
 *       back after its object was hidden for a second or two.</li>
 * </ul>
 * Without pixels ({@link Appearance#NONE}) it is ByteTrack with observation-centric recovery. Not
 * thread-safe: one per source.
 */
public final class OcSortTracker extends CascadeTracker {

    /** Weight of the appearance distance (0 … 1) against 1 − IoU in the first association. */
    private static final double APPEARANCE_WEIGHT = 0.5;
    /** The largest appearance distance at which a lost track is re-identified. */
    private static final double REID_MAX_DISTANCE = 0.3;
    /** A box is a clean view when no other box covers more than this share of it. */
    private static final double CLEAN_MAX_COVERED = 0.1;
    /**
     * How far a hidden object may have gone from where it was last seen: half a height of its box at once and
     * 1.25 heights a second (a brisk walk; on vtest, a track lost for 2.1 s was nearly taken by someone else
     * 1.8 heights a second away, while people hidden for 2–3 s came back 0.8–1.1 heights a second away).
     */
    private static final double REID_HEIGHTS_PER_SECOND = 1.25;

    private static final double REID_HEIGHTS_AT_ONCE = 0.5;

    /** How often a track's appearance takes in a new clean view. */
    private static final long LOOK_EVERY_MS = 200;

    private FrameState frame;
    private List<Optional<AppearanceDescriptor>> looks = new ArrayList<>();
    private boolean[] described = new boolean[0];

    public OcSortTracker(TrackerSettings settings, TrackIds ids) {
        super(settings, ids);
    }

    @Override
    void beginFrame(FrameState frame) {
        this.frame = frame;
        int n = frame.high.size();
        looks = new ArrayList<>(Collections.nCopies(n, Optional.<AppearanceDescriptor>empty()));
        described = new boolean[n];
    }

    /** The appearance of confident detection {@code i}, described on first use in this frame. */
    private Optional<AppearanceDescriptor> look(int i) {
        if (!described[i]) {
            described[i] = true;
            looks.set(i, frame.appearance.describe(frame.high.get(i).box()));
        }
        return looks.get(i);
    }

    private static boolean covered(Detection d, List<Detection> all) {
        Box b = d.box();
        double area = Math.max(1, b.width() * b.height());
        for (Detection other : all) {
            if (other == d) {
                continue;
            }
            Box o = other.box();
            double w = Math.min(b.x2(), o.x2()) - Math.max(b.x1(), o.x1());
            double h = Math.min(b.y2(), o.y2()) - Math.max(b.y1(), o.y1());
            if (w > 0 && h > 0 && w * h / area > CLEAN_MAX_COVERED) {
                return true;
            }
        }
        return false;
    }

    @Override
    Association.PairCost firstCost(FrameState frame) {
        return (track, column) -> {
            Optional<AppearanceDescriptor> own = track.appearance();
            if (own.isEmpty()) {
                return 0;
            }
            Optional<AppearanceDescriptor> seen = look(column);
            return seen.isPresent() ? APPEARANCE_WEIGHT * own.get().distance(seen.get()) : 0;
        };
    }

    @Override
    void matched(Track track, Detection detection, int highIndex, FrameState frame) {
        boolean merged = mergedWithAnother(track, detection);
        if (track.state == Track.State.LOST && !merged) {
            track.recover(detection, frame.now);
        } else {
            track.update(detection, frame.now, !merged);
        }
        track.state = Track.State.TRACKED;
        if (!merged) {
            observedClean(track, highIndex, frame);
        }
    }

    /** Its appearance said it is this object: its box is trusted, even where it seems to hold two. */
    @Override
    void reidentified(Track track, Detection detection, int highIndex, FrameState frame) {
        track.recover(detection, frame.now);
        track.state = Track.State.TRACKED;
        observedClean(track, highIndex, frame);
    }

    @Override
    void observedClean(Track track, int highIndex, FrameState frame) {
        if (highIndex >= 0
                && track.lookDue(frame.now, LOOK_EVERY_MS)
                && !covered(frame.high.get(highIndex), frame.all)) {
            look(highIndex).ifPresent(seen -> track.look(seen, frame.now));
        }
    }

    @Override
    List<int[]> reidentify(boolean[] taken, FrameState frame) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            if (t.state == Track.State.LOST
                    && t.appearance().isPresent()
                    && frame.now - t.seenMs <= settings.reidBuffer().toMillis()) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty()) {
            return List.of();
        }
        double[][] cost = new double[candidates.size()][frame.high.size()];
        for (int r = 0; r < candidates.size(); r++) {
            Track track = tracks.get(candidates.get(r));
            double seconds = (frame.now - track.seenMs) / 1000.0;
            double reach = REID_HEIGHTS_AT_ONCE + REID_HEIGHTS_PER_SECOND * seconds;
            for (int d = 0; d < frame.high.size(); d++) {
                Detection det = frame.high.get(d);
                cost[r][d] = Double.POSITIVE_INFINITY;
                if (taken[d]
                        || det.classId() != track.last.classId()
                        || Association.farApart(track.lastObserved(), det.box()) > reach) {
                    continue;
                }
                Optional<AppearanceDescriptor> seen = look(d);
                if (seen.isEmpty()) {
                    continue;
                }
                double distance = track.appearance().orElseThrow().distance(seen.get());
                if (distance <= REID_MAX_DISTANCE) {
                    cost[r][d] = distance;
                }
            }
        }
        LinearAssignment.Result match = LinearAssignment.solve(cost, frame.high.size(), REID_MAX_DISTANCE);
        List<int[]> pairs = new ArrayList<>();
        for (int r = 0; r < candidates.size(); r++) {
            int d = match.rowToColumn()[r];
            if (d >= 0) {
                pairs.add(new int[] {candidates.get(r), d});
            }
        }
        return pairs;
    }

    @Override
    long keepLostMs() {
        return Math.max(settings.trackBuffer().toMillis(), settings.reidBuffer().toMillis());
    }
}
