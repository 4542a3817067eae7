package dev.vision.serve.run;

import dev.vision.core.pipeline.RunListener;
import dev.vision.core.result.FrameResult;
import java.util.Locale;

/** How a run shows its progress on the console: per video frame, or a line per image. */
public final class RunProgress {

    private RunProgress() {}

    /**
     * The progress bar on a terminal, else (a log, a pipe) a line every ten seconds: "image 120/5000, 31.2
     * images/s"; a skipped input is named with why.
     *
     * @param noun what is counted, as the line starts ("image", "frame")
     * @param rate the unit of the rate ("images/s", "FPS")
     */
    public static RunListener counted(RunConsole console, String noun, String rate) {
        return new VideoProgress(console, noun, rate);
    }

    /** For video: the progress bar on a terminal, else a status line every ten seconds. */
    static final class VideoProgress implements RunListener {
        private final RunConsole console;
        private final String noun;
        private final String rate;
        private long lastLine = System.nanoTime();
        private long lastCount;

        VideoProgress(RunConsole console, String noun, String rate) {
            this.console = console;
            this.noun = noun;
            this.rate = rate;
        }

        @Override
        public void processed(FrameResult r, long done, long expected) {
            console.step();
            long now = System.nanoTime();
            if (!console.hasProgressBar() && now - lastLine > 10_000_000_000L) {
                double fps = (done - lastCount) / ((now - lastLine) / 1e9);
                console.info(String.format(
                        Locale.ROOT, "%s %d%s, %.1f %s", noun, done, expected > 0 ? "/" + expected : "", fps, rate));
                lastLine = now;
                lastCount = done;
            }
        }

        @Override
        public void skipped(String input, String reason, long done, long expected) {
            console.print(input + ": skipped: " + reason);
            console.step();
        }
    }

    /** One line per image, like "image 2/17 dog.jpg: 768x576 1 dog, 1 bicycle (41.3 ms)". */
    static final class ImageLines implements RunListener {
        private final RunConsole console;
        private final TaskSpec task;

        ImageLines(RunConsole console, TaskSpec task) {
            this.console = console;
            this.task = task;
        }

        @Override
        public void processed(FrameResult r, long done, long expected) {
            console.info(String.format(
                    Locale.ROOT,
                    "image %d/%d %s: %dx%d %s (%.1f ms)",
                    done,
                    expected,
                    r.meta().source(),
                    r.meta().width(),
                    r.meta().height(),
                    task.describe(r),
                    r.timings().totalMs()));
            console.step();
        }

        @Override
        public void skipped(String input, String reason, long done, long expected) {
            console.print(String.format(Locale.ROOT, "image %d/%d %s: skipped: %s", done, expected, input, reason));
            console.step();
        }
    }
}
