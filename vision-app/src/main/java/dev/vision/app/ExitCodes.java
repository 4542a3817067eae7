package dev.vision.app;

/** The documented exit codes of the vision command. */
public final class ExitCodes {

    /** Every input was processed. */
    public static final int OK = 0;
    /** The run finished, but some inputs were skipped. */
    public static final int SKIPPED = 1;
    /** Usage or setup error: bad option, missing model, unreadable source at start, output not writable. */
    public static final int SETUP = 2;
    /** An unexpected exception: a bug in vision, reported in one line naming the exception. */
    public static final int BUG = 3;
    /** Stopped by Ctrl-C or SIGTERM; outputs complete up to that point. */
    public static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
