package dev.vision.core.inference;

import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.postprocess.Yolov5Decoder;
import dev.vision.core.preprocess.InputSpec;
import java.util.List;

/** YOLOv5 exports: centred letterbox padded with 114, RGB scaled to 0–1; decoded boxes with objectness. */
public final class Yolov5Translator extends DetectionTranslator {

    public Yolov5Translator(int width, int height, List<String> labels, DetectionFilter filter) {
        super(UltralyticsInput.spec(width, height), new Yolov5Decoder(), labels, filter);
    }
}
