package dev.vision.core.postprocess;

import dev.vision.core.preprocess.InputSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * PP-PicoDet (GFL head): per level a class-score tensor [N, cells, classes] (already sigmoid) and a
 * distance tensor [N, cells, 4·(regMax+1)] holding, for the left, top, right and bottom side, logits over
 * distance bins. Distance = stride × Σ bin·softmax(logits). Levels and their strides are recognised by
 * their cell counts, so the order the exporter gave the outputs in does not matter.
 */
public final class PicodetDecoder implements DetectionDecoder {

    private static final int[] CANDIDATE_STRIDES = {8, 16, 32, 64, 128};

    private final float[] bins = new float[64];

    @Override
    public int classes(List<OutputTensor> outputs, InputSpec input) {
        return levels(outputs, input).get(0).scores.dim(2);
    }

    @Override
    public void decode(List<OutputTensor> outputs, int b, InputSpec input, DetectionFilter filter, Candidates out) {
        List<Level> levels = levels(outputs, input);
        float conf = filter.confidence();
        for (Level level : levels) {
            int classes = level.scores.dim(2);
            int binsPerSide = level.distances.dim(2) / 4;
            int gw = ceilDiv(input.width(), level.stride);
            float[] s = level.scores.data();
            float[] r = level.distances.data();
            int scoreBase = b * level.scores.itemSize();
            int distBase = b * level.distances.itemSize();
            for (int cell = 0; cell < level.cells; cell++) {
                int so = scoreBase + cell * classes;
                int best = ClassScores.best(s, so, 1, classes, filter);
                if (best < 0 || s[so + best] < conf) {
                    continue;
                }
                float cx = (cell % gw) * level.stride + 0.5f * (level.stride - 1);
                float cy = (cell / gw) * level.stride + 0.5f * (level.stride - 1);
                int ro = distBase + cell * 4 * binsPerSide;
                float left = expectedBin(r, ro, binsPerSide) * level.stride;
                float top = expectedBin(r, ro + binsPerSide, binsPerSide) * level.stride;
                float right = expectedBin(r, ro + 2 * binsPerSide, binsPerSide) * level.stride;
                float bottom = expectedBin(r, ro + 3 * binsPerSide, binsPerSide) * level.stride;
                out.add(cx - left, cy - top, cx + right, cy + bottom, s[so + best], best);
            }
        }
    }

    /** Σ i·softmax(logits)_i over {@code n} logits starting at {@code offset}. */
    private float expectedBin(float[] logits, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, logits[offset + i]);
        }
        float sum = 0;
        for (int i = 0; i < n; i++) {
            bins[i] = (float) Math.exp(logits[offset + i] - max);
            sum += bins[i];
        }
        float expectation = 0;
        for (int i = 0; i < n; i++) {
            expectation += i * bins[i];
        }
        return expectation / sum;
    }

    private static List<Level> levels(List<OutputTensor> outputs, InputSpec input) {
        String expected = "pairs of [N, cells, classes] scores and [N, cells, 4*bins] distances";
        DetectionDecoder.require(outputs.size() >= 2 && outputs.size() % 2 == 0, "PicoDet", outputs, expected);
        for (OutputTensor t : outputs) {
            DetectionDecoder.require(t.rank() == 3, "PicoDet", outputs, expected);
        }
        // scores and distances of one level share a cell count
        List<Level> levels = new ArrayList<>();
        List<OutputTensor> pending = new ArrayList<>(outputs);
        while (!pending.isEmpty()) {
            OutputTensor a = pending.remove(0);
            OutputTensor partner = null;
            for (OutputTensor t : pending) {
                if (t.dim(1) == a.dim(1)) {
                    partner = t;
                    break;
                }
            }
            DetectionDecoder.require(partner != null, "PicoDet", outputs, expected);
            pending.remove(partner);
            boolean aIsDistance = isDistance(a, partner);
            OutputTensor scores = aIsDistance ? partner : a;
            OutputTensor distances = aIsDistance ? a : partner;
            DetectionDecoder.require(
                    distances.dim(2) % 4 == 0 && distances.dim(2) / 4 <= 64, "PicoDet", outputs, expected);
            levels.add(new Level(scores, distances, scores.dim(1), strideFor(scores.dim(1), input, outputs)));
        }
        levels.sort(Comparator.comparingInt(l -> l.stride));
        return levels;
    }

    /** Distances have 4·(regMax+1) channels, 32 in every PicoDet release; otherwise the smaller multiple of 4. */
    private static boolean isDistance(OutputTensor a, OutputTensor b) {
        if ((a.dim(2) == 32) != (b.dim(2) == 32)) {
            return a.dim(2) == 32;
        }
        return a.dim(2) % 4 == 0 && (b.dim(2) % 4 != 0 || a.dim(2) < b.dim(2));
    }

    private static int strideFor(int cells, InputSpec input, List<OutputTensor> outputs) {
        for (int stride : CANDIDATE_STRIDES) {
            if (ceilDiv(input.width(), stride) * ceilDiv(input.height(), stride) == cells) {
                return stride;
            }
        }
        DetectionDecoder.require(
                /* condition= */ false,
                "PicoDet",
                outputs,
                "cell counts of strides 8..128 for a " + input.width() + "x" + input.height() + " input");
        return -1;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    private record Level(OutputTensor scores, OutputTensor distances, int cells, int stride) {}
}
