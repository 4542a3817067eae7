package dev.vision.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.translate.TranslateException;
import dev.vision.core.frame.Frame;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.sink.SinkFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.opencv.core.Mat;

/** The pipeline with a fake source and model: order, end of input, drops, failures and stop, in milliseconds. */
@Timeout(20)
class PipelineTest {

    /** A "model" that finds one object whose class id is the frame's index; optionally slow. */
    private static FrameProcessor indexModel(long delayMs) {
        return frames -> {
            if (delayMs > 0) {
                Thread.sleep(delayMs);
            }
            List<FrameResult> results = new ArrayList<>();
            for (Frame f : frames) {
                int index = (int) f.meta().index();
                results.add(new DetectionResult(
                        f.meta(),
                        List.of(new Detection("thing", index, 0.9f, new Box(0, 0, 4, 4))),
                        StageTimings.ZERO));
            }
            return results;
        };
    }

    /** Remembers the frame indices it was given. */
    private static final class Recorder implements ResultSink {
        final List<Long> indices = new CopyOnWriteArrayList<>();
        volatile boolean closed;

        @Override
        public void accept(FrameResult result, Mat annotated) {
            indices.add(result.meta().index());
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static List<Long> range(long n) {
        List<Long> all = new ArrayList<>();
        for (long i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    @Test
    void fileInputReachesTheSinksWholeAndInOrderWithBatches() throws Exception {
        FakeSource source = new FakeSource(50, /* live= */ false, 0);
        Recorder sink = new Recorder();
        RunStats stats = VisionRun.builder()
                .source(source)
                .processor(indexModel(1))
                .sink(sink)
                .batchSize(4)
                .build()
                .execute();
        assertEquals(range(50), sink.indices);
        assertEquals(50, stats.read());
        assertEquals(50, stats.processed());
        assertEquals(0, stats.dropped());
        assertTrue(source.allFramesClosed());
    }

    @Test
    void workersOfUnevenSpeedDeliverEveryFrameInOrderAndCloseTheirModels() throws Exception {
        FakeSource source = new FakeSource(60, /* live= */ false, 0);
        Recorder sink = new Recorder();
        Set<String> threads = ConcurrentHashMap.newKeySet();
        AtomicInteger closed = new AtomicInteger();
        AtomicInteger madeOnOwnThread = new AtomicInteger();
        RunStats stats = VisionRun.builder()
                .source(source)
                .processor(indexModel(1))
                .sink(sink)
                .batchSize(2)
                .workers(3, i -> {
                    String maker = Thread.currentThread().getName();
                    if (maker.equals("vision-worker-" + i)) {
                        madeOnOwnThread.incrementAndGet();
                    }
                    FrameProcessor slow = indexModel(3L * i); // worker 2 is the slowest: later batches finish first
                    class Closing implements FrameProcessor, AutoCloseable {
                        @Override
                        public List<FrameResult> process(List<Frame> frames)
                                throws TranslateException, InterruptedException {
                            threads.add(Thread.currentThread().getName());
                            return slow.process(frames);
                        }

                        @Override
                        public void close() {
                            closed.incrementAndGet();
                        }
                    }
                    return new Closing();
                })
                .build()
                .execute();
        assertEquals(range(60), sink.indices, "every frame, in order, whichever worker was faster");
        assertEquals(60, stats.processed());
        assertEquals(Set.of("vision-worker-1", "vision-worker-2"), threads, "each worker ran its own model");
        assertEquals(2, madeOnOwnThread.get(), "each model was made on the thread that runs it");
        assertEquals(2, closed.get(), "and closed there");
        assertTrue(source.allFramesClosed());
    }

    @Test
    void aWorkerWhoseModelFailsToLoadEndsTheRunWithThatFailure() {
        FakeSource source = new FakeSource(20, /* live= */ false, 0);
        PartFailedException e = assertThrows(
                PartFailedException.class,
                () -> VisionRun.builder()
                        .source(source)
                        .processor(indexModel(0))
                        .workers(2, i -> {
                            throw new IllegalStateException("no memory for worker " + i);
                        })
                        .build()
                        .execute());
        assertEquals(PartFailedException.Part.INFERENCE, e.part());
        assertEquals("the inference thread failed: IllegalStateException: no memory for worker 1", e.getMessage());
        assertFalse(e.environmentLimit(), "an IllegalStateException is a bug");
        assertTrue(source.allFramesClosed());
    }

    @Test
    void resultStagesRunInOrderOnEveryFrameBeforeTheSinks() throws Exception {
        FakeSource source = new FakeSource(20, /* live= */ false, 0);
        List<Long> seenByFirst = new CopyOnWriteArrayList<>();
        List<FrameResult> written = new CopyOnWriteArrayList<>();
        VisionRun.builder()
                .source(source)
                .processor(indexModel(0))
                .batchSize(3)
                .stage(r -> {
                    seenByFirst.add(r.meta().index());
                    DetectionResult d = (DetectionResult) r;
                    return d.withDetections(List.of(
                            d.detections().get(0).withTrackId(100 + r.meta().index())));
                })
                .stage(r -> {
                    DetectionResult d = (DetectionResult) r;
                    return d.withDetections(List.of(d.detections().get(0).withSpeed(2.5)));
                })
                .sink((r, annotated) -> written.add(r))
                .build()
                .execute();
        assertEquals(range(20), seenByFirst);
        assertEquals(20, written.size());
        for (FrameResult r : written) {
            Detection d = ((DetectionResult) r).detections().get(0);
            assertEquals(100 + r.meta().index(), d.trackId().getAsLong(), "first stage's change reaches the sink");
            assertEquals(2.5, d.speedMps().getAsDouble(), "and so does the second's, applied after it");
        }
    }

    @Test
    void liveInputKeepsTheLatestFrameAndCountsTheRestAsDropped() throws Exception {
        FakeSource source = new FakeSource(200, /* live= */ true, 1);
        Recorder sink = new Recorder();
        RunStats stats = VisionRun.builder()
                .source(source)
                .processor(indexModel(15))
                .sink(sink)
                .build()
                .execute();
        assertTrue(stats.dropped() > 0, "a model slower than the source drops frames: " + stats.dropped());
        assertEquals(stats.read(), stats.processed() + stats.dropped(), "every frame read is processed or dropped");
        for (int i = 1; i < sink.indices.size(); i++) {
            assertTrue(sink.indices.get(i) > sink.indices.get(i - 1), "still in order: " + sink.indices);
        }
        assertTrue(source.allFramesClosed(), "dropped frames are freed too");
    }

    @Test
    void aFrameTheModelFailsOnIsSkippedAndTheRunGoesOn() throws Exception {
        FakeSource source = new FakeSource(10, /* live= */ false, 0);
        Recorder sink = new Recorder();
        FrameProcessor good = indexModel(0);
        List<String> skipped = new CopyOnWriteArrayList<>();
        RunStats stats = VisionRun.builder()
                .source(source)
                .sink(sink)
                .batchSize(4)
                .processor(frames -> {
                    if (frames.stream().anyMatch(f -> f.meta().index() == 6)) {
                        throw new TranslateException("bad frame");
                    }
                    return good.process(frames);
                })
                .listener(new RunListener() {
                    @Override
                    public void skipped(String input, String reason, long done, long expected) {
                        skipped.add(input + ": " + reason);
                    }
                })
                .build()
                .execute();
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 7L, 8L, 9L), sink.indices, "the batch is retried frame by frame");
        assertEquals(1, stats.skipped());
        assertTrue(skipped.get(0).contains("frame 6") && skipped.get(0).contains("bad frame"), skipped.toString());
        assertTrue(source.allFramesClosed());
    }

    @Test
    void aBugInTheModelStepEndsTheRunInsteadOfSkippingFrames() {
        FakeSource source = new FakeSource(100, /* live= */ false, 0);
        Recorder sink = new Recorder();
        FrameProcessor good = indexModel(0);
        VisionRun run = VisionRun.builder()
                .source(source)
                .sink(sink)
                .processor(frames -> {
                    if (frames.stream().anyMatch(f -> f.meta().index() == 5)) {
                        throw new NullPointerException("a bug, not a bad frame");
                    }
                    return good.process(frames);
                })
                .build();
        PartFailedException e = assertThrows(PartFailedException.class, run::execute);
        assertEquals(PartFailedException.Part.INFERENCE, e.part());
        assertTrue(e.getCause() instanceof NullPointerException, String.valueOf(e.getCause()));
        assertEquals(range(5), sink.indices, "frames before the bug were written, none after");
        assertTrue(source.allFramesClosed());
    }

    @Test
    void aFailingStageEndsTheRunWithItsExceptionAndFreesEveryFrame() {
        FakeSource source = new FakeSource(100, /* live= */ false, 0);
        Recorder sink = new Recorder();
        VisionRun run = VisionRun.builder()
                .source(source)
                .processor(indexModel(0))
                .sink(sink)
                .stage(r -> {
                    if (r.meta().index() == 5) {
                        throw new IllegalStateException("stage broke");
                    }
                    return r;
                })
                .build();
        PartFailedException e = assertThrows(PartFailedException.class, run::execute);
        assertEquals(PartFailedException.Part.OUTPUT, e.part());
        assertEquals("stage broke", e.getCause().getMessage());
        assertEquals(range(5), sink.indices, "frames before the failure were written");
        assertTrue(source.allFramesClosed());
    }

    @Test
    void anErrorThatKillsTheOutputThreadEndsTheRunInsteadOfHangingIt() {
        // what JavaCPP throws when native memory passes its limit: an Error, which used to kill the output
        // thread silently while the inference thread waited forever on the full hand-off
        FakeSource source = new FakeSource(500, /* live= */ false, 0);
        List<Long> written = new CopyOnWriteArrayList<>();
        VisionRun run = VisionRun.builder()
                .source(source)
                .processor(indexModel(0))
                .batchSize(2)
                .sink((r, annotated) -> {
                    if (r.meta().index() == 7) {
                        throw new OutOfMemoryError("Physical memory usage is too high: physicalBytes (2042M) > "
                                + "maxPhysicalBytes (2038M)");
                    }
                    written.add(r.meta().index());
                })
                .build();
        long start = System.nanoTime();
        PartFailedException e = assertThrows(PartFailedException.class, run::execute);
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "ends within seconds");
        assertEquals(PartFailedException.Part.OUTPUT, e.part());
        assertTrue(e.environmentLimit(), "out of memory is a limit of the machine");
        assertTrue(
                e.getMessage().startsWith("the output thread failed: out of memory: Physical memory usage is too high"),
                e.getMessage());
        assertEquals(range(7), written, "what came before was written");
        assertTrue(source.allFramesClosed(), "every frame in flight is freed");
    }

