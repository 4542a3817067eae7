package dev.vision.core.inference;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import dev.vision.core.model.InferenceEngine;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.result.Detection;
import dev.vision.core.result.StageTimings;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * An object detector: one model, one predictor, one translator. Not thread-safe (DJL predictors are
 * not): give each inference thread its own.
 */
public final class Detector implements AutoCloseable {

    private final ResolvedModel model;
    private final Device device;
    private final DetectionTranslator translator;
    private final ZooModel<List<Mat>, List<List<Detection>>> zooModel;
    private final Predictor<List<Mat>, List<List<Detection>>> predictor;

    private Detector(ResolvedModel model, Device device, DetectionTranslator translator,
                     ZooModel<List<Mat>, List<List<Detection>>> zooModel) {
        this.model = model;
        this.device = device;
        this.translator = translator;
        this.zooModel = zooModel;
        this.predictor = zooModel.newPredictor();
    }

    public static Detector load(ResolvedModel model, Device device, int threads, DetectionFilter filter)
            throws ModelLoader.ModelLoadException {
        DetectionTranslator translator = translatorFor(model, filter);
        try {
            return new Detector(model, device, translator,
                    ModelLoader.load(model, device, threads, translator, List.class, List.class));
        } catch (ModelLoader.ModelLoadException | RuntimeException e) {
            translator.close();
            throw e;
        }
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

    public ResolvedModel model() {
        return model;
    }

    public Device device() {
        return device;
    }

    public ModelFamily family() {
        return model.family();
    }

    /** Detects objects in each image of a batch; the timings are for the whole batch. */
    public Batch detect(List<Mat> images) throws TranslateException {
        long start = System.nanoTime();
        List<List<Detection>> detections = predictor.predict(images);
        long total = System.nanoTime() - start;
        long pre = translator.lastPreprocessNanos();
        long post = translator.lastPostprocessNanos();
        return new Batch(detections, new StageTimings(pre / 1e6, Math.max(0, total - pre - post) / 1e6, post / 1e6));
    }

    /**
     * Runs the model on a grey batch so the first real image does not pay for lazy initialisation
     * (PyTorch's graph executor optimises a traced model over its first calls).
     */
    public void warmUp(int batchSize) {
        Mat grey = new Mat(translator.inputSpec().height(), translator.inputSpec().width(), CvType.CV_8UC3,
                new Scalar(114, 114, 114));
        try {
            List<Mat> batch = java.util.Collections.nCopies(batchSize, grey);
            int passes = model.engine() == InferenceEngine.PYTORCH ? 2 : 1;
            for (int i = 0; i < passes; i++) {
                predictor.predict(batch);
            }
        } catch (TranslateException e) {
            // a model that fails here fails on the first image too, with that image named in the message
        } finally {
            grey.release();
        }
    }

    /** The detections of each image of a batch, in input order, and what the batch cost. */
    public record Batch(List<List<Detection>> detections, StageTimings timings) {
    }

    @Override
    public void close() {
        predictor.close();
        zooModel.close();
        translator.close();
    }
}
