package dev.vision.core.inference;

import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.postprocess.Yolov8Decoder;
import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/** YOLOv8 and YOLO11 exports: the same input as YOLOv5; decoded boxes, class scores, no objectness. */
public final class Yolov8Translator extends DetectionTranslator {

    public Yolov8Translator(int width, int height, List<String> labels, DetectionFilter filter) {
        super(UltralyticsInput.spec(width, height), new Yolov8Decoder(), labels, filter);
    }
}