    @Test
    void anErrorInAWorkersModelCallEndsTheRunInOrder() {
        FakeSource source = new FakeSource(300, /* live= */ false, 0);
        Recorder sink = new Recorder();
        FrameProcessor good = indexModel(0);
        VisionRun run = VisionRun.builder()
                .source(source)
                .processor(good)
                .sink(sink)
                .batchSize(2)
                .workers(3, i -> frames -> {
                    if (frames.stream().anyMatch(f -> f.meta().index() >= 40)) {
                        throw new StackOverflowError("worker " + i);
                    }
                    return good.process(frames);
                })
                .build();
        PartFailedException e = assertThrows(PartFailedException.class, run::execute);
        assertEquals(PartFailedException.Part.INFERENCE, e.part());
        assertFalse(e.environmentLimit(), "a StackOverflowError is a bug");
        assertTrue(sink.indices.size() >= 40 && sink.indices.size() < 300, "ended early: " + sink.indices.size());
        assertTrue(source.allFramesClosed());
    }

    @Test
    void aFailingSinkEndsTheRunAsASinkFailureAfterWhatItWrote() {
        FakeSource source = new FakeSource(100, /* live= */ false, 0);
        List<Long> written = new CopyOnWriteArrayList<>();
        VisionRun run = VisionRun.builder()
                .source(source)
                .processor(indexModel(0))
                .sink((r, annotated) -> {
                    if (r.meta().index() == 3) {
                        throw new IOException("disk full");
                    }
                    written.add(r.meta().index());
                })
                .build();
        SinkFailedException e = assertThrows(SinkFailedException.class, run::execute);
        assertTrue(e.getMessage().contains("disk full"));
        assertEquals(range(3), written);
        assertTrue(source.allFramesClosed());
    }

