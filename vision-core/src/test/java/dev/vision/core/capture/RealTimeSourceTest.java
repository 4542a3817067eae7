package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class RealTimeSourceTest {

    static {
        OpenCvRuntime.load();
    }

    /** A recording whose frames carry the given presentation times. */
    private static final class Recording implements FrameSource {
        private final long[] timestampsMs;
        private int next;

        Recording(long... timestampsMs) {
            this.timestampsMs = timestampsMs;
        }

        @Override
        public Optional<Frame> next() {
            if (next >= timestampsMs.length) {
                return Optional.empty();
            }
            long ts = timestampsMs[next];
            return Optional.of(new Frame(new Mat(4, 4, CvType.CV_8UC3), new FrameMeta("rec", next++, ts, 4, 4)));
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public double nominalFps() {
            return 25;
        }

        @Override
        public long expectedCount() {
            return timestampsMs.length;
        }

        @Override
        public void onSkip(SkipListener listener) {}

        @Override
        public void close() {}
    }

    @Test
    void noFrameComesBeforeItsPresentationTimeAndTheSourceCountsAsLive() {
        RealTimeSource source = new RealTimeSource(new Recording(1000, 1040, 1080, 1120, 1160, 1200));
        assertTrue(source.isLive(), "a run drops its frames when behind, as for a camera");
        long start = System.nanoTime();
        List<Long> offsets = new ArrayList<>();
        for (Optional<Frame> f = source.next(); f.isPresent(); f = source.next()) {
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            offsets.add(f.get().meta().timestampMs() - 1000);
            assertTrue(
                    elapsedMs >= f.get().meta().timestampMs() - 1000 - 1,
                    "frame at +" + (f.get().meta().timestampMs() - 1000) + " ms came at " + elapsedMs + " ms");
            f.get().close();
        }
        assertEquals(List.of(0L, 40L, 80L, 120L, 160L, 200L), offsets);
    }

    @Test
    void stoppingEndsAWaitForAFrameThatIsAMinuteAway() throws Exception {
        RealTimeSource source = new RealTimeSource(new Recording(0, 60_000));
        source.next().orElseThrow().close();
        CompletableFuture<Optional<Frame>> waiting = CompletableFuture.supplyAsync(source::next);
        Thread.sleep(100); // let it start waiting; the assertion below does not depend on it
        assertFalse(waiting.isDone());
        source.requestStop();
        Optional<Frame> late = waiting.get(10, TimeUnit.SECONDS);
        late.ifPresent(Frame::close);
    }
}
