package dev.vision.serve.run;

import dev.vision.core.privacy.Privacy;
import dev.vision.core.run.OutputPlan;
import dev.vision.serve.store.StoreLocation;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.LongSupplier;

/**
 * Everything a one-shot run is told besides its task: its sources as given, how it paces and decodes them,
 * where its results go and whether a live page serves it. The command line fills one from its options.
 *
 * @param sources     the source specs as given (for the record and the live page)
 * @param commandLine the arguments as given, for run.json
 * @param batch       frames per model call
 * @param vidStride   every how many frames one is processed
 * @param outputs     the run's folder, files and event targets
 * @param workers     inference workers (1: the run's own thread only)
 * @param serve       where the live page listens, if it is served
 * @param motion      motion gating's threshold, if the model runs only on frames that changed
 * @param decode      whether a source may be decoded at the reduced size the model needs
 * @param pace        whether a file is played at its own pace, as a camera would deliver it
 * @param summary     whether the JSON lines end with a summary object
 * @param maxFps      the rate above which frames are left out, if one was given (reported at the end)
 * @param history     the event store the run's objects and events are written to, if any
 * @param privacy     the masks painted on each frame or making vision ignore an area, and the classes blurred
 * @param memoryLimit the bytes the process may use (the run is refused before it starts if it would not fit)
 */
public record RunPlan(
        List<String> sources,
        List<String> commandLine,
        int batch,
        int vidStride,
        OutputPlan outputs,
        int workers,
        Optional<ServeAddress> serve,
        Optional<Double> motion,
        Decode decode,
        Pace pace,
        SummaryLine summary,
        OptionalDouble maxFps,
        Optional<StoreLocation> history,
        Privacy privacy,
        LongSupplier memoryLimit) {

    /** Whether a source may be decoded at a reduced size. */
    public enum Decode {
        /** At the size the model needs, where nothing else needs the full frame. */
        REDUCED,
        FULL
    }

    /** How fast a file is read. */
    public enum Pace {
        AS_FAST_AS_PROCESSED,
        /** At its own frame rate, as a camera delivers it: frames the model cannot keep up with are dropped. */
        REAL_TIME
    }

    /** Whether the JSON lines end with the run's summary. */
    public enum SummaryLine {
        WRITTEN,
        LEFT_OUT
    }
}
