package dev.vision.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.vision.core.postprocess.Candidates;
import dev.vision.core.postprocess.DetectionDecoder;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.postprocess.Nms;
import dev.vision.core.postprocess.OutputTensor;
import dev.vision.core.preprocess.ImagePreprocessor;
import dev.vision.core.preprocess.InputSpec;
import dev.vision.core.preprocess.Letterbox;
import dev.vision.core.result.Detection;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/**
 * From BGR images to detections in original pixels, for one family of detectors: its {@link InputSpec}
 * says how the input tensor is made, its {@link DetectionDecoder} how the output is read. A whole batch
 * goes through one call. Not thread-safe: one translator per predictor.
 */
public abstract class DetectionTranslator implements NoBatchifyTranslator<List<Mat>, List<List<Detection>>> {

    private static final String LETTERBOXES = "letterboxes";

    private final ImagePreprocessor preprocessor;
    private final DetectionDecoder decoder;
    private final List<String> labels;
    private final Candidates candidates = new Candidates();
    private volatile DetectionFilter filter;
    private float[] inputBuffer = new float[0];
    private long preprocessNanos;
    private long postprocessNanos;

    protected DetectionTranslator(InputSpec input, DetectionDecoder decoder, List<String> labels,
                                  DetectionFilter filter) {
        this.preprocessor = new ImagePreprocessor(input);
        this.decoder = decoder;
        this.labels = List.copyOf(labels);
        this.filter = filter;
    }

    public InputSpec inputSpec() {
        return preprocessor.spec();
    }

    public void setFilter(DetectionFilter filter) {
        this.filter = filter;
    }

    long lastPreprocessNanos() {
        return preprocessNanos;
    }

    long lastPostprocessNanos() {
        return postprocessNanos;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<Mat> images) {
        long start = System.nanoTime();
        InputSpec spec = preprocessor.spec();
        int perImage = spec.floatsPerImage();
        int n = images.size();
        if (inputBuffer.length != n * perImage) {
            inputBuffer = new float[n * perImage];
        }
        List<Letterbox> boxes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boxes.add(preprocessor.prepare(images.get(i), inputBuffer, i * perImage));
        }
        ctx.setAttachment(LETTERBOXES, boxes);
        NDArray tensor = ctx.getNDManager().create(FloatBuffer.wrap(inputBuffer),
                new Shape(n, 3, spec.height(), spec.width()));
        preprocessNanos = System.nanoTime() - start;
        return new NDList(tensor);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<List<Detection>> processOutput(TranslatorContext ctx, NDList list) {
        long start = System.nanoTime();
        List<OutputTensor> outputs = new ArrayList<>(list.size());
        for (NDArray array : list) {
            outputs.add(new OutputTensor(array.toFloatArray(), array.getShape().getShape()));
        }
        List<Letterbox> boxes = (List<Letterbox>) ctx.getAttachment(LETTERBOXES);
        DetectionFilter f = filter;
        List<List<Detection>> result = new ArrayList<>(boxes.size());
        for (int b = 0; b < boxes.size(); b++) {
            candidates.clear();
            decoder.decode(outputs, b, preprocessor.spec(), f, candidates);
            int[] kept = Nms.classWise(candidates, f.iou(), f.maxDetections());
            Letterbox letterbox = boxes.get(b);
            List<Detection> detections = new ArrayList<>(kept.length);
            for (int i : kept) {
                int cls = candidates.classId(i);
                detections.add(new Detection(label(cls), cls, candidates.score(i), letterbox.toOriginal(
                        candidates.x1(i), candidates.y1(i), candidates.x2(i), candidates.y2(i))));
            }
            result.add(detections);
        }
        postprocessNanos = System.nanoTime() - start;
        return result;
    }

    private String label(int classId) {
        return classId < labels.size() ? labels.get(classId) : "class" + classId;
    }

    /** Frees the preprocessing buffers. */
    public void close() {
        preprocessor.close();
    }
}
