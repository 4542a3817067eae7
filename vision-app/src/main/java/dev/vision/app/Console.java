package dev.vision.app;

import dev.vision.core.pipeline.RateWindow;
import dev.vision.serve.run.RunConsole;
import java.io.PrintStream;
import java.util.Locale;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * The run's voice on stderr: one line per input, warnings, the summary, and, on a terminal, a progress
 * bar kept on the last line. Lines and bar redraws share one lock so they never interleave.
 */
public final class Console implements RunConsole {

    private final PrintStream err;
    private final boolean interactive;
    private final boolean quiet;
    private ProgressBar bar;
    private String lastBar = "";
    private String unit = "";
    private final RateWindow rate = new RateWindow(5_000_000_000L);

    public Console(PrintStream err, boolean interactive, boolean quiet) {
        this.err = err;
        this.interactive = interactive;
        this.quiet = quiet;
    }

    public static Console forStderr(boolean quiet) {
        return new Console(
                System.err,
                System.console() != null && System.getenv("TERM") != null && !"dumb".equals(System.getenv("TERM")),
                quiet);
    }

    /** Starts a progress bar when stderr is a terminal and the total is known. */
    @Override
    public void startProgress(String task, long total, String unit) {
        if (!interactive || total <= 1) {
            return;
        }
        this.unit = unit.trim();
        // the rate shown is ours, over the last five seconds, not the bar's own
        bar = new ProgressBarBuilder()
                .setTaskName(task)
                .setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(200)
                .setUnit(unit, 1)
                .setConsumer(new DelegatingProgressBarConsumer(this::drawBar, 100))
                .build();
    }

    @Override
    public boolean hasProgressBar() {
        return bar != null;
    }

    @Override
    public void step() {
        if (bar != null) {
            long now = System.nanoTime();
            rate.record(now);
            bar.setExtraMessage(String.format(Locale.ROOT, "%.1f %s/s", rate.perSecond(now), unit));
            bar.step();
        }
    }

    /** A per-input line; suppressed by --quiet. */
    @Override
    public void info(String line) {
        if (!quiet) {
            print(line);
        }
    }

    /** A warning or error line; always shown. */
    @Override
    public synchronized void print(String line) {
        if (bar != null) {
            err.print("\r\033[K");
            err.println(line);
            err.print(lastBar);
        } else {
            err.println(line);
        }
        err.flush();
    }

    private synchronized void drawBar(String rendered) {
        lastBar = rendered;
        err.print("\r" + rendered + "\033[K");
        err.flush();
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            synchronized (this) {
                err.println();
                bar = null;
            }
        }
    }
}
