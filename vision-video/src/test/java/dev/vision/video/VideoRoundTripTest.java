package dev.vision.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.Sources;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Point;
import org.opencv.core.Scalar;
import org.opencv.imgproc.Imgproc;

/** Write a clip whose frames are numbered by where a white square sits, read it back, compare. */
class VideoRoundTripTest {

    static {
        OpenCvRuntime.load();
    }

    private static final int FRAMES = 60;
    private static final int W = 320;
    private static final int H = 240;

    /** Frame i: grey background, a 40x40 white square whose x is 4*i. */
    private static Mat frame(int i) {
        Mat m = new Mat(H, W, CvType.CV_8UC3, new Scalar(60, 60, 60));
        Imgproc.rectangle(
                m, new Point(4 * i, 100), new Point(4 * i + 39, 139), new Scalar(255, 255, 255), Imgproc.FILLED);
        return m;
    }

    /** Where the white square starts in a decoded frame: the first column whose middle pixel is bright. */
    private static int squareX(Mat m) {
        for (int x = 0; x < m.cols(); x++) {
            if (m.get(120, x)[1] > 160) {
                return x;
            }
        }
        return -1;
    }

    @Test
    void aWrittenClipReadsBackWithEveryFrameInPlace(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("numbers.mp4");
        try (VideoFileSink sink = new VideoFileSink(target, 15, false)) {
            for (int i = 0; i < FRAMES; i++) {
                Mat m = frame(i);
                sink.accept(
                        FrameResult.ofDetections(
                                new FrameMeta("synthetic", i, i * 1000L / 15, W, H), List.of(), StageTimings.ZERO),
                        m);
                m.release();
            }
            assertFalse(Files.exists(target), "the target appears only once the video is complete");
        }
        assertTrue(Files.size(target) > 1000);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(target), left.toList(), "no temporary file left behind");
        }
        try (FrameSource back = Sources.open(target.toString())) {
            assertEquals(15.0, back.nominalFps(), 0.01);
            int n = 0;
            for (Optional<Frame> f; (f = back.next()).isPresent(); n++) {
                try (Frame frame = f.get()) {
                    assertEquals(W, frame.meta().width());
                    assertEquals(H, frame.meta().height());
                    assertEquals(4 * n, squareX(frame.image()), 2, "frame " + n + " in its place");
                    Mat expected = frame(n);
                    Mat diff = new Mat();
                    Core.absdiff(expected, frame.image(), diff);
                    double meanError = Core.mean(diff).val[1];
                    assertTrue(meanError < 3, "frame " + n + " mean error " + meanError);
                    expected.release();
                    diff.release();
                }
            }
            assertEquals(FRAMES, n, "every frame written is read back");
        }
    }
}
