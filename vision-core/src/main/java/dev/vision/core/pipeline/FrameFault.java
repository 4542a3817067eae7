package dev.vision.core.pipeline;

import ai.djl.engine.EngineException;
import ai.djl.translate.TranslateException;
import dev.vision.core.VisionException;
import org.opencv.core.CvException;

/**
 * Which failures of a model call belong to the frame (its pixels, the model's answer to them), so that the
 * frame is skipped and the run goes on, and which are bugs, which end the run: a skipped frame hides
 * nothing, a bug turned into skipped frames would hide everything.
 */
public final class FrameFault {

    private FrameFault() {}

    /**
     * True for DJL's translation and engine errors, OpenCV's errors on the image and vision's own input
     * errors; false for anything else (a NullPointerException, an IllegalStateException, …).
     */
    public static boolean isFrameFault(Throwable e) {
        return e instanceof TranslateException
                || e instanceof EngineException
                || e instanceof CvException
                || e instanceof VisionException;
    }
}
