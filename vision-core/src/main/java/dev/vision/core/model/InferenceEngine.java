package dev.vision.core.model;

import dev.vision.core.InvalidSettingException;
import java.util.Locale;

/** The DJL engines vision runs models on, and the file types each takes. */
public enum InferenceEngine {
    PYTORCH("pytorch", "PyTorch"),
    ONNXRUNTIME("onnxruntime", "OnnxRuntime");

    private final String id;
    private final String djlName;

    InferenceEngine(String id, String djlName) {
        this.id = id;
        this.djlName = djlName;
    }

    /** The name used on the command line and in model descriptors. */
    public String id() {
        return id;
    }

    /** The name DJL's {@code Engine.getEngine} knows. */
    public String djlName() {
        return djlName;
    }

    public static InferenceEngine parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "pytorch", "torch", "pt" -> PYTORCH;
            case "onnxruntime", "onnx", "ort" -> ONNXRUNTIME;
            default ->
                throw new InvalidSettingException("engine", "unknown engine '" + s + "' (pytorch or onnxruntime)");
        };
    }

    /** The engine a model file is meant for, judged by its extension. */
    public static InferenceEngine forFile(String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".onnx") ? ONNXRUNTIME : PYTORCH;
    }
}
