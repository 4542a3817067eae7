package dev.vision.core.inference;

import ai.djl.Device;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.model.InferenceEngine;
import dev.vision.core.model.ModelDescriptor;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ModelRequest;
import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
import dev.vision.core.model.ResolvedModel;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * What {@link Detector.Builder} and {@link Classifier.Builder} share: which model, which engine, device and
 * threads. Every setting has a default; {@code build()} resolves the model through the model store (cache,
 * bundled files, mirrors, URLs; sha256 checked), picks the engine and device, and loads it.
 *
 * @param <B> the concrete builder, so that setters chain
 */
public abstract class ModelBuilder<B extends ModelBuilder<B>> {

    /** Most intra-op threads a model may ask for; more only thrash the machine. */
    static final int MAX_THREADS = 256;

    private String model;
    private Optional<InferenceEngine> engine = Optional.empty();
    private DeviceRequest device = DeviceRequest.AUTO;
    private int threads;
    private boolean video;
    private String family;
    private Path labels;
    private int inputSize;
    private ModelStore store;

    ModelBuilder(String defaultModel) {
        this.model = defaultModel;
    }

    @SuppressWarnings("unchecked")
    private B self() {
        return (B) this;
    }

    /** A built-in model name (see {@code models/}) or the path of a {@code .onnx}, {@code .pt} or {@code .torchscript} file. */
    public B model(String nameOrPath) {
        this.model = nameOrPath;
        return self();
    }

    /** A model file; its {@link #family(String)} must be given too. */
    public B model(Path file) {
        this.model = file.toString();
        return self();
    }

    /** {@code auto} (default: ONNX Runtime on the CPU where the model has an ONNX file, PyTorch on a GPU), {@code pytorch} or {@code onnxruntime}. */
    public B engine(String engine) {
        this.engine = engine == null || engine.trim().equalsIgnoreCase("auto")
                ? Optional.empty()
                : Optional.of(InferenceEngine.parse(engine.trim()));
        return self();
    }

    /** The engine to run on, instead of the automatic choice. */
    public B engine(InferenceEngine engine) {
        this.engine = Optional.of(engine);
        return self();
    }

    /** {@code auto} (default: the first CUDA GPU if usable, else the CPU), {@code cpu}, {@code gpu} or {@code gpu:N}. */
    public B device(String device) {
        this.device = DeviceRequest.parse(device);
        return self();
    }

    /** The device to run on (default {@link DeviceRequest#AUTO}). */
    public B device(DeviceRequest device) {
        this.device = device;
        return self();
    }

    /** Intra-op threads of the engine; 0 (default) lets vision choose (see {@link #videoWorkload(boolean)}). */
    public B threads(int threads) {
        this.threads = threads;
        return self();
    }

    /**
     * Tells the thread choice that decoding and encoding run beside the model (video): with {@code threads}
     * left at 0, ONNX Runtime then takes one core fewer than the machine has (measured faster end to end).
     */
    public B videoWorkload(boolean video) {
        this.video = video;
        return self();
    }

    /** How to read a model file's output: one of {@link ModelFamily#all()} ({@code yolox}, {@code yolov8}, …). */
    public B family(String family) {
        this.family = family;
        return self();
    }

    /** Class names of a model file, one a line; without it classes are numbered. */
    public B labels(Path labels) {
        this.labels = labels;
        return self();
    }

    /** Square input size of a model file; 0 (default) takes its family's. */
    public B inputSize(int inputSize) {
        this.inputSize = inputSize;
        return self();
    }

    /** Where model files come from; default: the store configured by the environment (VISION_CACHE, VISION_MODEL_MIRROR). */
    public B store(ModelStore store) {
        this.store = store;
        return self();
    }

    /** The model, verified and resolved, with the device and threads it will run with. */
    record Plan(ResolvedModel model, Device device, int threads) {}

    /** Checks the settings, resolves the model and picks engine, device and threads; loads nothing. */
    Plan plan(ModelFamily.Task task) {
        OpenCvRuntime.load();
        if (threads < 0 || threads > MAX_THREADS) {
            throw new InvalidSettingException(
                    "threads", "must be between 0 (automatic) and " + MAX_THREADS + ", got " + threads);
        }
        if (inputSize != 0 && (inputSize < 32 || inputSize % 32 != 0 || inputSize > 4096)) {
            throw new InvalidSettingException(
                    "inputSize", "must be a multiple of 32 between 32 and 4096, got " + inputSize);
        }
        ModelStore modelStore =
                store != null ? store : new ModelStore(ModelStoreConfig.fromEnvironment(System.getenv()));
        ModelRequest request = ModelRequest.of(model).withInputSize(inputSize);
        request = chooseEngine(modelStore).map(request::withEngine).orElse(request);
        request = family == null ? request : request.withFamily(ModelFamily.parse(family));
        request = labels == null ? request : request.withLabels(labels);
        ResolvedModel resolved = modelStore.prepare(request);
        if (resolved.family().task() != task) {
            throw new InvalidSettingException(
                    "model",
                    resolved.name() + " is "
                            + (resolved.family().detects()
                                    ? "a detector, not a classifier"
                                    : "a classifier, not a detector"));
        }
        DeviceSelector.Choice chosen = DeviceSelector.choose(device, resolved.engine());
        if (chosen.fallback().isPresent()) {
            resolved = resolved.withNote(chosen.fallback().get());
        }
        return new Plan(resolved, chosen.device(), threadsFor(resolved.engine()));
    }

    /** The engine asked for, or chosen for a built-in model; empty for a model file, which has its own. */
    private Optional<InferenceEngine> chooseEngine(ModelStore modelStore) {
        if (engine.isPresent()) {
            return engine;
        }
        Optional<ModelDescriptor> builtIn = modelStore.find(model);
        if (builtIn.isEmpty()) {
            return Optional.empty();
        }
        Set<InferenceEngine> available = EnumSet.noneOf(InferenceEngine.class);
        builtIn.get().files().keySet().forEach(id -> available.add(InferenceEngine.parse(id)));
        return Optional.of(EngineChoice.choose(available, device));
    }

    /**
     * The given threads, or the measured best: for video on ONNX Runtime one core fewer than the machine
     * has, because decoding, drawing and H.264 encoding run beside the model (on 2 cores: 45 FPS end to
     * end with 1 intra-op thread against 41 with 2); otherwise the engine's default (0).
     */
    private int threadsFor(InferenceEngine chosen) {
        if (threads > 0) {
            return threads;
        }
        if (chosen == InferenceEngine.ONNXRUNTIME && video) {
            return Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        }
        return 0;
    }
}
