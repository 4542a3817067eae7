package dev.vision.core.inference;

import ai.djl.Device;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import ai.djl.translate.TranslateException;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.VisionException;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.model.InferenceEngine;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.preprocess.ImagePreprocessor;
import dev.vision.core.preprocess.InputSpec;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * One loaded model with its predictor and translator: batches of BGR images in, one answer per image out,
 * with the time each stage took. {@link Detector} and {@link Classifier} are the two kinds.
 *
 * <p>Thread-safety: the model calls are synchronized, so one instance may be shared by several threads
 * (their calls run one at a time); for calls in parallel, give each thread its own instance. PyTorch runs
 * fastest on the thread that loaded it.
 *
 * @param <O> what the model says about one image
 */
public abstract class ImageModel<O> implements AutoCloseable {

    private final ResolvedModel model;
    private final Device device;
    private final int threads;
    private boolean verified;
    private final BatchTranslator<O> translator;
    private final ZooModel<List<Mat>, List<O>> zooModel;
    private final Predictor<List<Mat>, List<O>> predictor;

    ImageModel(ResolvedModel model, Device device, int threads, BatchTranslator<O> translator) {
        this.model = model;
        this.device = device;
        this.threads = threads;
        this.translator = translator;
        try {
            this.zooModel = ModelLoader.load(model, device, threads, translator, List.class, List.class);
        } catch (RuntimeException e) {
            translator.close();
            throw e;
        }
        this.predictor = zooModel.newPredictor();
    }

    /** The model that was loaded: name, file, sha256, licence, family, engine, labels. */
    public ResolvedModel model() {
        return model;
    }

    /** Where it runs. */
    public Device device() {
        return device;
    }

    /** "cpu" or "gpu:N". */
    public String deviceName() {
        return DeviceSelector.describe(device);
    }

    /**
     * Lets the calling thread run this model with the intra-op threads it was loaded with. PyTorch keeps
     * that setting per thread, so a thread other than the loading one (a Spark task's, a pool's) otherwise
     * runs it with libtorch's default of every core. Nothing to do for ONNX Runtime, whose session holds it.
     */
    public void useFromThisThread() {
        ModelLoader.applyThreadSettings(model, threads);
    }

    /** Intra-op threads it was loaded with (0: the engine's default). */
    public int threads() {
        return threads;
    }

    /** The frame result for one image's answer. */
    public abstract FrameResult toResult(FrameMeta meta, O output, StageTimings timings);

    /**
     * Runs each image of a batch; the timings are the whole batch's.
     *
     * @throws TranslateException when the engine or the decoding fails on this input
     */
    public synchronized Batch<O> run(List<Mat> images) throws TranslateException {
        int max = model.maxBatch();
        if (max <= 0 || images.size() <= max) {
            return runOnce(images);
        }
        // a batch-1 export: as many calls as it takes, answers and times put together
        List<O> outputs = new ArrayList<>(images.size());
        StageTimings total = StageTimings.ZERO;
        for (int from = 0; from < images.size(); from += max) {
            Batch<O> part = runOnce(images.subList(from, Math.min(images.size(), from + max)));
            outputs.addAll(part.outputs());
            total = total.plus(part.timings());
        }
        return new Batch<>(outputs, total);
    }

    private Batch<O> runOnce(List<Mat> images) throws TranslateException {
        long start = System.nanoTime();
        List<O> outputs = predictor.predict(images);
        long total = System.nanoTime() - start;
        long pre = translator.lastPreprocessNanos();
        long post = translator.lastPostprocessNanos();
        return new Batch<>(outputs, new StageTimings(pre / 1e6, Math.max(0, total - pre - post) / 1e6, post / 1e6));
    }

    /**
     * The model's answer for each image of a batch, in order, in one model call. Each image is a
     * {@link java.nio.file.Path}, encoded {@code byte[]}, an OpenCV {@link Mat} (left as it is) or a
     * {@link java.awt.image.BufferedImage}.
     *
     * @throws dev.vision.core.capture.UnreadableInputException when an image cannot be read
     * @throws VisionException when the model fails on the batch
     */
    public List<O> predictAll(List<?> images) {
        List<Mat> mats = ImageInputs.toBgr(images);
        try {
            return run(mats).outputs();
        } catch (TranslateException e) {
            throw new VisionException("model " + model.name() + " failed: " + e.getMessage(), e);
        } finally {
            ImageInputs.release(mats);
        }
    }

