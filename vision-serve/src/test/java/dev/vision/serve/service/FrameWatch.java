package dev.vision.serve.service;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Polls {@code /api/status} every 200 ms and keeps the longest time any of some cameras' frame counts did not
 * grow: what "no gap in its frames" means to the operator watching the service.
 */
final class FrameWatch {

    private final Callable<JsonNode> status;
    private final List<String> cameras;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong longest = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final Thread thread = new Thread(this::watch, "frame-watch");

    /** @param status the {@code cameras} object of {@code /api/status}, fetched fresh */
    FrameWatch(Callable<JsonNode> status, List<String> cameras) {
        this.status = status;
        this.cameras = List.copyOf(cameras);
    }

    FrameWatch start() {
        thread.start();
        return this;
    }

    private void watch() {
        Map<String, Long> frames = new HashMap<>();
        Map<String, Long> grewAt = new HashMap<>();
        long started = System.nanoTime();
        while (running.get()) {
            try {
                JsonNode s = status.call();
                long now = System.nanoTime();
                polls.incrementAndGet();
                for (String camera : cameras) {
                    long f = s.path(camera).path("frames").asLong();
                    if (f > frames.getOrDefault(camera, -1L)) {
                        frames.put(camera, f);
                        grewAt.put(camera, now);
                    }
                    longest.accumulateAndGet((now - grewAt.getOrDefault(camera, started)) / 1_000_000, Math::max);
                }
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                longest.set(Long.MAX_VALUE); // the status could not be read: as bad as a stall
            }
        }
    }

    void stop() throws InterruptedException {
        running.set(false);
        thread.join();
    }

    long polls() {
        return polls.get();
    }

    long longestMs() {
        return longest.get();
    }
}
