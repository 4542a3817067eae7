package dev.vision.serve.service;

import dev.vision.core.capture.SourceStatus;
import dev.vision.core.pipeline.RateWindow;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackCounts;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What {@code /api/status} says of one camera: its state, frames, rates, reconnects and stalls. It outlives the
 * camera's runs (a restart after a stall or a change of settings keeps counting), and is written by the camera's
 * threads and read by the API's, so every method is synchronized.
 */
final class CameraHealth {

    private static final long HOUR_NANOS = 3_600_000_000_000L;

    private final RateWindow fps = new RateWindow(3_000_000_000L);
    private final RateWindow modelFps = new RateWindow(3_000_000_000L);
    private final Deque<Long> reconnectTimes = new ArrayDeque<>();
    private final Deque<Long> stallTimes = new ArrayDeque<>();
    private long frames;
    private long reconnects;
    private long stalls;
    private long lastFrameNanos = -1;
    private long runStartedNanos = System.nanoTime();
    private CameraState state = CameraState.STARTING;
    private String detail = "";
    private TrackCounts counts = TrackCounts.NONE;

    synchronized void frame(FrameResult result) {
        long now = System.nanoTime();
        frames++;
        lastFrameNanos = now;
        fps.record(now);
        if (!(result instanceof DetectionResult d) || d.carriedFromFrame().isEmpty()) {
            modelFps.record(now);
        }
        if (result instanceof DetectionResult d) {
            counts = d.counts();
        }
        if (state != CameraState.LIVE) {
            state = CameraState.LIVE;
            detail = "frames are coming";
        }
    }

    synchronized void source(SourceStatus status, String why) {
        if (status == SourceStatus.RECONNECTING) {
            reconnects++;
            reconnectTimes.addLast(System.nanoTime());
        }
        state = CameraState.of(status);
        detail = why;
    }

    synchronized void runStarted() {
        runStartedNanos = System.nanoTime();
        state = CameraState.STARTING;
        detail = "opened";
    }

    synchronized void stalled() {
        stalls++;
        stallTimes.addLast(System.nanoTime());
    }

    synchronized void state(CameraState newState, String why) {
        state = newState;
        detail = why;
    }

    /** Since the last frame, or since the run started when none came yet. */
    synchronized long quietNanos() {
        return System.nanoTime() - Math.max(lastFrameNanos, runStartedNanos);
    }

    synchronized CameraState state() {
        return state;
    }

    synchronized long frames() {
        return frames;
    }

    synchronized TrackCounts counts() {
        return counts;
    }

    /** A copy for a reader. */
    synchronized Snapshot snapshot() {
        long now = System.nanoTime();
        trim(reconnectTimes, now);
        trim(stallTimes, now);
        return new Snapshot(
                state,
                detail,
                frames,
                fps.perSecond(now),
                modelFps.perSecond(now),
                reconnects,
                stalls,
                reconnectTimes.size(),
                stallTimes.size(),
                lastFrameNanos < 0 ? -1 : (now - lastFrameNanos) / 1_000_000,
                counts);
    }

    private static void trim(Deque<Long> times, long now) {
        while (!times.isEmpty() && now - times.peekFirst() > HOUR_NANOS) {
            times.removeFirst();
        }
    }

    /** One reading of a camera's health. */
    record Snapshot(
            CameraState state,
            String detail,
            long frames,
            double fps,
            double modelFps,
            long reconnects,
            long stalls,
            int reconnectsLastHour,
            int stallsLastHour,
            long lastFrameAgeMs,
            TrackCounts counts) {}
}
