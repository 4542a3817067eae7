package dev.vision.app;

import java.util.Arrays;

/**
 * Test fixture: runs the vision command and, once a thread whose name starts with PREFIX has run for MS
 * milliseconds, kills it with {@link Thread#stop()} at a moment when METHOD is on its stack: the
 * {@link ThreadDeath} error arrives there as an error thrown by that code would (the out-of-memory error
 * JavaCPP throws from an encoder, say). Arguments: PREFIX MS METHOD, then vision's own.
 *
 * <p>The target is suspended while its stack is read and the error is posted, so the error lands where the
 * stack was seen: a check followed by a stop of a running thread could land it a moment later inside a
 * {@code java.util.concurrent} lock, which it would leave broken (no real error does that, and the run would
 * then wait on that lock forever).
 */
final class ThreadKiller {

    private ThreadKiller() {}

    @SuppressWarnings("removal") // Thread.stop and suspend still work on Java 17, the one way to kill from outside
    public static void main(String[] args) {
        String prefix = args[0];
        long afterMs = Long.parseLong(args[1]);
        String method = args[2];
        Thread killer = new Thread(
                () -> {
                    try {
                        Thread target = null;
                        while (target == null) {
                            Thread.sleep(20);
                            target = Thread.getAllStackTraces().keySet().stream()
                                    .filter(t -> t.getName().startsWith(prefix))
                                    .findFirst()
                                    .orElse(null);
                        }
                        Thread.sleep(afterMs);
                        while (!killIfInside(target, method)) {
                            Thread.sleep(1);
                        }
                        System.err.println("test: killing thread " + target.getName());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "test-thread-killer");
        killer.setDaemon(true);
        killer.start();
        VisionCommand.main(Arrays.copyOfRange(args, 3, args.length));
    }

    /** Posts the error if METHOD is on the target's stack and no lock of java.util.concurrent is above it. */
    @SuppressWarnings("removal")
    private static boolean killIfInside(Thread target, String method) {
        target.suspend();
        try {
            StackTraceElement[] frames = target.getStackTrace();
            for (StackTraceElement frame : frames) {
                if (frame.toString().contains(method)) {
                    target.stop();
                    return true;
                }
                if (insideALock(frame)) {
                    return false;
                }
            }
            return false;
        } finally {
            target.resume();
        }
    }

    private static boolean insideALock(StackTraceElement frame) {
        String type = frame.getClassName();
        return type.startsWith("java.util.concurrent.locks.") && !type.endsWith(".LockSupport");
    }
}
