package dev.vision.core.pipeline;

import java.util.Locale;

/** The timed stages of a run, in pipeline order; {@link #LATENCY} is capture-to-written for each frame. */
public enum Stage {
    DECODE,
    PREPROCESS,
    INFERENCE,
    POSTPROCESS,
    ANNOTATE,
    WRITE,
    LATENCY;

    /** The name in JSON, metrics and the console ("decode"). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
