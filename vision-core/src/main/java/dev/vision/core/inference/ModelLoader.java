package dev.vision.core.inference;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.engine.EngineException;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.Translator;
import dev.vision.core.InvalidSettingException;
import dev.vision.core.model.InferenceEngine;
import dev.vision.core.model.ResolvedModel;
import dev.vision.core.natives.NativeLibraries;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** Loads a verified model file into a DJL {@link ZooModel} on the chosen engine and device. */
public final class ModelLoader {

    private ModelLoader() {}

    @SuppressWarnings("unchecked")
    public static <I, O> ZooModel<I, O> load(
            ResolvedModel model,
            Device device,
            int threads,
            Translator<I, O> translator,
            Class<?> inputType,
            Class<?> outputType)
            throws ModelLoadException {
        if (model.engine() == InferenceEngine.PYTORCH) {
            refuseNonTorchScript(model.file());
            if (threads > 0 && System.getProperty("ai.djl.pytorch.num_interop_threads") == null) {
                // libtorch takes its inter-op pool size only before its first parallel work: set it for the
                // engine's start; the intra-op threads are set per model below, on the loading thread
                System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
            }
        }
        if (model.engine() == InferenceEngine.ONNXRUNTIME) {
            NativeLibraries.prepareOnnxRuntime();
        }
        if (device.isGpu() && !model.devices().contains("gpu")) {
            throw new InvalidSettingException(
                    "device",
                    "model " + model.name() + " runs on the CPU only (its "
                            + "int8 kernels have no CUDA version); choose the CPU or an fp32 model");
        }
        Criteria.Builder<I, O> builder = Criteria.builder()
                .setTypes((Class<I>) inputType, (Class<O>) outputType)
                .optModelPath(model.file())
                .optEngine(model.engine().djlName())
                .optDevice(device)
                .optTranslator(translator);
        if (model.engine() == InferenceEngine.PYTORCH) {
            builder.optOption("mapLocation", "true");
        } else {
            if (threads > 0) {
                builder.optOption("intraOpNumThreads", Integer.toString(threads));
                builder.optOption("interOpNumThreads", "1");
            }
            ortOptionsForMeasuring().forEach(builder::optOption);
        }
        try {
            ZooModel<I, O> loaded = builder.build().loadModel();
            applyThreadSettings(model, threads); // the loading thread usually runs the model
            return loaded;
        } catch (ModelNotFoundException | MalformedModelException | IOException | EngineException e) {
            throw new ModelLoadException(
                    "model " + model.name() + ": cannot load " + model.file() + " with "
                            + model.engine().djlName() + ": " + firstLine(e),
                    e);
        }
    }

    /** libtorch's intra-op setting belongs to the thread that makes it: set it for the calling thread. */
    static void applyThreadSettings(ResolvedModel model, int threads) {
        if (model.engine() == InferenceEngine.PYTORCH && threads > 0) {
            JniUtils.setNumThreads(threads);
        }
    }

    /**
     * ONNX Runtime session options from {@code -Dvision.ort.options=optLevel=BASIC_OPT;executionMode=PARALLEL}
     * (DJL's keys: optLevel, executionMode, memoryPatternOptimization, cpuArenaAllocator): how BENCHMARKS.md
     * measured them. None is set by default: the defaults measured as fast as any (see BENCHMARKS.md).
     */
    static Map<String, String> ortOptionsForMeasuring() {
        String spec = System.getProperty("vision.ort.options", "");
        Map<String, String> options = new LinkedHashMap<>();
        for (String pair : spec.split(";")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                options.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return options;
    }

    /**
     * A pickled checkpoint ({@code torch.save(model)}) is also a zip, but only TorchScript archives carry
     * compiled code; refuse the others before libtorch prints a page of C++ stack.
     */
    static void refuseNonTorchScript(Path file) throws ModelLoadException {
        boolean hasCode = false;
        boolean isZip;
        try (ZipFile zip = new ZipFile(file.toFile())) {
            isZip = true;
            for (Enumeration<? extends ZipEntry> e = zip.entries(); e.hasMoreElements(); ) {
                String name = e.nextElement().getName();
                if (name.contains("/code/") || name.endsWith("constants.pkl")) {
                    hasCode = true;
                    break;
                }
            }
        } catch (IOException e) {
            isZip = false;
        }
        if (!isZip || !hasCode) {
            throw new ModelLoadException(
                    "model file " + file + " is not TorchScript (a plain checkpoint or "
                            + "another format); export it with torch.jit.trace(model, example).save(\"model.torchscript\") "
                            + "or use its .onnx export on the ONNX Runtime engine",
                    null);
        }
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
