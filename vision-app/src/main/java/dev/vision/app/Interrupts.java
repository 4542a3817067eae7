package dev.vision.app;

import dev.vision.core.pipeline.PartFailedException;
import dev.vision.core.sink.UnfinishedFiles;
import dev.vision.serve.run.StopSignals;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * How a run ends early. Ctrl-C and SIGTERM: the first asks the run to stop in order (outputs finished, exit
 * 130); the second forces the exit at once. A thread of the process that dies of an exception nobody
 * caught (an event sender, a server thread) stops the run the same way, with one line and exit 2 (a limit
 * of the machine) or 3 (a bug). Either way the outputs get {@link #FINISH_LIMIT_MS} to finish; after that the
 * process ends at once and removes the videos it had not finished, naming them. Handled as signals rather
 * than shutdown hooks, so the run's own thread does the finishing and the JVM is not already tearing down
 * while files are closed. Installed before the model loads: an interrupt during set-up ends the run before
 * any output is opened.
 */
final class Interrupts implements StopSignals {

    static final int EXIT_CODE = ExitCodes.INTERRUPTED;
    /** Longest the outputs may take to finish once a stop was asked for (the promise is: within 10 s). */
    static final long FINISH_LIMIT_MS = 8_000;

    /** Whether this JVM is the vision command's own (not a test calling it): only then may it halt. */
    private static volatile boolean processOwned;

    private final AtomicInteger count = new AtomicInteger();
    private final AtomicBoolean deadlineStarted = new AtomicBoolean();
    private final Console console;
    private volatile Runnable onInterrupt = () -> {};
    private volatile int deathExitCode;
    /** Every output was finished; what is left (releasing the cameras) loses nothing if cut short. */
    private volatile boolean outputsFinished;

    private Interrupts(Console console) {
        this.console = console;
    }

    /** Called by {@code main}: signals and thread deaths may end this process. */
    static void ownTheProcess() {
        processOwned = true;
    }

    static Interrupts install(Console console) {
        Interrupts interrupts = new Interrupts(console);
        SignalHandler handler = interrupts::handle;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), handler);
            } catch (IllegalArgumentException e) {
                // this platform does not have the signal: nothing to install
            }
        }
        if (processOwned) {
            Thread.setDefaultUncaughtExceptionHandler(interrupts::threadDied);
        }
        return interrupts;
    }

    /** What the first interrupt (or a thread's death) does from now on; runs at once if one already came. */
    @Override
    public void onStop(Runnable action) {
        onInterrupt(action);
    }

    @Override
    public boolean stopRequested() {
        return requested();
    }

    @Override
    public boolean threadDied() {
        return deathExitCode != 0;
    }

    void onInterrupt(Runnable action) {
        onInterrupt = action;
        if (requested() || deathExitCode != 0) {
            action.run();
        }
    }

    boolean requested() {
        return count.get() > 0;
    }

    /** Called once the run's outputs are all finished and reported, before its sources are released. */
    void outputsFinished() {
        outputsFinished = true;
    }

    /** 0 unless a thread died; then the exit code its line promised (2 or 3). */
    int deathExitCode() {
        return deathExitCode;
    }

    private void handle(Signal signal) {
        if (count.incrementAndGet() == 1) {
            console.print("vision: SIG" + signal.getName()
                    + " received: finishing the outputs (press Ctrl-C again to quit at once)");
            startDeadline(EXIT_CODE);
            onInterrupt.run();
        } else {
            endNow("stopped at once", EXIT_CODE);
        }
    }

    private void threadDied(Thread thread, Throwable e) {
        PartFailedException failure = new PartFailedException(PartFailedException.Part.ofThread(thread.getName()), e);
        int code = failure.environmentLimit() ? ExitCodes.SETUP : ExitCodes.BUG;
        synchronized (this) {
            if (deathExitCode != 0) {
                return; // the first death is the one to report
            }
            deathExitCode = code;
        }
        console.print("vision: " + failure.getMessage() + " (thread " + thread.getName() + ")"
                + (code == ExitCodes.BUG ? "; this is a bug, please report it" : ""));
        startDeadline(code);
        onInterrupt.run();
    }

    /** If the outputs have not finished within the limit, the process ends at once. */
    private void startDeadline(int exitCode) {
        if (!processOwned || !deadlineStarted.compareAndSet(false, true)) {
            return;
        }
        Thread deadline = new Thread(
                () -> {
                    try {
                        Thread.sleep(FINISH_LIMIT_MS);
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (outputsFinished) {
                        console.print("vision: the sources were still being released " + FINISH_LIMIT_MS / 1000
                                + " s after the stop: ended there (every output is finished)");
                        Runtime.getRuntime().halt(exitCode);
                    }
                    endNow("the outputs did not finish within " + FINISH_LIMIT_MS / 1000 + " s: stopped", exitCode);
                },
                "vision-stop-deadline");
        deadline.setDaemon(true);
        deadline.start();
    }

    private void endNow(String what, int exitCode) {
        List<Path> removed = UnfinishedFiles.removeAll();
        console.print("vision: " + what
                + (removed.isEmpty()
                        ? "; outputs may be incomplete"
                        : "; unfinished videos removed: "
                                + removed.stream().map(Path::toString).collect(Collectors.joining(", "))));
        Runtime.getRuntime().halt(exitCode);
    }
}
