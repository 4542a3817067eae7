package dev.vision.core.inference;

import ai.djl.Device;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.result.Detection;
import java.util.List;

/** An object detector: boxes, classes and scores for each image. */
public final class Detector extends ImageModel<List<Detection>> {

    private Detector(ResolvedModel model, Device device, int threads, DetectionTranslator translator)
            throws ModelLoader.ModelLoadException {
        super(model, device, threads, translator);
    }

    public static Detector load(ResolvedModel model, Device device, int threads, DetectionFilter filter)
            throws ModelLoader.ModelLoadException {
        return new Detector(model, device, threads, translatorFor(model, filter));
    }

    static DetectionTranslator translatorFor(ResolvedModel model, DetectionFilter filter) {
        int w = model.inputWidth();
        int h = model.inputHeight();
        return switch (model.family()) {
            case YOLOX -> new YoloxTranslator(w, h, model.labels(), filter);
            case PICODET -> new PicodetTranslator(w, h, model.labels(), filter);
            case YOLOV5 -> new Yolov5Translator(w, h, model.labels(), filter);
            case YOLOV8 -> new Yolov8Translator(w, h, model.labels(), filter);
            case CLASSIFICATION -> throw new IllegalArgumentException("model " + model.name()
                    + " is a classifier, not a detector: use 'vision classify'");
        };
    }
}
