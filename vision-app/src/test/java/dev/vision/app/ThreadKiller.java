package dev.vision.app;

import java.util.Arrays;

/**
 * Test fixture: runs the vision command and, once a thread whose name starts with PREFIX has run for MS
 * milliseconds, kills it with {@link Thread#stop()} at a moment when METHOD is on its stack: the
 * {@link ThreadDeath} error arrives there as an error thrown by that code would (the out-of-memory error
 * JavaCPP throws from an encoder, say). Arguments: PREFIX MS METHOD, then vision's own.
 */
final class ThreadKiller {

    private ThreadKiller() {}

    @SuppressWarnings("removal") // Thread.stop still works on Java 17, and is the one way to kill a thread from outside
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
                        while (java.util.Arrays.stream(target.getStackTrace())
                                .noneMatch(f -> f.toString().contains(method))) {
                            Thread.onSpinWait();
                        }
                        System.err.println("test: killing thread " + target.getName());
                        target.stop();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "test-thread-killer");
        killer.setDaemon(true);
        killer.start();
        VisionCommand.main(Arrays.copyOfRange(args, 3, args.length));
    }
}
