package dev.vision.serve.run;

import ai.djl.translate.TranslateException;
import dev.vision.core.frame.Frame;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.result.FrameResult;
import java.util.List;

/** The model of an extra inference worker: loaded, warmed up, used and closed on that worker's thread. */
final class WorkerModel implements FrameProcessor, AutoCloseable {
    private final ImageModel<?> model;
    private final FrameProcessor processor;

    WorkerModel(ImageModel<?> model, int warmBatch) {
        this.model = model;
        model.warmUp(warmBatch);
        this.processor = ModelStepHook.wrap(FrameProcessor.of(model));
    }

    @Override
    public List<FrameResult> process(List<Frame> frames) throws TranslateException, InterruptedException {
        return processor.process(frames);
    }

    @Override
    public void close() {
        model.close();
    }
}
