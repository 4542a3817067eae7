package dev.vision.serve.run;

/**
 * Where a run speaks to the person who started it: a line per input, warnings, the summary, and a progress
 * bar where the console can draw one.
 */
public interface RunConsole extends AutoCloseable {

    /** Starts a progress bar of {@code total} steps, where the console can draw one and the total is known. */
    void startProgress(String task, long total, String unit);

    /** Whether a progress bar is being drawn (then periodic status lines are not needed). */
    boolean hasProgressBar();

    /** One step of the progress bar, if there is one. */
    void step();

    /** A line about one input; a quiet console leaves it out. */
    void info(String line);

    /** A warning, an error or a summary line: always shown. */
    void print(String line);

    /** Ends the progress bar. */
    @Override
    void close();
}
