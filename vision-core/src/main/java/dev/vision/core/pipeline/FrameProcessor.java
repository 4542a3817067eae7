package dev.vision.core.pipeline;

import ai.djl.translate.TranslateException;
import dev.vision.core.frame.Frame;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;

/** The model step of the pipeline: frames in, one result per frame out, in order. */
@FunctionalInterface
public interface FrameProcessor {

    /**
     * @throws TranslateException the model failed on these frames (the pipeline then finds the frame at
     *     fault and skips it when it is the frame's fault)
     * @throws InterruptedException the run is stopping
     */
    List<FrameResult> process(List<Frame> frames) throws TranslateException, InterruptedException;

    /**
     * Runs the frames as one batch; when the batch fails on a frame's fault ({@link FrameFault}), runs each
     * frame alone, so that only the frame at fault is skipped. One outcome per frame, in order.
     *
     * @throws RuntimeException a failure that is no frame's fault (a bug), as thrown
     * @throws InterruptedException the run is stopping
     */
    default List<FrameOutcome> processEach(List<Frame> frames) throws InterruptedException {
        try {
            List<FrameOutcome> outcomes = new ArrayList<>(frames.size());
            for (FrameResult r : process(frames)) {
                outcomes.add(new FrameOutcome.Processed(r));
            }
            return outcomes;
        } catch (TranslateException | RuntimeException e) {
            if (!FrameFault.isFrameFault(e)) {
                throw (RuntimeException) e; // a TranslateException is always the frame's fault
            }
            if (frames.size() == 1) {
                return List.of(new FrameOutcome.Skipped("inference failed: " + e.getMessage()));
            }
            List<FrameOutcome> one = new ArrayList<>(frames.size());
            for (Frame f : frames) {
                one.addAll(processEach(List.of(f))); // find the frame at fault rather than losing the batch
            }
            return one;
        }
    }

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
                Frame f = frames.get(i);
                results.add(toFullSize(model.toResult(f.meta(), batch.outputs().get(i), perFrame), f.image()));
            }
            return results;
        };
    }

    /** Boxes found on an image decoded at a reduced size, in pixels of the whole image. */
    private static FrameResult toFullSize(FrameResult r, Mat image) {
        int w = r.meta().width();
        int h = r.meta().height();
        if (!(r instanceof DetectionResult d) || (image.cols() == w && image.rows() == h)) {
            return r;
        }
        float sx = (float) w / image.cols();
        float sy = (float) h / image.rows();
        List<Detection> scaled = new ArrayList<>(d.detections().size());
        for (Detection det : d.detections()) {
            Box b = det.box();
            scaled.add(det.withBox(new Box(b.x1() * sx, b.y1() * sy, b.x2() * sx, b.y2() * sy).clip(w, h)));
        }
        return d.withDetections(scaled);
    }
}
