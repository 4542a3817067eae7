package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.BadImages;
import dev.vision.core.testing.TestData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class ImageDecoderTest {

    private final ImageDecoder decoder = new ImageDecoder();

    @Test
    void aRealJpegDecodesToBgrOfItsSize() throws Exception {
        Mat m = decoder.read(TestData.media("images/dog.jpg"));
        try {
            assertEquals(768, m.cols());
            assertEquals(576, m.rows());
            assertEquals(CvType.CV_8UC3, m.type());
        } finally {
            m.release();
        }
    }

    @Test
    void everyAwkwardFileIsEitherConvertedToBgrOrRefusedWithAReason(@TempDir Path dir) throws Exception {
        Map<String, Boolean> cases = BadImages.writeAll(dir, TestData.media("images/dog.jpg"));
        for (var c : cases.entrySet()) {
            Path file = dir.resolve(c.getKey());
            if (c.getValue()) {
                Mat m = decoder.read(file);
                try {
                    assertEquals(CvType.CV_8UC3, m.type(), c.getKey());
                } finally {
                    m.release();
                }
            } else {
                var e = assertThrows(
                        UnreadableInputException.class, () -> decoder.read(file).release(), c.getKey());
                assertTrue(e.reason().length() > 5, c.getKey() + ": " + e.reason());
            }
        }
    }

    @Test
    void reasonsSayWhatIsWrong(@TempDir Path dir) throws Exception {
        BadImages.writeAll(dir, TestData.media("images/dog.jpg"));
        assertTrue(reason(dir.resolve("empty.jpg")).contains("empty"));
        assertTrue(reason(dir.resolve("notes.jpg")).contains("not a supported image"));
        assertTrue(reason(dir.resolve("truncated.jpg")).contains("truncated"));
        assertTrue(reason(dir.resolve("huge.png")).contains("too large"));
    }

    @Test
    void sixteenBitValuesAreScaledNotClipped(@TempDir Path dir) throws Exception {
        BadImages.writeAll(dir, TestData.media("images/dog.jpg"));
        Mat m = decoder.read(dir.resolve("sixteen_bit.png"));
        try {
            double[] px = m.get(0, 0);
            assertEquals(1000 / 257.0, px[0], 1.0);
            assertEquals(30000 / 257.0, px[1], 1.0);
            assertEquals(65000 / 257.0, px[2], 1.0);
        } finally {
            m.release();
        }
    }

    private String reason(Path file) {
        return assertThrows(
                        UnreadableInputException.class, () -> decoder.read(file).release())
                .reason();
    }
}
