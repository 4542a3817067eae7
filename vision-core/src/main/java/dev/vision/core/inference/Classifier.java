package dev.vision.core.inference;

import ai.djl.Device;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.result.Classification;
import java.util.List;

/** An image classifier: the top-k classes of each image, with softmax probabilities. */
public final class Classifier extends ImageModel<List<Classification>> {

    private Classifier(ResolvedModel model, Device device, int threads, ClassificationTranslator translator)
            throws ModelLoader.ModelLoadException {
        super(model, device, threads, translator);
    }

    public static Classifier load(ResolvedModel model, Device device, int threads, int topK)
            throws ModelLoader.ModelLoadException {
        if (model.family() != ModelFamily.CLASSIFICATION) {
            throw new IllegalArgumentException("model " + model.name() + " is a detector, not a classifier: use "
                    + "'vision detect'");
        }
        return new Classifier(model, device, threads,
                new ClassificationTranslator(model.inputWidth(), model.inputHeight(), model.labels(), topK));
    }
}