    @Test
    void droppedFramesAreCountedWhileTheRunGoesOnNotOnlyAtItsEnd() throws Exception {
        FakeSource source = new FakeSource(-1, /* live= */ true, 1);
        VisionRun run = VisionRun.builder()
                .source(source)
                .processor(indexModel(15))
                .sink(new Recorder())
                .build();
        CompletableFuture<RunStats> running = CompletableFuture.supplyAsync(() -> {
            try {
                return run.execute();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (run.stats().dropped() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        boolean countedWhileRunning = !running.isDone() && run.stats().dropped() > 0;
        run.stop();
        RunStats stats = running.get(30, TimeUnit.SECONDS);
        assertTrue(countedWhileRunning, "dropped frames show up during the run: " + stats.dropped());
        assertEquals(stats.read(), stats.processed() + stats.dropped(), "every frame read is processed or dropped");
    }

    @Test
    void stopEndsAnEndlessLiveRunInOrder() throws Exception {
        FakeSource source = new FakeSource(-1, /* live= */ true, 2);
        Recorder sink = new Recorder();
        VisionRun run = VisionRun.builder()
                .source(source)
                .processor(indexModel(5))
                .sink(sink)
                .build();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                return;
            }
            run.stop();
        });
        stopper.start();
        RunStats stats = run.execute();
        stopper.join();
        assertTrue(stats.wasInterrupted());
        assertTrue(stats.processed() > 0);
        assertEquals(stats.processed(), sink.indices.size());
        assertTrue(source.allFramesClosed());
    }

    @Test
    void maxFramesStopsAfterThatManyFrames() throws Exception {
        FakeSource source = new FakeSource(100, /* live= */ false, 0);
        Recorder sink = new Recorder();
        RunStats stats = VisionRun.builder()
                .source(source)
                .processor(indexModel(0))
                .sink(sink)
                .maxFrames(7)
                .build()
                .execute();
        assertEquals(range(7), sink.indices);
        assertEquals(7, stats.processed());
        assertTrue(source.allFramesClosed());
    }

    @Test
    void resultsCanBePulledInALoopInOrderAndLeavingTheLoopEarlyStopsTheRun() throws Exception {
        FakeSource source = new FakeSource(100, /* live= */ false, 0);
        List<Long> pulled = new ArrayList<>();
        try (VisionRun.Results results = VisionRun.builder()
                .source(source)
                .processor(indexModel(0))
                .batchSize(3)
                .build()
                .results()) {
            for (FrameResult r : results) {
                pulled.add(r.meta().index());
            }
        }
        assertEquals(range(100), pulled, "every frame, in order");

        FakeSource endless = new FakeSource(100_000, /* live= */ false, 0);
        List<Long> some = new ArrayList<>();
        VisionRun.Results results = VisionRun.builder()
                .source(endless)
                .processor(indexModel(0))
                .build()
                .results();
        try (results) {
            for (FrameResult r : results) {
                some.add(r.meta().index());
                if (some.size() == 10) {
                    break;
                }
            }
        }
        assertEquals(range(10), some);
        assertTrue(results.stats().wasInterrupted(), "closing the results stopped the run");
        assertTrue(
                results.stats().processed() < 1000,
                "it stopped soon: " + results.stats().processed());
        assertTrue(endless.allFramesClosed(), "and freed every frame");
    }

    @Test
    void aFailureOfAPulledRunIsThrownFromTheLoopAfterTheResultsBeforeIt() {
        FakeSource source = new FakeSource(100, /* live= */ false, 0);
        List<Long> pulled = new ArrayList<>();
        PartFailedException e = assertThrows(PartFailedException.class, () -> {
            try (VisionRun.Results results = VisionRun.builder()
                    .source(source)
                    .processor(indexModel(0))
                    .stage(r -> {
                        if (r.meta().index() == 5) {
                            throw new IllegalStateException("stage broke");
                        }
                        return r;
                    })
                    .build()
                    .results()) {
                for (FrameResult r : results) {
                    pulled.add(r.meta().index());
                }
            }
        });
        assertEquals("stage broke", e.getCause().getMessage());
        assertEquals(range(5), pulled);
        assertTrue(source.allFramesClosed());
    }
}
