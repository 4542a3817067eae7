package dev.vision.core.inference;

import ai.djl.Device;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.result.Classification;
import dev.vision.core.result.ClassificationResult;
import dev.vision.core.result.StageTimings;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.opencv.core.Mat;

/**
 * An image classifier: the top-k classes of each image, with softmax probabilities, most probable first.
 *
 * <pre>{@code
 * try (Classifier classifier = Classifier.builder().topK(3).build()) {
 *     classifier.classify(Path.of("cat.jpg")).forEach(c -> System.out.println(c.label() + " " + c.score()));
 * }
 * }</pre>
 *
 * <p>Thread-safety: as {@link Detector}: calls are synchronized; one classifier per thread for parallel calls.
 */
public final class Classifier extends ImageModel<List<Classification>> {

    static {
        OpenCvRuntime.load();
    }

    private Classifier(ResolvedModel model, Device device, int threads, int topK) {
        super(
                model,
                device,
                threads,
                new ClassificationTranslator(
                        model.family(), model.inputWidth(), model.inputHeight(), model.labels(), topK));
    }

    /** A builder with the defaults: {@code mobilenet-v2} (int8), engine and device {@code auto}, top 5. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The top classes of one image: a file, encoded bytes, an OpenCV {@link Mat} or a {@link BufferedImage}.
     *
     * @throws dev.vision.core.capture.UnreadableInputException when the image cannot be read
     */
    public List<Classification> classify(Path image) {
        return classifyAll(List.of(image)).get(0);
    }

    /** @see #classify(Path) */
    public List<Classification> classify(byte[] encodedImage) {
        return classifyAll(List.of(encodedImage)).get(0);
    }

    /** @see #classify(Path) */
    public List<Classification> classify(Mat image) {
        return classifyAll(List.of(image)).get(0);
    }

    /** @see #classify(Path) */
    public List<Classification> classify(BufferedImage image) {
        return classifyAll(List.of(image)).get(0);
    }

    /** The top classes of each image of a batch (one model call), in order. */
    public List<List<Classification>> classifyAll(List<?> images) {
        return predictAll(images);
    }

    @Override
    public ClassificationResult toResult(FrameMeta meta, List<Classification> output, StageTimings timings) {
        return new ClassificationResult(meta, output, timings);
    }

    /** Settings of a {@link Classifier}; all optional. Not thread-safe. */
    public static final class Builder extends ModelBuilder<Builder> {
        private int topK = 5;

        private Builder() {
            super("mobilenet-v2");
        }

        /** Classes reported per image (default 5). */
        public Builder topK(int topK) {
            this.topK = topK;
            return this;
        }

        /**
         * Checks the settings, resolves the model (sha256 verified) and loads it.
         *
         * @throws InvalidSettingException for a setting out of range or a detector model
         */
        public Classifier build() {
            if (topK < 1) {
                throw new InvalidSettingException("topK", "must be at least 1, got " + topK);
            }
            Plan plan = plan(ModelFamily.Task.CLASSIFY);
            Classifier classifier = new Classifier(plan.model(), plan.device(), plan.threads(), topK);
            try {
                classifier.verify();
            } catch (RuntimeException e) {
                classifier.close();
                throw e;
            }
            return classifier;
        }
    }
}
