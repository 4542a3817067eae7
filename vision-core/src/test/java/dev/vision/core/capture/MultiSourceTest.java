package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class MultiSourceTest {

    static {
        OpenCvRuntime.load();
    }

    private static List<Path> copies(String image, int n) {
        return Collections.nCopies(n, TestData.media(image));
    }

    @Test
    void everyFrameOfEveryFileComesOutOnceInItsOwnOrderWithItsStream() {
        List<Path> a = copies("images/dog.jpg", 7);
        List<Path> b = copies("images/kite.jpg", 3);
        Map<Integer, List<Long>> seen = new TreeMap<>();
        try (MultiSource multi =
                new MultiSource(List.of(new ImageFilesSource(a, 10), new ImageFilesSource(b, 10)), List.of("a", "b"))) {
            assertEquals(2, multi.streams());
            assertEquals(10, multi.expectedCount());
            for (Optional<Frame> f; (f = multi.next()).isPresent(); ) {
                try (Frame frame = f.get()) {
                    FrameMeta m = frame.meta();
                    assertEquals(
                            m.stream() == 0 ? "dog.jpg" : "kite.jpg",
                            Path.of(m.source()).getFileName().toString());
                    seen.computeIfAbsent(m.stream(), k -> new ArrayList<>()).add(m.index());
                }
            }
            assertEquals(0, multi.dropped());
        }
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L), seen.get(0));
        assertEquals(List.of(0L, 1L, 2L), seen.get(1));
    }

    @Test
    void aStalledSourceDoesNotHoldTheOthersBack() throws Exception {
        Stalled stalled = new Stalled();
        try (MultiSource multi = new MultiSource(
                List.of(stalled, new ImageFilesSource(copies("images/dog.jpg", 12), 10)),
                List.of("stalled", "files"))) {
            int fromFiles = 0;
            for (int i = 0; i < 12; i++) {
                Optional<Frame> f = multi.next();
                assertTrue(f.isPresent(), "frame " + i + " while stream 0 hangs");
                try (Frame frame = f.get()) {
                    assertEquals(1, frame.meta().stream());
                    fromFiles++;
                }
            }
            assertEquals(12, fromFiles);
            stalled.release.countDown(); // the camera comes back: its frame is served, then both have ended
            Optional<Frame> late = multi.next();
            assertTrue(late.isPresent());
            try (Frame frame = late.get()) {
                assertEquals(0, frame.meta().stream());
            }
            assertTrue(multi.next().isEmpty());
        }
    }

    @Test
    void aLiveSourceKeepsOnlyItsNewestFrameAndCountsTheRest() throws Exception {
        Fast live = new Fast(50);
        try (MultiSource multi = new MultiSource(
                List.of(live, new ImageFilesSource(copies("images/dog.jpg", 1))), List.of("live", "files"))) {
            List<Long> liveIndices = new ArrayList<>();
            Optional<Frame> first = multi.next(); // starts the readers
            first.ifPresent(frame -> {
                if (frame.meta().stream() == 0) {
                    liveIndices.add(frame.meta().index());
                }
                frame.close();
            });
            assertTrue(live.done.await(10, TimeUnit.SECONDS));
            Thread.sleep(200); // the reader has put (and replaced) everything
            for (Optional<Frame> f; (f = multi.next()).isPresent(); ) {
                try (Frame frame = f.get()) {
                    if (frame.meta().stream() == 0) {
                        liveIndices.add(frame.meta().index());
                    }
                }
            }
            assertTrue(liveIndices.contains(49L), "the newest live frame is kept: " + liveIndices);
            assertTrue(multi.dropped(0) >= 45, "older live frames were replaced and counted: " + multi.dropped(0));
            assertEquals(0, multi.dropped(1), "file frames are never dropped");
        }
    }

    @Test
    void aSourceThatEndsIsClosedByItsReaderAndOneStoppedByTheRunIsClosedByCloseOnce() throws Exception {
        Counted ending = new Counted(new Fast(3));
        Counted endless = new Counted(new Endless());
        MultiSource multi = new MultiSource(List.of(ending, endless), List.of("ends", "endless"));
        try {
            while (!ending.closedOnce.await(10, TimeUnit.MILLISECONDS)) {
                multi.next().ifPresent(Frame::close);
            }
            assertEquals(1, ending.closes.get(), "a source that ended is closed by its reader, before close()");
            multi.requestStop();
            for (Optional<Frame> f; (f = multi.next()).isPresent(); ) {
                f.get().close();
            }
            assertEquals(
                    0,
                    endless.closes.get(),
                    "a source the run stopped stays open until close() (the outputs are finished first)");
        } finally {
            multi.close();
        }
        assertEquals(1, endless.closes.get(), "close() closes what the stop left open");
        assertEquals(1, ending.closes.get(), "and closes nothing twice");
    }

    /** Counts how often a fake camera is closed (the fakes hold nothing to free). */
    private static final class Counted extends ForwardingSource {
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch closedOnce = new CountDownLatch(1);

        Counted(FrameSource inner) {
            super(inner);
        }

        @Override
        public void close() {
            closes.incrementAndGet();
            closedOnce.countDown();
        }
    }

    /** A camera that gives frames until asked to stop. */
    private static final class Endless extends FakeCamera {
        private volatile boolean stop;
        private long next;

        @Override
        public Optional<Frame> next() {
            return stop ? Optional.empty() : frame(next++);
        }

        @Override
        public void requestStop() {
            stop = true;
        }
    }

    /** What the fake cameras below have in common: live, 10 FPS, no end known, 4×4 black frames. */
    private abstract static class FakeCamera implements FrameSource {
        static Optional<Frame> frame(long index) {
            return Optional.of(
                    new Frame(new Mat(4, 4, CvType.CV_8UC3, new Scalar(0)), new FrameMeta("cam", index, index, 4, 4)));
        }

        @Override
        public boolean isLive() {
            return true;
        }

        @Override
        public double nominalFps() {
            return 10;
        }

        @Override
        public long expectedCount() {
            return -1;
        }

        @Override
        public void onSkip(SkipListener listener) {}

        @Override
        public void close() {}
    }

    /** A camera that hangs until released, then gives one frame and ends. */
    private static final class Stalled extends FakeCamera {
        final CountDownLatch release = new CountDownLatch(1);
        private boolean given;

        @Override
        public Optional<Frame> next() {
            try {
                if (!release.await(30, TimeUnit.SECONDS) || given) {
                    return Optional.empty();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            given = true;
            return frame(0);
        }

        @Override
        public void requestStop() {
            release.countDown();
        }
    }

    /** A camera that delivers {@code n} frames as fast as it can, then ends. */
    private static final class Fast extends FakeCamera {
        final CountDownLatch done = new CountDownLatch(1);
        private final int n;
        private int next;

        Fast(int n) {
            this.n = n;
        }

        @Override
        public Optional<Frame> next() {
            if (next >= n) {
                done.countDown();
                return Optional.empty();
            }
            return frame(next++);
        }
    }
}
