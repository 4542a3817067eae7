package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * What every {@link FrameSource} promises, run against each implementation (see the subclasses): frames
 * are owned 8-bit BGR images whose metadata matches them, they stay intact after later grabs, indices
 * grow, and closing is safe at any point.
 */
public abstract class FrameSourceChecks {

    /** A fresh source with at least {@link #minimumFrames()} frames available. */
    protected abstract FrameSource open() throws Exception;

    protected abstract int minimumFrames();

    protected abstract boolean expectLive();

    /** True when the source ends by itself (files), false for live input that runs until stopped. */
    protected boolean ends() {
        return !expectLive();
    }

    @Test
    void framesAreOwnedBgrImagesMatchingTheirMetadata() throws Exception {
        try (FrameSource source = open()) {
            assertEquals(expectLive(), source.isLive());
            List<Frame> kept = new ArrayList<>();
            List<Mat> copies = new ArrayList<>();
            try {
                long lastIndex = -1;
                long lastTimestamp = -1;
                for (int i = 0; i < minimumFrames(); i++) {
                    Optional<Frame> next = source.next();
                    assertTrue(next.isPresent(), "frame " + i);
                    Frame f = next.get();
                    Mat m = f.image();
                    assertEquals(CvType.CV_8UC3, m.type());
                    assertEquals(f.meta().width(), m.cols());
                    assertEquals(f.meta().height(), m.rows());
                    assertTrue(m.cols() > 0 && m.rows() > 0);
                    if (source.isLive() || f.meta().index() > 0) {
                        assertTrue(f.meta().index() > lastIndex, "indices grow");
                        assertTrue(f.meta().timestampMs() >= lastTimestamp, "time goes forward");
                    }
                    lastIndex = f.meta().index();
                    lastTimestamp = f.meta().timestampMs();
                    kept.add(f);
                    copies.add(m.clone());
                }
                // later grabs must not have written into frames already handed out
                for (int i = 0; i < kept.size(); i++) {
                    Mat diff = new Mat();
                    Core.absdiff(kept.get(i).image(), copies.get(i), diff);
                    assertArrayEquals(new double[] {0, 0, 0, 0}, Core.sumElems(diff).val, "frame " + i + " intact");
                    diff.release();
                }
            } finally {
                kept.forEach(Frame::close);
                copies.forEach(Mat::release);
            }
        }
    }

    @Test
    void aFinishedSourceStaysFinishedAndClosingTwiceIsSafe() throws Exception {
        FrameSource source = open();
        if (ends()) {
            int n = 0;
            for (Optional<Frame> f; (f = source.next()).isPresent(); n++) {
                f.get().close();
            }
            assertTrue(n >= minimumFrames());
            if (source.expectedCount() > 0) {
                assertEquals(source.expectedCount(), n, 2, "expected count is the real count");
            }
            assertFalse(source.next().isPresent());
        } else {
            source.next().ifPresent(Frame::close);
            source.requestStop();
            assertFalse(source.next().isPresent(), "a stopped live source ends");
        }
        source.close();
        source.close();
    }
}
