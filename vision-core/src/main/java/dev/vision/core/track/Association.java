package dev.vision.core.track;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import java.util.List;

/**
 * Matching of tracks with detections: cost 1 − IoU with the predicted box, plus a penalty for a detection
 * that would turn a moving track from its direction (when two people cross, the one in front must not take
 * over the track of the one behind), plus what the tracker adds (appearance). Pairs of different classes
 * never match. A pair under the IoU gate may still match when the frames are far apart in time (a thinned
 * source): the detection's centre within the distance an object moves in that time, in heights of its box
 * (see {@link #reach(double)}), and its height within a third of the prediction's.
 */
final class Association {

    /** Weight of the turn penalty (0 straight on … 1 turning back) against 1 − IoU. */
    static final double TURN_WEIGHT = 0.3;
    /** How far an object may move in one second, in heights of its box (a person walks about one). */
    private static final double HEIGHTS_PER_SECOND = 1.5;

    private Association() {}

    /** What a tracker adds to a pair's cost; infinite forbids the pair. */
    @FunctionalInterface
    interface PairCost {
        PairCost NONE = (track, column) -> 0;

        double of(Track track, int column);
    }

    /**
     * Matches tracks (rows) with detections (columns).
     *
     * @param minIou       the IoU a pair needs when frames are close in time
     * @param frameSeconds time since the previous frame
     */
    static LinearAssignment.Result match(
            List<Track> tracks, List<Detection> detections, double minIou, double frameSeconds, PairCost extra) {
        double[][] cost = new double[tracks.size()][detections.size()];
        double reach = reach(frameSeconds);
        int[] rowChoices = new int[tracks.size()];
        int[] columnChoices = new int[detections.size()];
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            Box predicted = track.predicted();
            for (int d = 0; d < detections.size(); d++) {
                Detection det = detections.get(d);
                cost[t][d] = det.classId() != track.last.classId()
                        ? Double.POSITIVE_INFINITY
                        : motionCost(predicted, det.box(), minIou, reach);
                if (Double.isFinite(cost[t][d])) {
                    cost[t][d] += TURN_WEIGHT * track.turn(det);
                    rowChoices[t]++;
                    columnChoices[d]++;
                }
            }
        }
        // the extra term only tells apart pairs that compete: a track with one candidate, whose candidate has
        // no other track, is matched whatever it adds (and appearance need not be computed for it)
        double highest = 1;
        for (int t = 0; t < tracks.size(); t++) {
            for (int d = 0; d < detections.size(); d++) {
                if (Double.isFinite(cost[t][d])) {
                    if (rowChoices[t] > 1 || columnChoices[d] > 1) {
                        cost[t][d] += extra.of(tracks.get(t), d);
                    }
                    highest = Math.max(highest, cost[t][d]);
                }
            }
        }
        // every allowed pair is worth more than leaving both unmatched; the gate is the infinite cost
        return LinearAssignment.solve(cost, detections.size(), highest);
    }

    /** 1 − IoU, or beyond the IoU gate the distance term of a thinned source, or infinity. */
    private static double motionCost(Box predicted, Box detected, double minIou, double reach) {
        double iou = predicted.iou(detected);
        if (iou >= minIou) {
            return 1.0 - iou;
        }
        if (reach <= 0) {
            return Double.POSITIVE_INFINITY; // frames close in time: IoU alone decides
        }
        double away = farApart(predicted, detected);
        return away <= reach ? 1.0 - minIou + 0.5 * away / reach : Double.POSITIVE_INFINITY;
    }

    /**
     * How far, in heights of its box, an object may be from where its track expects it after
     * {@code seconds} without a frame: nothing at video rates (IoU decides), about 0.75 at two frames a
     * second.
     */
    static double reach(double seconds) {
        double beyondVideoRate = seconds - 2 / KalmanBoxFilter.REFERENCE_FPS;
        return beyondVideoRate > 0 ? HEIGHTS_PER_SECOND * seconds : 0;
    }

    /**
     * The distance between two boxes' centres in heights of the predicted box, or infinity when their heights
     * differ by more than a third (not the same object).
     */
    static double farApart(Box predicted, Box detected) {
        double h = Math.max(1, predicted.height());
        double ratio = detected.height() / h;
        if (ratio < 0.75 || ratio > 1.33) {
            return Double.POSITIVE_INFINITY;
        }
        double dx = (detected.x1() + detected.x2() - predicted.x1() - predicted.x2()) / 2;
        double dy = (detected.y1() + detected.y2() - predicted.y1() - predicted.y2()) / 2;
        return Math.hypot(dx, dy) / h;
    }
}
