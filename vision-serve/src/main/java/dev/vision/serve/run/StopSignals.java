package dev.vision.serve.run;

/** How a run learns that it should stop early: Ctrl-C, SIGTERM, or a thread of the process that died. */
public interface StopSignals {

    /** What the first stop request does from now on; runs at once if one already came. */
    void onStop(Runnable action);

    /** Whether a stop was asked for by the user. */
    boolean stopRequested();

    /** Whether a thread of the process died of an exception nobody caught (already said on the console). */
    boolean threadDied();
}
