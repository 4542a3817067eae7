package dev.vision.core.pipeline;

import dev.vision.core.frame.Frame;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/** The model step of the pipeline: frames in, one result per frame out, in order. */
@FunctionalInterface
public interface FrameProcessor {

    List<FrameResult> process(List<Frame> frames) throws Exception;

    /** Runs {@code model} (a detector or classifier) on a batch of frames; the batch's timings are shared out per frame. */
    static <O> FrameProcessor of(ImageModel<O> model) {
        return frames -> {
            List<Mat> images = new ArrayList<>(frames.size());
            for (Frame f : frames) {
                images.add(f.image());
            }
            ImageModel.Batch<O> batch = model.run(images);
            StageTimings perFrame = batch.timings().perImage(frames.size());
            List<FrameResult> results = new ArrayList<>(frames.size());
            for (int i = 0; i < frames.size(); i++) {
                results.add(model.toResult(frames.get(i).meta(), batch.outputs().get(i), perFrame));
            }
            return results;
        };
    }
}
