package dev.vision.core.testing;

import dev.vision.core.frame.OpenCvRuntime;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Writes the awkward files users' folders hold: generated here, never committed. Each entry says whether a
 * careful tool can still use it (true) or must skip it (false).
 */
public final class BadImages {

    static {
        OpenCvRuntime.load();
    }

    private BadImages() {}

    /** File name → usable, in the order written. */
    public static Map<String, Boolean> writeAll(Path dir, Path realJpeg) throws IOException {
        Map<String, Boolean> cases = new LinkedHashMap<>();
        byte[] jpeg = Files.readAllBytes(realJpeg);
        Files.write(dir.resolve("truncated.jpg"), Arrays.copyOf(jpeg, jpeg.length / 2));
        cases.put("truncated.jpg", false);
        Files.writeString(dir.resolve("notes.jpg"), "this is a text file, not a photo\n", StandardCharsets.UTF_8);
        cases.put("notes.jpg", false);
        Files.write(dir.resolve("empty.jpg"), new byte[0]);
        cases.put("empty.jpg", false);
        byte[] png = encode(new Mat(64, 64, CvType.CV_8UC3, new Scalar(40, 80, 120)), ".png");
        Files.write(dir.resolve("truncated.png"), Arrays.copyOf(png, png.length - 20));
        cases.put("truncated.png", false);
        // a PNG whose image data is scrambled but whose chunks are all there: the checksum fails
        byte[] scrambled = png.clone();
        for (int i = 45; i < scrambled.length - 20; i += 3) {
            scrambled[i] = (byte) ~scrambled[i];
        }
        Files.write(dir.resolve("corrupt.png"), scrambled);
        cases.put("corrupt.png", false);
        Files.write(dir.resolve("huge.png"), hugePngHeader(20000, 20000));
        cases.put("huge.png", false);

        // bytes scrambled in the middle of the scan: libjpeg decodes it with grey blocks and a warning
        byte[] corrupt = jpeg.clone();
        for (int i = corrupt.length / 3; i < corrupt.length / 3 + 2000; i += 7) {
            corrupt[i] = (byte) (corrupt[i] * 31 + 7);
        }
        Files.write(dir.resolve("corrupt.jpg"), corrupt);
        cases.put("corrupt.jpg", true);
        Files.write(dir.resolve("cmyk.jpg"), fourChannelJpeg());
        cases.put("cmyk.jpg", true);
        Files.write(dir.resolve("huge.jpg"), hugeJpegHeader(20000, 20000));
        cases.put("huge.jpg", false);

        Files.write(dir.resolve("one_pixel.png"), encode(new Mat(1, 1, CvType.CV_8UC3, new Scalar(1, 2, 3)), ".png"));
        cases.put("one_pixel.png", true);
        Files.write(
                dir.resolve("sixteen_bit.png"),
                encode(new Mat(48, 64, CvType.CV_16UC3, new Scalar(1000, 30000, 65000)), ".png"));
        cases.put("sixteen_bit.png", true);
        Files.write(dir.resolve("gray.png"), encode(new Mat(48, 64, CvType.CV_8UC1, new Scalar(128)), ".png"));
        cases.put("gray.png", true);
        Files.write(
                dir.resolve("rgba.png"), encode(new Mat(48, 64, CvType.CV_8UC4, new Scalar(10, 20, 30, 128)), ".png"));
        cases.put("rgba.png", true);
        return cases;
    }

    private static byte[] encode(Mat image, String ext) {
        MatOfByte buf = new MatOfByte();
        try {
            if (!Imgcodecs.imencode(ext, image, buf)) {
                throw new IllegalStateException("cannot encode " + ext);
            }
            return buf.toArray();
        } finally {
            buf.release();
            image.release();
        }
    }

    /** A four-component (CMYK-style) JPEG, as print workflows write them. */
    private static byte[] fourChannelJpeg() throws IOException {
        WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 64, 48, 4, null);
        for (int y = 0; y < 48; y++) {
            for (int x = 0; x < 64; x++) {
                raster.setPixel(x, y, new int[] {200, 50, 0, 30});
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(raster, null, null), null);
        } finally {
            writer.dispose();
        }
        return bytes.toByteArray();
    }

    /** A JPEG start and a frame header claiming a huge size, then the end marker: nothing to decode. */
    private static byte[] hugeJpegHeader(int width, int height) {
        return new byte[] {
            (byte) 0xFF,
            (byte) 0xD8,
            (byte) 0xFF,
            (byte) 0xC0,
            0,
            17,
            8,
            (byte) (height >> 8),
            (byte) height,
            (byte) (width >> 8),
            (byte) width,
            3,
            1,
            0x22,
            0,
            2,
            0x11,
            1,
            3,
            0x11,
            1,
            (byte) 0xFF,
            (byte) 0xD9
        };
    }

    /** A PNG signature and IHDR claiming a huge size, and nothing else. */
    private static byte[] hugePngHeader(int width, int height) {
        byte[] b = new byte[33];
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
        System.arraycopy(sig, 0, b, 0, 8);
        b[11] = 13;
        b[12] = 'I';
        b[13] = 'H';
        b[14] = 'D';
        b[15] = 'R';
        putInt(b, 16, width);
        putInt(b, 20, height);
        b[24] = 8;
        b[25] = 2;
        return b;
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }
}
