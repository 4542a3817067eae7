package dev.vision.core.eval;

import dev.vision.core.result.Box;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * COCO-style detection metrics: per class and IoU threshold (0.50:0.05:0.95), detections are taken in
 * descending score order and each is matched, within its image, to the unmatched ground-truth box of its
 * class it overlaps most, if that IoU reaches the threshold. AP is the mean of the interpolated precision
 * (the best precision at any recall at least as high) at the 101 recall points 0, 0.01, …, 1. mAP averages
 * over the classes that have ground truth. Precision and recall are also given at one score threshold and
 * IoU 0.5.
 */
public final class DetectionMetrics {

    public static final double[] IOU_THRESHOLDS = {0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95};

    /** A box with its class (and for detections, its score). */
    public record Labelled(int classId, Box box, float score) {}

    private record Scored(int image, int classId, Box box, float score) {}

    private final List<List<Labelled>> truths = new ArrayList<>();
    private final List<Scored> detections = new ArrayList<>();

    /** Adds one image's ground truth and detections. */
    public void add(List<Labelled> groundTruth, List<Labelled> detected) {
        int image = truths.size();
        truths.add(List.copyOf(groundTruth));
        for (Labelled d : detected) {
            detections.add(new Scored(image, d.classId(), d.box(), d.score()));
        }
    }

    public int images() {
        return truths.size();
    }

    /** The metrics over all images added. */
    public Result compute(float reportConfidence) {
        Map<Integer, Integer> gtCount = new TreeMap<>();
        for (List<Labelled> t : truths) {
            for (Labelled l : t) {
                gtCount.merge(l.classId(), 1, Integer::sum);
            }
        }
        Map<Integer, double[]> apPerClass = new TreeMap<>();
        for (int cls : gtCount.keySet()) {
            double[] aps = new double[IOU_THRESHOLDS.length];
            for (int t = 0; t < IOU_THRESHOLDS.length; t++) {
                aps[t] = averagePrecision(cls, IOU_THRESHOLDS[t], gtCount.get(cls));
            }
            apPerClass.put(cls, aps);
        }
        double map50 =
                apPerClass.values().stream().mapToDouble(a -> a[0]).average().orElse(0);
        double map = apPerClass.values().stream()
                .mapToDouble(a -> Arrays.stream(a).average().orElse(0))
                .average()
                .orElse(0);
        int totalGt = gtCount.values().stream().mapToInt(Integer::intValue).sum();
        int[] tpFp = truePositives(reportConfidence, 0.5);
        double precision = tpFp[0] + tpFp[1] == 0 ? 0 : (double) tpFp[0] / (tpFp[0] + tpFp[1]);
        double recall = totalGt == 0 ? 0 : (double) tpFp[0] / totalGt;
        return new Result(map50, map, precision, recall, apPerClass, gtCount, images(), detections.size());
    }

    /** Metric values; AP arrays are indexed like {@link #IOU_THRESHOLDS}. */
    public record Result(
            double map50,
            double map50to95,
            double precision,
            double recall,
            Map<Integer, double[]> apPerClass,
            Map<Integer, Integer> groundTruthPerClass,
            int images,
            int detections) {}

    private double averagePrecision(int cls, double iouThreshold, int gt) {
        List<Scored> ds = detections.stream()
                .filter(d -> d.classId() == cls)
                .sorted(Comparator.comparingDouble(Scored::score).reversed())
                .toList();
        boolean[] tp = match(ds, cls, iouThreshold);
        int n = ds.size();
        double[] precision = new double[n];
        double[] recall = new double[n];
        int tps = 0;
        for (int i = 0; i < n; i++) {
            tps += tp[i] ? 1 : 0;
            precision[i] = (double) tps / (i + 1);
            recall[i] = (double) tps / gt;
        }
        for (int i = n - 2; i >= 0; i--) {
            precision[i] = Math.max(precision[i], precision[i + 1]);
        }
        double sum = 0;
        int k = 0;
        for (int r = 0; r <= 100; r++) {
            double level = r / 100.0;
            while (k < n && recall[k] < level) {
                k++;
            }
            sum += k < n ? precision[k] : 0;
        }
        return sum / 101;
    }

    /** Greedy matching of score-sorted detections of one class; true where a detection is a true positive. */
    private boolean[] match(List<Scored> sorted, int cls, double iouThreshold) {
        boolean[] tp = new boolean[sorted.size()];
        Map<Integer, boolean[]> used = new TreeMap<>();
        for (int i = 0; i < sorted.size(); i++) {
            Scored d = sorted.get(i);
            List<Labelled> gts = truths.get(d.image());
            boolean[] taken = used.computeIfAbsent(d.image(), k -> new boolean[gts.size()]);
            int best = -1;
            double bestIou = iouThreshold;
            for (int g = 0; g < gts.size(); g++) {
                if (taken[g] || gts.get(g).classId() != cls) {
                    continue;
                }
                double iou = d.box().iou(gts.get(g).box());
                if (iou >= bestIou) {
                    bestIou = iou;
                    best = g;
                }
            }
            if (best >= 0) {
                taken[best] = true;
                tp[i] = true;
            }
        }
        return tp;
    }

    /** {true positives, false positives} over all classes at one score and IoU threshold. */
    private int[] truePositives(float confidence, double iouThreshold) {
        int tps = 0;
        int fps = 0;
        for (int cls : detections.stream().map(Scored::classId).distinct().toList()) {
            List<Scored> ds = detections.stream()
                    .filter(d -> d.classId() == cls && d.score() >= confidence)
                    .sorted(Comparator.comparingDouble(Scored::score).reversed())
                    .toList();
            for (boolean t : match(ds, cls, iouThreshold)) {
                if (t) {
                    tps++;
                } else {
                    fps++;
                }
            }
        }
        return new int[] {tps, fps};
    }
}
