package dev.vision.core.postprocess;

import dev.vision.core.InvalidSettingException;
import java.util.Objects;

/**
 * The user's thresholds: minimum score, NMS IoU, the classes to keep and the most detections per image.
 */
public record DetectionFilter(float confidence, float iou, ClassSelection classes, int maxDetections) {

    public static final float DEFAULT_CONFIDENCE = 0.25f;
    public static final float DEFAULT_IOU = 0.45f;
    public static final int DEFAULT_MAX_DETECTIONS = 300;

    public DetectionFilter {
        if (!(confidence >= 0 && confidence <= 1)) {
            throw new InvalidSettingException("conf", "must be within 0..1, got " + confidence);
        }
        if (!(iou > 0 && iou <= 1)) {
            throw new InvalidSettingException("iou", "must be within (0, 1], got " + iou);
        }
        if (maxDetections < 1) {
            throw new InvalidSettingException("maxDetections", "must be at least 1, got " + maxDetections);
        }
        Objects.requireNonNull(classes);
    }

    public static DetectionFilter defaults() {
        return new DetectionFilter(DEFAULT_CONFIDENCE, DEFAULT_IOU, ClassSelection.ALL, DEFAULT_MAX_DETECTIONS);
    }

    public boolean allows(int classId) {
        return classes.allows(classId);
    }
}
