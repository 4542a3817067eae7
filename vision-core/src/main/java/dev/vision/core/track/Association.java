package dev.vision.core.track;

import dev.vision.core.result.Detection;
import java.util.List;

/**
 * IoU matching of tracks with detections: cost 1 − IoU, plus a penalty for a detection that would turn a
 * moving track from its direction (when two people cross, the one in front must not take over the track of
 * the one behind); pairs under the IoU gate or of different classes never match.
 */
final class Association {

    private Association() {
    }

    /** Matches tracks (rows) with detections (columns) whose IoU is at least {@code minIou}. */
    /** Weight of the turn penalty (0 straight on … 1 turning back) against 1 − IoU. */
    private static final double TURN_WEIGHT = 0.3;

    static LinearAssignment.Result byIou(List<Track> tracks, List<Detection> detections, double minIou) {
        double[][] cost = new double[tracks.size()][detections.size()];
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            var predicted = track.predicted();
            for (int d = 0; d < detections.size(); d++) {
                Detection det = detections.get(d);
                double iou = predicted.iou(det.box());
                cost[t][d] = det.classId() != track.last.classId() || iou < minIou ? Double.POSITIVE_INFINITY
                        : 1.0 - iou + TURN_WEIGHT * track.turn(det);
            }
        }
        return LinearAssignment.solve(cost, detections.size(), 1.0 - minIou + TURN_WEIGHT);
    }
}
