package dev.vision.core.pipeline;

import dev.vision.core.frame.Frame;
import dev.vision.core.inference.Detector;
import dev.vision.core.result.FrameResult;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/** The model step of the pipeline: frames in, one result per frame out, in order. */
@FunctionalInterface
public interface FrameProcessor {

    List<FrameResult> process(List<Frame> frames) throws Exception;

    /** Detection with {@code detector}; timings are the batch's, shared out per frame. */
    static FrameProcessor detecting(Detector detector) {
        return frames -> {
            List<Mat> images = new ArrayList<>(frames.size());
            for (Frame f : frames) {
                images.add(f.image());
            }
            Detector.Batch batch = detector.detect(images);
            List<FrameResult> results = new ArrayList<>(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                results.add(FrameResult.ofDetections(frames.get(i).meta(), batch.detections().get(i),
                        batch.timings().perImage(frames.size())));
            }
            return results;
        };
    }
}
