package dev.vision.core.eval;

import dev.vision.core.result.Box;
import dev.vision.core.track.LinearAssignment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Multi-object tracking accuracy, fed frame by frame with ground-truth and tracker boxes (each with its
 * identity):
 * <ul>
 * <li>CLEAR MOT at IoU 0.5: in each frame a ground-truth object keeps the tracker id it was matched with in
 * its last frame when they still overlap enough; the others are matched by minimum total (1 − IoU). An ID
 * switch is a ground-truth object matched to another tracker id than before. MOTA = 1 − (FN + FP + IDSW) / GT.</li>
 * <li>IDF1: one global matching of ground-truth identities to tracker identities maximising the frames in
 * which they overlap with IoU ≥ 0.5 (IDTP); IDF1 = 2·IDTP / (GT boxes + tracker boxes).</li>
 * </ul>
 * Not thread-safe.
 */
public final class TrackingMetrics {

    /** One box of one identity in a frame. */
    public record Identified(long id, Box box) {}

    /** The figures. */
    public record Result(
            int frames,
            long groundTruth,
            long hypotheses,
            long matches,
            long falsePositives,
            long falseNegatives,
            long idSwitches,
            double mota,
            double motp,
            long idtp,
            double idf1,
            double idPrecision,
            double idRecall,
            int groundTruthIds,
            int hypothesisIds) {

        public Map<String, Object> asMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("frames", frames);
            m.put("gt_boxes", groundTruth);
            m.put("tracker_boxes", hypotheses);
            m.put("matches", matches);
            m.put("fp", falsePositives);
            m.put("fn", falseNegatives);
            m.put("id_switches", idSwitches);
            m.put("mota", mota);
            m.put("motp", motp);
            m.put("idtp", idtp);
            m.put("idf1", idf1);
            m.put("idp", idPrecision);
            m.put("idr", idRecall);
            m.put("gt_ids", groundTruthIds);
            m.put("tracker_ids", hypothesisIds);
            return m;
        }
    }

    private static final double MIN_IOU = 0.5;

    private final Map<Long, Long> lastMatch = new HashMap<>();
    private final Map<Long, Map<Long, Long>> overlaps = new HashMap<>(); // gt id → tracker id → frames
    private final Set<Long> gtIds = new HashSet<>();
    private final Set<Long> hypIds = new HashSet<>();
    private int frames;
    private long groundTruth;
    private long hypotheses;
    private long matches;
    private long falsePositives;
    private long falseNegatives;
    private long idSwitches;
    private double iouSum;

    /** One frame's ground truth and tracker output. */
    public void addFrame(List<Identified> truth, List<Identified> tracked) {
        frames++;
        groundTruth += truth.size();
        hypotheses += tracked.size();
        truth.forEach(t -> gtIds.add(t.id()));
        tracked.forEach(h -> hypIds.add(h.id()));
        for (Identified g : truth) {
            for (Identified h : tracked) {
                if (g.box().iou(h.box()) >= MIN_IOU) {
                    overlaps.computeIfAbsent(g.id(), k -> new HashMap<>()).merge(h.id(), 1L, Long::sum);
                }
            }
        }
        int[] gtToHyp = new int[truth.size()];
        boolean[] hypTaken = new boolean[tracked.size()];
        Arrays.fill(gtToHyp, -1);
        // 1. keep last frame's pairs that still overlap
        for (int g = 0; g < truth.size(); g++) {
            Long previous = lastMatch.get(truth.get(g).id());
            if (previous == null) {
                continue;
            }
            for (int h = 0; h < tracked.size(); h++) {
                if (!hypTaken[h]
                        && tracked.get(h).id() == previous
                        && truth.get(g).box().iou(tracked.get(h).box()) >= MIN_IOU) {
                    gtToHyp[g] = h;
                    hypTaken[h] = true;
                    break;
                }
            }
        }
        // 2. the rest by minimum total distance
        List<Integer> freeGt = new ArrayList<>();
        List<Integer> freeHyp = new ArrayList<>();
        for (int g = 0; g < truth.size(); g++) {
            if (gtToHyp[g] < 0) {
                freeGt.add(g);
            }
        }
        for (int h = 0; h < tracked.size(); h++) {
            if (!hypTaken[h]) {
                freeHyp.add(h);
            }
        }
        double[][] cost = new double[freeGt.size()][freeHyp.size()];
        for (int i = 0; i < freeGt.size(); i++) {
            for (int j = 0; j < freeHyp.size(); j++) {
                cost[i][j] = 1
                        - truth.get(freeGt.get(i))
                                .box()
                                .iou(tracked.get(freeHyp.get(j)).box());
            }
        }
        LinearAssignment.Result assigned = LinearAssignment.solve(cost, freeHyp.size(), 1 - MIN_IOU);
        for (int i = 0; i < freeGt.size(); i++) {
            int j = assigned.rowToColumn()[i];
            if (j >= 0) {
                int g = freeGt.get(i);
                int h = freeHyp.get(j);
                gtToHyp[g] = h;
                hypTaken[h] = true;
                Long previous = lastMatch.get(truth.get(g).id());
                if (previous != null && previous != tracked.get(h).id()) {
                    idSwitches++;
                }
            }
        }
        for (int g = 0; g < truth.size(); g++) {
            int h = gtToHyp[g];
            if (h < 0) {
                falseNegatives++;
                continue;
            }
            matches++;
            iouSum += truth.get(g).box().iou(tracked.get(h).box());
            lastMatch.put(truth.get(g).id(), tracked.get(h).id());
        }
        for (boolean taken : hypTaken) {
            if (!taken) {
                falsePositives++;
            }
        }
    }

    public Result compute() {
        double mota = groundTruth == 0 ? 0 : 1 - (double) (falseNegatives + falsePositives + idSwitches) / groundTruth;
        double motp = matches == 0 ? 0 : iouSum / matches;
        long idtp = identityTruePositives();
        double idf1 = groundTruth + hypotheses == 0 ? 0 : 2.0 * idtp / (groundTruth + hypotheses);
        return new Result(
                frames,
                groundTruth,
                hypotheses,
                matches,
                falsePositives,
                falseNegatives,
                idSwitches,
                mota,
                motp,
                idtp,
                idf1,
                hypotheses == 0 ? 0 : (double) idtp / hypotheses,
                groundTruth == 0 ? 0 : (double) idtp / groundTruth,
                gtIds.size(),
                hypIds.size());
    }

    /** The most frames any one-to-one pairing of identities can share (a maximum-weight matching). */
    private long identityTruePositives() {
        List<Long> gts = new ArrayList<>(gtIds);
        List<Long> hyps = new ArrayList<>(hypIds);
        // Cost −scale·frames for pairs that share a frame; pairs that share none are never matched. Each
        // identity left unmatched costs −1/2 (the gate), so the solver's total is −(scale·IDTP − pairs): with
        // scale above the number of possible pairs, the most shared frames always win.
        double scale = gts.size() + hyps.size() + 1.0;
        double[][] cost = new double[gts.size()][hyps.size()];
        for (int g = 0; g < gts.size(); g++) {
            Map<Long, Long> row = overlaps.getOrDefault(gts.get(g), Map.of());
            for (int h = 0; h < hyps.size(); h++) {
                long shared = row.getOrDefault(hyps.get(h), 0L);
                cost[g][h] = shared > 0 ? -scale * shared : Double.POSITIVE_INFINITY;
            }
        }
        LinearAssignment.Result best = LinearAssignment.solve(cost, hyps.size(), -0.5);
        long idtp = 0;
        for (int g = 0; g < gts.size(); g++) {
            int h = best.rowToColumn()[g];
            if (h >= 0) {
                idtp += overlaps.get(gts.get(g)).get(hyps.get(h));
            }
        }
        return idtp;
    }
}