    /**
     * Runs the model once on a blank image and checks that what comes out is what its family reads, and that
     * its labels name every class; called by the builders before a model is handed out.
     *
     * @throws ModelLoadException when the output does not fit the family (saying what it was and what the
     *                            family expects)
     * @throws dev.vision.core.InvalidSettingException when the labels do not match the model's classes
     */
    synchronized void verify() {
        Mat grey = new Mat(
                translator.inputSpec().height(),
                translator.inputSpec().width(),
                CvType.CV_8UC3,
                new Scalar(114, 114, 114));
        try {
            predictor.predict(List.of(grey));
        } catch (TranslateException | RuntimeException e) {
            Throwable cause = e;
            while (cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            throw new ModelLoadException(
                    "model " + model.name() + " cannot be read as family " + model.family() + " at "
                            + model.inputWidth() + "x" + model.inputHeight() + ": " + firstLine(cause),
                    e);
        } finally {
            grey.release();
        }
        verified = true;
        BatchTranslator.OutputLayout layout = translator.lastLayout();
        List<String> labels = model.labels();
        if (!labels.isEmpty() && layout.classes() > 0 && labels.size() != layout.classes()) { // 0: not in the shape
            throw new InvalidSettingException(
                    "labels",
                    "the model has " + layout.classes()
                            + " classes (output " + layout.describe() + ") but its labels name " + labels.size()
                            + "; give one name a line, in the model's class order");
        }
    }

    /** The message on one line (engines write several). */
    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    /**
     * Runs the model on a grey batch so the first real image does not pay for lazy initialisation
     * (PyTorch's graph executor optimises a traced model over its first calls).
     */
    public synchronized void warmUp(int batchSize) {
        Mat grey = new Mat(
                translator.inputSpec().height(),
                translator.inputSpec().width(),
                CvType.CV_8UC3,
                new Scalar(114, 114, 114));
        try {
            int size = model.maxBatch() > 0 ? Math.min(batchSize, model.maxBatch()) : batchSize;
            List<Mat> batch = Collections.nCopies(size, grey);
            int passes = model.engine() == InferenceEngine.PYTORCH ? 2 : 1;
            if (verified && size == 1) {
                passes--; // the check at load already ran the model once on one blank image
            }
            for (int i = 0; i < passes; i++) {
                predictor.predict(batch);
            }
        } catch (TranslateException e) {
            // a model that fails here fails on the first image too, with that image named in the message
        } finally {
            grey.release();
        }
    }

    /** The smallest image side the model's preprocessing needs without enlarging (see {@link InputSpec#neededSide()}). */
    public int neededImageSide() {
        return translator.inputSpec().neededSide();
    }

    private static final int WARM_UP_PASSES = 10;

    /**
     * Milliseconds per image of a forward pass of the model alone on {@code images} as one batch (no more
     * than the model takes per call): the input tensor is made once, then only the engine's forward pass is
     * timed, {@code passes} times after {@value #WARM_UP_PASSES} untimed ones (PyTorch's profiling executor
     * optimises its graph over the first calls). The median pass, as one slow pass on a shared machine would
     * move a mean.
     */
    public synchronized double forwardOnlyMs(List<Mat> all, int passes) throws TranslateException {
        return onRawInput(all, (raw, tensor, images) -> {
            long[] took = new long[passes];
            for (int i = 0; i < passes + WARM_UP_PASSES; i++) {
                long start = System.nanoTime();
                NDList out = raw.predict(tensor);
                long end = System.nanoTime();
                out.close();
                if (i >= WARM_UP_PASSES) {
                    took[i - WARM_UP_PASSES] = end - start;
                }
            }
            Arrays.sort(took);
            return took[passes / 2] / 1e6 / images;
        });
    }

    /**
     * Writes libtorch's operator profile of {@code passes} forward passes on {@code images} (after the
     * warm-up passes) to {@code traceFile} as a Chrome trace: where a forward pass spends its time, op by op.
     *
     * @return the trace file
     *
     * @throws IllegalStateException when the model does not run on PyTorch, the only engine that profiles so
     */
    public synchronized Path traceForwardPasses(List<Mat> all, int passes, Path traceFile) throws TranslateException {
        if (model.engine() != InferenceEngine.PYTORCH) {
            throw new IllegalStateException("an operator trace needs the PyTorch engine, not " + model.engine());
        }
        onRawInput(all, (raw, tensor, images) -> {
            for (int i = 0; i < WARM_UP_PASSES; i++) {
                raw.predict(tensor).close();
            }
            JniUtils.startProfile(false, true, false);
            try {
                for (int i = 0; i < passes; i++) {
                    raw.predict(tensor).close();
                }
            } finally {
                JniUtils.stopProfile(traceFile.toAbsolutePath().toString());
            }
            return 0.0;
        });
        return traceFile;
    }

    private interface RawInputUse {
        double apply(Predictor<NDList, NDList> raw, NDList tensor, int images) throws TranslateException;
    }

    /** Runs {@code use} with a raw predictor and the images made once into the model's input tensor. */
    private double onRawInput(List<Mat> all, RawInputUse use) throws TranslateException {
        List<Mat> images =
                model.maxBatch() > 0 && all.size() > model.maxBatch() ? all.subList(0, model.maxBatch()) : all;
        InputSpec spec = translator.inputSpec();
        int perImage = spec.floatsPerImage();
        ByteBuffer input = ByteBuffer.allocateDirect(images.size() * perImage * Float.BYTES)
                .order(ByteOrder.nativeOrder());
        try (ImagePreprocessor preprocessor = new ImagePreprocessor(spec);
                NDManager manager = zooModel.getNDManager().newSubManager();
                Predictor<NDList, NDList> raw = zooModel.newPredictor(new NoopTranslator())) {
            for (int i = 0; i < images.size(); i++) {
                preprocessor.prepare(images.get(i), input, i * perImage);
            }
            NDList tensor = new NDList(
                    manager.create(input.asFloatBuffer(), new Shape(images.size(), 3, spec.height(), spec.width())));
            return use.apply(raw, tensor, images.size());
        }
    }

    /** The answers for each image of a batch, in input order, and what the batch cost. */
    public record Batch<O>(List<O> outputs, StageTimings timings) {}

    @Override
    public synchronized void close() {
        predictor.close();
        zooModel.close();
        translator.close();
    }
}
