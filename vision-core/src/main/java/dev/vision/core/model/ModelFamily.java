package dev.vision.core.model;

import java.util.Locale;

/** The output formats vision understands; each has its own translator. */
public enum ModelFamily {
    YOLOX(416),
    PICODET(416),
    YOLOV5(640),
    YOLOV8(640),
    CLASSIFICATION(224);

    private final int defaultInputSize;

    ModelFamily(int defaultInputSize) {
        this.defaultInputSize = defaultInputSize;
    }

    public int defaultInputSize() {
        return defaultInputSize;
    }

    public boolean detects() {
        return this != CLASSIFICATION;
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ModelFamily parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "yolox" -> YOLOX;
            case "picodet" -> PICODET;
            case "yolov5" -> YOLOV5;
            case "yolov8", "yolo11", "yolov11", "yolo8" -> YOLOV8;
            case "classification", "classify", "imagenet" -> CLASSIFICATION;
            default -> throw new IllegalArgumentException("unknown model family '" + s
                    + "' (yolox, picodet, yolov5, yolov8, yolo11, classification)");
        };
    }
}
