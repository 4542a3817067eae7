package dev.vision.app;

import java.time.Duration;

/** Waits for a condition that a running process or server makes true, never for a fixed time. */
final class Await {

    /** A condition that may read files, a process's output or a page. */
    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    private Await() {}

    /**
     * Returns once {@code condition} holds, checking it every 100 ms.
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code limit}
     */
    static void until(Condition condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!check(condition)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static boolean check(Condition condition) {
        try {
            return condition.holds();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("checking the condition failed: " + e, e);
        }
    }
}
