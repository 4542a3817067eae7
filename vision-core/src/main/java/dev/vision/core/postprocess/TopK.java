package dev.vision.core.postprocess;

/** Softmax and top-k selection over plain float arrays. */
public final class TopK {

    private TopK() {}

    /** softmax of {@code n} values starting at {@code offset}, computed stably (max subtracted). */
    public static float[] softmax(float[] logits, int offset, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        double sum = 0;
        double[] e = new double[n];
        for (int i = 0; i < n; i++) {
            e[i] = Math.exp(logits[offset + i] - max);
            sum += e[i];
        }
        float[] p = new float[n];
        for (int i = 0; i < n; i++) {
            p[i] = (float) (e[i] / sum);
        }
        return p;
    }

    /** Indices of the {@code k} largest values, largest first; ties keep the lower index first. */
    public static int[] indices(float[] values, int k) {
        int[] best = new int[k];
        int count = 0;
        for (int i = 0; i < values.length; i++) {
            int pos = count;
            while (pos > 0 && values[best[pos - 1]] < values[i]) {
                pos--;
            }
            if (pos < k) {
                int end = Math.min(count, k - 1);
                System.arraycopy(best, pos, best, pos + 1, end - pos);
                best[pos] = i;
                count = Math.min(count + 1, k);
            }
        }
        return best;
    }
}
