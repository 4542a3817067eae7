package dev.vision.app;

import dev.vision.core.pipeline.FrameProcessor;

/** The hidden {@code --simulate-slow-model MS}: a model step that takes MS longer, to test back-pressure. */
final class SlowModel {

    private SlowModel() {}

    static FrameProcessor slowedBy(FrameProcessor processor, long delayMs) {
        if (delayMs <= 0) {
            return processor;
        }
        return frames -> {
            var results = processor.process(frames);
            Thread.sleep(delayMs);
            return results;
        };
    }
}
