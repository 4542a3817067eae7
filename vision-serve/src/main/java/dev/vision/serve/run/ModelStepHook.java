package dev.vision.serve.run;

import dev.vision.core.pipeline.FrameProcessor;
import java.util.function.UnaryOperator;

/**
 * Wraps the model step of every run of this JVM: nothing unless a test's launcher says otherwise (the tests
 * of back-pressure slow the model down this way; the command line has no such option).
 */
public final class ModelStepHook {

    private static volatile UnaryOperator<FrameProcessor> wrapper = UnaryOperator.identity();

    private ModelStepHook() {}

    static FrameProcessor wrap(FrameProcessor step) {
        return wrapper.apply(step);
    }

    /** For a test's launcher, before the command runs. */
    public static void set(UnaryOperator<FrameProcessor> wrapper) {
        ModelStepHook.wrapper = wrapper;
    }
}
