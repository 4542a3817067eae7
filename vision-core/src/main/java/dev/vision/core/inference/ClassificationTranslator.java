package dev.vision.core.inference;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.postprocess.OutputTensor;
import dev.vision.core.postprocess.TopK;
import dev.vision.core.preprocess.Letterbox;
import dev.vision.core.result.Classification;
import java.util.ArrayList;
import java.util.List;

/**
 * ImageNet-style classifiers: short side resized to 256/224 of the input, centre crop, RGB scaled to 0–1
 * and normalised by the ImageNet mean and std; the output is [N, classes] logits, turned into the top-k
 * classes by softmax.
 */
public final class ClassificationTranslator extends BatchTranslator<List<Classification>> {

    private final List<String> labels;
    private final int topK;

    public ClassificationTranslator(ModelFamily family, int width, int height, List<String> labels, int topK) {
        super(family.input(width, height));
        if (topK < 1) {
            throw new InvalidSettingException("topK", "must be at least 1, got " + topK);
        }
        this.labels = List.copyOf(labels);
        this.topK = topK;
    }

    @Override
    protected int classes(List<OutputTensor> outputs) {
        if (outputs.size() != 1 || outputs.get(0).rank() != 2) {
            throw new IllegalArgumentException(
                    "classifier: expected one output [N, classes] of logits, the model gave " + outputs);
        }
        return outputs.get(0).dim(1);
    }

    @Override
    protected List<Classification> decode(List<OutputTensor> outputs, int b, Letterbox letterbox) {
        OutputTensor logits = outputs.get(0);
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("classifier: expected [N, classes] logits, the model gave " + outputs);
        }
        int classes = logits.dim(1);
        float[] probabilities = TopK.softmax(logits.data(), b * classes, classes);
        int[] best = TopK.indices(probabilities, Math.min(topK, classes));
        List<Classification> result = new ArrayList<>(best.length);
        for (int c : best) {
            result.add(new Classification(Labels.of(labels, c), c, probabilities[c]));
        }
        return result;
    }
}
