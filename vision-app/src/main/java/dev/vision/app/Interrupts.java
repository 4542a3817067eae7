package dev.vision.app;

import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C and SIGTERM: the first asks the run to stop in order (outputs finished, exit 130); the second
 * forces the exit at once. Handled as signals rather than shutdown hooks, so the run's own thread does the
 * finishing and the JVM is not already tearing down while files are closed. Installed before the model
 * loads: an interrupt during set-up ends the run before any output is opened.
 */
final class Interrupts {

    static final int EXIT_CODE = ExitCodes.INTERRUPTED;

    private final AtomicInteger count = new AtomicInteger();
    private final Console console;
    private volatile Runnable onInterrupt = () -> { };

    private Interrupts(Console console) {
        this.console = console;
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
        return interrupts;
    }

    /** What the first interrupt does from now on; runs at once if one already came. */
    void onInterrupt(Runnable action) {
        onInterrupt = action;
        if (requested()) {
            action.run();
        }
    }

    boolean requested() {
        return count.get() > 0;
    }

    private void handle(Signal signal) {
        if (count.incrementAndGet() == 1) {
            console.print("vision: SIG" + signal.getName() + " received: finishing the outputs (press Ctrl-C again to quit at once)");
            onInterrupt.run();
        } else {
            console.print("vision: stopped at once; outputs may be incomplete");
            Runtime.getRuntime().halt(EXIT_CODE);
        }
    }
}
