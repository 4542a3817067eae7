package dev.vision.core.postprocess;

import java.util.Arrays;

/** Class-wise non-maximum suppression: a box is dropped when a higher-scoring box of its class overlaps it. */
public final class Nms {

    /** Candidates beyond this many (by score) are not considered, as very low thresholds can yield 10^5. */
    public static final int MAX_CANDIDATES = 30_000;

    private Nms() {}

    /**
     * @return indices into {@code c} of the boxes kept, highest score first, at most {@code maxKeep}
     */
    public static int[] classWise(Candidates c, float iouThreshold, int maxKeep) {
        int n = c.size();
        if (n == 0) {
            return new int[0];
        }
        // Sort (score, index) pairs packed in longs: scores are non-negative, so their IEEE bits order
        // like the floats, and no boxing happens however many candidates there are.
        long[] order = new long[n];
        for (int i = 0; i < n; i++) {
            order[i] = ((long) Float.floatToIntBits(Math.max(0f, c.score(i))) << 32) | i;
        }
        Arrays.sort(order);
        int considered = Math.min(n, MAX_CANDIDATES);
        int[] kept = new int[Math.min(considered, maxKeep)];
        int keptCount = 0;
        for (int k = 0; k < considered && keptCount < kept.length; k++) {
            int i = (int) order[n - 1 - k];
            boolean suppressed = false;
            for (int j = 0; j < keptCount; j++) {
                int other = kept[j];
                if (c.classId(other) == c.classId(i) && c.iou(other, i) > iouThreshold) {
                    suppressed = true;
                    break;
                }
            }
            if (!suppressed) {
                kept[keptCount++] = i;
            }
        }
        return Arrays.copyOf(kept, keptCount);
    }
}
