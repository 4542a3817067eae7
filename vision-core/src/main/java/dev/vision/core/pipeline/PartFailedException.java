package dev.vision.core.pipeline;

import java.io.IOException;
import java.util.Locale;

/**
 * A thread of the run died: the run was ended in order (frames closed, outputs left to close) and this
 * says which part and why. {@link #cause()} is what the thread threw; {@link #environmentLimit()} tells a
 * limit of the machine (memory, disk, file size) from a bug.
 */
public final class PartFailedException extends RuntimeException {

    /** The parts of a run that have threads of their own. */
    public enum Part {
        SOURCE,
        CAPTURE,
        INFERENCE,
        OUTPUT,
        EVENTS;

        /** How a message names it ("the output thread"). */
        public String words() {
            return "the " + name().toLowerCase(Locale.ROOT) + " thread";
        }

        /** The part a thread belongs to, from the names vision gives its threads (any other is an output's). */
        public static Part ofThread(String threadName) {
            if (threadName.startsWith("vision-events")) {
                return EVENTS;
            }
            if (threadName.startsWith("vision-source")
                    || threadName.startsWith("vision-decode")
                    || threadName.startsWith("vision-capture")) {
                return SOURCE;
            }
            return threadName.startsWith("vision-worker") ? INFERENCE : OUTPUT;
        }
    }

    private final Part part;

    public PartFailedException(Part part, Throwable cause) {
        super(part.words() + " failed: " + describe(cause), cause);
        this.part = part;
    }

    public Part part() {
        return part;
    }

    /**
     * Whether the cause is a limit of the machine rather than a bug: out of memory (the heap, or JavaCPP's
     * native memory limit), or a file that could not be written.
     */
    public boolean environmentLimit() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    /** The cause in one line: its class's simple name and its message. */
    static String describe(Throwable cause) {
        String message = cause.getMessage();
        String kind = cause instanceof OutOfMemoryError
                ? "out of memory"
                : cause.getClass().getSimpleName();
        return message == null || message.isBlank()
                ? kind
                : kind + ": " + message.strip().replaceAll("\\s+", " ");
    }
}
