package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.Frame;
import dev.vision.core.inference.Detector;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Mat;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/** A large JPEG decoded at a reduced size: smaller pixels, the full size in its metadata, boxes in full-size pixels. */
class ReducedDecodeTest {

    @Test
    void aLargePhotoIsDecodedSmallerAndTheDogIsFoundWhereItIsInTheFullPhoto(@TempDir Path work) throws Exception {
        // dog.jpg (768x576) made four times larger: 3072x2304
        Path large = work.resolve("dog-large.jpg");
        Mat dog = Imgcodecs.imread(TestData.media("images/dog.jpg").toString());
        Mat big = new Mat();
        Imgproc.resize(dog, big, new Size(3072, 2304), 0, 0, Imgproc.INTER_CUBIC);
        Imgcodecs.imwrite(large.toString(), big, new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 95));
        dog.release();
        big.release();
        try (Detector detector = Detector.builder()
                .engine("onnxruntime")
                .device("cpu")
                .conf(0.3f)
                .store(TestData.modelStore(TestData.tempDir("vision-cache")))
                .build()) {
            assertEquals(416, detector.neededImageSide());
            Detection reduced;
            try (ImageFilesSource source = new ImageFilesSource(List.of(large), 0, 1, detector.neededImageSide())) {
                Optional<Frame> f = source.next();
                assertTrue(f.isPresent());
                try (Frame frame = f.get()) {
                    // 3072 / 4 = 768 keeps 576 >= 416; 1/8 would go below it
                    assertEquals(768, frame.image().cols());
                    assertEquals(576, frame.image().rows());
                    assertEquals(3072, frame.meta().width());
                    assertEquals(2304, frame.meta().height());
                    DetectionResult r = (DetectionResult)
                            FrameProcessor.of(detector).process(List.of(frame)).get(0);
                    reduced = r.detections().stream()
                            .filter(d -> d.label().equals("dog"))
                            .findFirst()
                            .orElseThrow();
                }
            }
            Detection full = detector.detect(large).stream()
                    .filter(d -> d.label().equals("dog"))
                    .findFirst()
                    .orElseThrow();
            // the same dog, in full-size pixels: within 1 % of the photo's width of the full decode's box
            assertEquals(full.box().x1(), reduced.box().x1(), 30);
            assertEquals(full.box().y1(), reduced.box().y1(), 30);
            assertEquals(full.box().x2(), reduced.box().x2(), 30);
            assertEquals(full.box().y2(), reduced.box().y2(), 30);
            assertTrue(reduced.box().x2() > 1200, "in full-size pixels, not the reduced image's: " + reduced.box());
        }
    }

    @Test
    void onlyAJpegAtLeastTwiceTheNeededSideIsReduced() {
        assertEquals(4, ImageDecoder.reduction(new ImageHeader("JPEG", 3072, 2304), 416));
        assertEquals(2, ImageDecoder.reduction(new ImageHeader("JPEG", 1000, 900), 416));
        assertEquals(1, ImageDecoder.reduction(new ImageHeader("JPEG", 768, 576), 416));
        assertEquals(
                1, ImageDecoder.reduction(new ImageHeader("PNG", 3072, 2304), 416), "only libjpeg scales in decoding");
        assertEquals(1, ImageDecoder.reduction(new ImageHeader("JPEG", 3072, 2304), 0), "0: full decode");
    }
}
