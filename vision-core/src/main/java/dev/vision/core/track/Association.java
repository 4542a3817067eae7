package dev.vision.core.track;

import dev.vision.core.result.Detection;
import java.util.List;

/** IoU matching of tracks with detections: cost 1 − IoU, pairs of different classes never match. */
final class Association {

    private Association() {
    }

    /** Matches tracks (rows) with detections (columns) whose IoU is at least {@code minIou}. */
    static LinearAssignment.Result byIou(List<Track> tracks, List<Detection> detections, double minIou) {
        double[][] cost = new double[tracks.size()][detections.size()];
        for (int t = 0; t < tracks.size(); t++) {
            Track track = tracks.get(t);
            var predicted = track.predicted();
            for (int d = 0; d < detections.size(); d++) {
                Detection det = detections.get(d);
                cost[t][d] = det.classId() != track.last.classId() ? Double.POSITIVE_INFINITY
                        : 1.0 - predicted.iou(det.box());
            }
        }
        return LinearAssignment.solve(cost, detections.size(), 1.0 - minIou);
    }
}
