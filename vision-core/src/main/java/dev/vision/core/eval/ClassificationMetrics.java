package dev.vision.core.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Top-1 and top-5 accuracy, accuracy per true class, and the confusions that occur most. */
public final class ClassificationMetrics {

    private int total;
    private int top1;
    private int top5;
    private final Map<Integer, int[]> perClass = new TreeMap<>(); // class -> {seen, right at top-1}
    private final Map<List<Integer>, Integer> confusions = new LinkedHashMap<>();

    /** One image: its true class and the predicted classes, best first. */
    public void add(int truth, List<Integer> predicted) {
        total++;
        int[] c = perClass.computeIfAbsent(truth, k -> new int[2]);
        c[0]++;
        if (!predicted.isEmpty() && predicted.get(0) == truth) {
            top1++;
            c[1]++;
        } else if (!predicted.isEmpty()) {
            confusions.merge(List.of(truth, predicted.get(0)), 1, Integer::sum);
        }
        if (predicted.subList(0, Math.min(5, predicted.size())).contains(truth)) {
            top5++;
        }
    }

    public int total() {
        return total;
    }

    public double top1() {
        return total == 0 ? 0 : (double) top1 / total;
    }

    public double top5() {
        return total == 0 ? 0 : (double) top5 / total;
    }

    /** Accuracy at top-1 for each true class seen. */
    public Map<Integer, Double> perClassAccuracy() {
        Map<Integer, Double> result = new TreeMap<>();
        perClass.forEach((k, v) -> result.put(k, (double) v[1] / v[0]));
        return result;
    }

    public Map<Integer, Integer> perClassCount() {
        Map<Integer, Integer> result = new TreeMap<>();
        perClass.forEach((k, v) -> result.put(k, v[0]));
        return result;
    }

    /** (true class, predicted class, count), most frequent first. */
    public List<int[]> topConfusions(int n) {
        List<int[]> list = new ArrayList<>();
        confusions.forEach((k, v) -> list.add(new int[] {k.get(0), k.get(1), v}));
        list.sort(Comparator.comparingInt((int[] a) -> -a[2]).thenComparingInt(a -> a[0]));
        return list.subList(0, Math.min(n, list.size()));
    }
}
