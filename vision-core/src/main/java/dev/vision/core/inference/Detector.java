package dev.vision.core.inference;

import ai.djl.Device;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.postprocess.ClassSelection;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.StageTimings;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import org.opencv.core.Mat;

/**
 * An object detector: boxes, classes and scores for each image, in the image's own pixels.
 *
 * <pre>{@code
 * try (Detector detector = Detector.builder().model("yolox-nano").conf(0.3f).build()) {
 *     for (Detection d : detector.detect(Path.of("dog.jpg"))) {
 *         System.out.println(d.label() + " " + d.score() + " " + d.box());
 *     }
 * }
 * }</pre>
 *
 * <p>Thread-safety: calls are synchronized, so one detector can be shared by several threads (one call at
 * a time); for parallel calls give each thread its own detector. Close it to free the model's native memory.
 */
public final class Detector extends ImageModel<List<Detection>> {

    static {
        OpenCvRuntime.load();
    }

    private final DetectionFilter filter;

    private Detector(ResolvedModel model, Device device, int threads, DetectionFilter filter) {
        super(
                model,
                device,
                threads,
                new DetectionTranslator(
                        model.family(), model.inputWidth(), model.inputHeight(), model.labels(), filter));
        this.filter = filter;
    }

    /** A builder with the defaults: {@code yolox-nano}, engine and device {@code auto}, conf 0.25, IoU 0.45, 300 boxes. */
    public static Builder builder() {
        return new Builder();
    }

    /** The thresholds this detector applies. */
    public DetectionFilter filter() {
        return filter;
    }

    /**
     * The objects in one image: a file, encoded bytes (JPEG, PNG, …), an OpenCV {@link Mat} (BGR, grey or
     * BGRA; not changed) or a {@link BufferedImage}.
     *
     * @throws dev.vision.core.capture.UnreadableInputException when the image cannot be read
     * @throws dev.vision.core.VisionException when the model fails on it
     */
    public List<Detection> detect(Path image) {
        return detectAll(List.of(image)).get(0);
    }

    /** @see #detect(Path) */
    public List<Detection> detect(byte[] encodedImage) {
        return detectAll(List.of(encodedImage)).get(0);
    }

    /** @see #detect(Path) */
    public List<Detection> detect(Mat image) {
        return detectAll(List.of(image)).get(0);
    }

    /** @see #detect(Path) */
    public List<Detection> detect(BufferedImage image) {
        return detectAll(List.of(image)).get(0);
    }

    /**
     * The objects in each image of a batch (one model call), in order. Each element is a {@link Path},
     * {@code byte[]}, {@link Mat} or {@link BufferedImage}.
     */
    public List<List<Detection>> detectAll(List<?> images) {
        return predictAll(images);
    }

    @Override
    public DetectionResult toResult(FrameMeta meta, List<Detection> output, StageTimings timings) {
        return new DetectionResult(meta, output, timings);
    }

    /** Settings of a {@link Detector}; all optional. Not thread-safe. */
    public static final class Builder extends ModelBuilder<Builder> {
        private float conf = DetectionFilter.DEFAULT_CONFIDENCE;
        private float iou = DetectionFilter.DEFAULT_IOU;
        private int maxDetections = DetectionFilter.DEFAULT_MAX_DETECTIONS;
        private List<String> classes = List.of();

        private Builder() {
            super("yolox-nano");
        }

        /** Lowest score kept, 0..1 (default 0.25). */
        public Builder conf(float conf) {
            this.conf = conf;
            return this;
        }

        /** IoU above which non-maximum suppression drops the lower-scored box of a class (default 0.45). */
        public Builder iou(float iou) {
            this.iou = iou;
            return this;
        }

        /** Most detections kept per image (default 300). */
        public Builder maxDetections(int maxDetections) {
            this.maxDetections = maxDetections;
            return this;
        }

        /** Keep only these classes, by name ({@code "person"}) or id ({@code "0"}); empty keeps all. */
        public Builder classes(List<String> classes) {
            this.classes = classes == null ? List.of() : List.copyOf(classes);
            return this;
        }

        /**
         * Checks the settings, resolves the model (sha256 verified) and loads it.
         *
         * @throws InvalidSettingException for a setting out of range, an unknown class, a classifier model
         * @throws dev.vision.core.model.ModelResolutionException when the model cannot be found or trusted
         * @throws ModelLoadException when the engine cannot load it
         */
        public Detector build() {
            new DetectionFilter(conf, iou, ClassSelection.ALL, maxDetections); // range checks before anything is loaded
            Plan plan = plan(ModelFamily.Task.DETECT);
            DetectionFilter filter =
                    new DetectionFilter(conf, iou, classFilter(plan.model().labels()), maxDetections);
            Detector detector = new Detector(plan.model(), plan.device(), plan.threads(), filter);
            try {
                detector.verify();
            } catch (RuntimeException e) {
                detector.close();
                throw e;
            }
            return detector;
        }

        private ClassSelection classFilter(List<String> labels) {
            if (classes.isEmpty()) {
                return ClassSelection.ALL;
            }
            BitSet keep = new BitSet();
            for (String raw : classes) {
                String name = raw.trim();
                int id = labels.indexOf(name);
                if (id < 0) {
                    id = labels.stream()
                            .map(l -> l.toLowerCase(Locale.ROOT))
                            .toList()
                            .indexOf(name.toLowerCase(Locale.ROOT));
                }
                if (id < 0 && name.matches("\\d+")) {
                    id = Integer.parseInt(name);
                }
                if (id < 0 || (!labels.isEmpty() && id >= labels.size())) {
                    throw new InvalidSettingException(
                            "classes", "unknown class '" + name + "'; this model knows: " + String.join(", ", labels));
                }
                keep.set(id);
            }
            return new ClassSelection.Only(keep);
        }
    }
}
