package dev.vision.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.FrameMeta;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.StageTimings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import nu.pattern.OpenCV;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/** The heatmap is hottest where tracked paths overlap most, and is written as an image of the frame's size. */
class HeatmapTest {

    private static Detection at(long id, double x, double y) {
        return new Detection("person", 0, 0.9f, new Box((float) x - 15, (float) y - 40, (float) x + 15, (float) y + 40))
                .withTrackId(id);
    }

    @Test
    void theHottestPlaceIsWherePathsCrossAndTheImageIsTheFrames(@TempDir Path dir) throws Exception {
        OpenCV.loadLocally();
        Mat frame = new Mat(480, 640, CvType.CV_8UC3, new Scalar(90, 110, 100));
        Path file = dir.resolve("heat.png");
        try (Heatmap heatmap = new Heatmap(Anchor.CENTER)) {
            // three people walk straight lines that all pass through (400, 200); nobody stands anywhere
            for (int f = 0; f < 100; f++) {
                List<Detection> ds = new ArrayList<>();
                ds.add(at(1, 100 + 6 * f, 200)); // left to right along y = 200
                ds.add(at(2, 400, 20 + 3.6 * f)); // down along x = 400
                ds.add(at(3, 100 + 6 * f, -100 + 6 * f)); // diagonally
                heatmap.apply(
                        new DetectionResult(new FrameMeta("s", f, 40L * f, 640, 480), ds, StageTimings.ZERO), frame);
            }
            Mat density = heatmap.density();
            Core.MinMaxLocResult hottest = Core.minMaxLoc(density);
            density.release();
            assertEquals(400, hottest.maxLoc.x, 12, "hottest where the three paths meet: " + hottest.maxLoc);
            assertEquals(200, hottest.maxLoc.y, 12, "hottest where the three paths meet: " + hottest.maxLoc);
            heatmap.write(file);
        } finally {
            frame.release();
        }
        Mat written = Imgcodecs.imread(file.toString());
        try {
            assertEquals(640, written.cols());
            assertEquals(480, written.rows());
            double[] hot = written.get(200, 400);
            double[] cold = written.get(450, 50);
            assertTrue(
                    hot[2] > 100 && hot[2] > hot[0] + 60 && hot[2] > hot[1] + 60,
                    "red where hottest: B,G,R " + Arrays.toString(hot));
            assertEquals(90, cold[0], 3, "the frame shows where nobody went");
            assertTrue(Files.size(file) > 1000);
        } finally {
            written.release();
        }
    }
}
