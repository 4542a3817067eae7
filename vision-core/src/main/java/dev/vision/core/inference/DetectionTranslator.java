package dev.vision.core.inference;

import dev.vision.core.model.ModelFamily;
import dev.vision.core.postprocess.Candidates;
import dev.vision.core.postprocess.DetectionDecoder;
import dev.vision.core.postprocess.DetectionFilter;
import dev.vision.core.postprocess.Nms;
import dev.vision.core.postprocess.OutputTensor;
import dev.vision.core.preprocess.InputSpec;
import dev.vision.core.preprocess.Letterbox;
import dev.vision.core.result.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * From BGR images to detections in original pixels, for one family of detectors: its {@link InputSpec}
 * says how the input tensor is made, its {@link DetectionDecoder} how the output is read (both from the
 * {@link ModelFamily}); then the user's
 * thresholds, class-wise NMS, and the letterbox undone.
 */
public final class DetectionTranslator extends BatchTranslator<List<Detection>> {

    private final DetectionDecoder decoder;
    private final List<String> labels;
    private final Candidates candidates = new Candidates();
    private final DetectionFilter filter;

    public DetectionTranslator(ModelFamily family, int width, int height, List<String> labels, DetectionFilter filter) {
        super(family.input(width, height));
        this.decoder = family.newDecoder();
        this.labels = List.copyOf(labels);
        this.filter = filter;
    }

    @Override
    protected int classes(List<OutputTensor> outputs) {
        return decoder.classes(outputs, inputSpec());
    }

    @Override
    protected List<Detection> decode(List<OutputTensor> outputs, int b, Letterbox letterbox) {
        DetectionFilter f = filter;
        candidates.clear();
        decoder.decode(outputs, b, inputSpec(), f, candidates);
        int[] kept = decoder.suppressesItself()
                ? firstOf(candidates.size(), f.maxDetections())
                : Nms.classWise(candidates, f.iou(), f.maxDetections());
        List<Detection> detections = new ArrayList<>(kept.length);
        for (int i : kept) {
            int cls = candidates.classId(i);
            detections.add(new Detection(
                    Labels.of(labels, cls),
                    cls,
                    candidates.score(i),
                    letterbox.toOriginal(candidates.x1(i), candidates.y1(i), candidates.x2(i), candidates.y2(i))));
        }
        return detections;
    }

    /** The first {@code max} candidates, in the model's order (an end-to-end model's: best first). */
    private static int[] firstOf(int size, int max) {
        return IntStream.range(0, Math.min(size, max)).toArray();
    }
}
