package dev.vision.core.inference;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslatorContext;
import dev.vision.core.postprocess.OutputTensor;
import dev.vision.core.preprocess.ImagePreprocessor;
import dev.vision.core.preprocess.InputSpec;
import dev.vision.core.preprocess.Letterbox;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.opencv.core.Mat;

/**
 * The part every image model shares: a batch of BGR images becomes one NCHW tensor as the family's
 * {@link InputSpec} says, and the outputs come back to the Java heap, engine-independent, for the
 * family's decoding. Records how long the Java-side stages took. Not thread-safe: one per predictor.
 *
 * @param <O> what the model says about one image
 */
public abstract class BatchTranslator<O> implements NoBatchifyTranslator<List<Mat>, List<O>> {

    private static final String LETTERBOXES = "letterboxes";

    private final ImagePreprocessor preprocessor;
    /** The batch's input, in native memory the engines read directly; reused while the batch size holds. */
    private ByteBuffer inputBuffer = ByteBuffer.allocateDirect(0);

    private long preprocessNanos;
    private long postprocessNanos;

    protected BatchTranslator(InputSpec input) {
        this.preprocessor = new ImagePreprocessor(input);
    }

    public InputSpec inputSpec() {
        return preprocessor.spec();
    }

    long lastPreprocessNanos() {
        return preprocessNanos;
    }

    long lastPostprocessNanos() {
        return postprocessNanos;
    }

    /** What the model says about image {@code b} of the batch, placed in the input by {@code letterbox}. */
    protected abstract O decode(List<OutputTensor> outputs, int b, Letterbox letterbox);

    /** How many classes the model's outputs hold (read from their shapes). */
    protected abstract int classes(List<OutputTensor> outputs);

    /** The output shapes and class count of the last batch, for checking a model once it is loaded. */
    record OutputLayout(List<long[]> shapes, int classes) {
        String describe() {
            return shapes.stream().map(Arrays::toString).collect(Collectors.joining(", "));
        }
    }

    private volatile OutputLayout lastLayout;

    OutputLayout lastLayout() {
        return lastLayout;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, List<Mat> images) {
        long start = System.nanoTime();
        InputSpec spec = preprocessor.spec();
        int perImage = spec.floatsPerImage();
        int n = images.size();
        if (inputBuffer.capacity() != n * perImage * Float.BYTES) {
            inputBuffer = ByteBuffer.allocateDirect(n * perImage * Float.BYTES).order(ByteOrder.nativeOrder());
        }
        List<Letterbox> boxes = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boxes.add(preprocessor.prepare(images.get(i), inputBuffer, i * perImage));
        }
        ctx.setAttachment(LETTERBOXES, boxes);
        FloatBuffer floats =
                inputBuffer.duplicate().order(ByteOrder.nativeOrder()).clear().asFloatBuffer();
        NDArray tensor = ctx.getNDManager().create(floats, new Shape(n, 3, spec.height(), spec.width()));
        preprocessNanos = System.nanoTime() - start;
        return new NDList(tensor);
    }

    @Override
    @SuppressWarnings("unchecked")
    public List<O> processOutput(TranslatorContext ctx, NDList list) {
        long start = System.nanoTime();
        List<OutputTensor> outputs = new ArrayList<>(list.size());
        for (NDArray array : list) {
            outputs.add(new OutputTensor(array.toFloatArray(), array.getShape().getShape()));
        }
        List<Letterbox> boxes = (List<Letterbox>) ctx.getAttachment(LETTERBOXES);
        if (lastLayout == null) {
            lastLayout =
                    new OutputLayout(outputs.stream().map(OutputTensor::shape).toList(), classes(outputs));
        }
        List<O> result = new ArrayList<>(boxes.size());
        for (int b = 0; b < boxes.size(); b++) {
            result.add(decode(outputs, b, boxes.get(b)));
        }
        postprocessNanos = System.nanoTime() - start;
        return result;
    }

    /** Frees the preprocessing buffers. */
    public void close() {
        preprocessor.close();
    }
}
