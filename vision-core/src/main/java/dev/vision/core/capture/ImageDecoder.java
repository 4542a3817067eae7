package dev.vision.core.capture;

import dev.vision.core.frame.OpenCvRuntime;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Reads an image file into an 8-bit, 3-channel BGR {@link Mat}, whatever it was stored as: grayscale,
 * RGBA, 16-bit and CMYK images are converted; files that are not images, or are too large to decode
 * safely, are refused with a reason a person can act on.
 */
public final class ImageDecoder {

    static {
        OpenCvRuntime.load();
    }

    /** Larger images are refused before decoding: 100 megapixels is 300 MB of BGR pixels. */
    public static final long MAX_PIXELS = 100_000_000L;
    /** Files larger than this are not read into memory. */
    public static final long MAX_FILE_BYTES = 512L * 1024 * 1024;

    public ImageDecoder() {}

    public Mat read(Path file) throws UnreadableInputException {
        return decode(file.toString(), readBytes(file));
    }

    private static byte[] readBytes(Path file) throws UnreadableInputException {
        String name = file.toString();
        try {
            long size = Files.size(file);
            if (size == 0) {
                throw new UnreadableInputException(name, "empty file (0 bytes)");
            }
            if (size > MAX_FILE_BYTES) {
                throw new UnreadableInputException(name, "file too large (" + size + " bytes)");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UnreadableInputException(name, "cannot read file: " + e.getMessage());
        }
    }

    public Mat decode(String name, byte[] bytes) throws UnreadableInputException {
        return decode(name, bytes, 0).image();
    }

    /**
     * A decoded image and the size it has in full; the image is smaller when it was decoded at a reduced size.
     *
     * @param image      8-bit BGR pixels, owned by the caller
     * @param fullWidth  the width of the whole image as stored (after its EXIF rotation)
     * @param fullHeight its height
     */
    public record Decoded(Mat image, int fullWidth, int fullHeight) {
        /** True when the image was decoded smaller than it is. */
        public boolean reduced() {
            return image.cols() != fullWidth || image.rows() != fullHeight;
        }
    }

    /**
     * Reads a file as {@link #decode(String, byte[], int)} does.
     *
     * @throws UnreadableInputException when the file cannot be read or decoded
     */
    public Decoded read(Path file, int atLeast) throws UnreadableInputException {
        return decode(file.toString(), readBytes(file), atLeast);
    }

    /**
     * Decodes an image; a JPEG at least twice {@code atLeast} pixels in both sides is decoded by libjpeg at
     * 1/2, 1/4 or 1/8 of its size (the smallest that keeps both sides at {@code atLeast} or more), which
     * costs a fraction of a full decode. 0 decodes everything in full.
     */
    public Decoded decode(String name, byte[] bytes, int atLeast) throws UnreadableInputException {
        ImageHeader header = ImageHeader.parse(bytes);
        if (header == null) {
            throw new UnreadableInputException(name, "not a supported image (unknown file signature)");
        }
        if ((long) header.width() * header.height() > MAX_PIXELS) {
            throw new UnreadableInputException(
                    name,
                    String.format(
                            "image too large: %dx%d exceeds %d megapixels",
                            header.width(), header.height(), MAX_PIXELS / 1_000_000));
        }
        if ((header.width() <= 0 && header.height() <= 0 && header.format().equals("JPEG"))
                || header.truncated(bytes)) {
            throw new UnreadableInputException(name, "truncated " + header.format() + " (file ends early)");
        }
        Mat decoded;
        MatOfByte buffer = new MatOfByte(header.format().equals("PNG") ? withoutColourProfile(bytes) : bytes);
        try {
            // ANYDEPTH|ANYCOLOR keeps 16-bit and alpha images decodable; we convert them ourselves below.
            int factor = reduction(header, atLeast);
            decoded = Imgcodecs.imdecode(
                    buffer,
                    factor == 8
                            ? Imgcodecs.IMREAD_REDUCED_COLOR_8
                            : factor == 4
                                    ? Imgcodecs.IMREAD_REDUCED_COLOR_4
                                    : factor == 2
                                            ? Imgcodecs.IMREAD_REDUCED_COLOR_2
                                            : Imgcodecs.IMREAD_ANYDEPTH | Imgcodecs.IMREAD_ANYCOLOR);
        } catch (RuntimeException e) {
            throw new UnreadableInputException(name, "cannot decode image: " + e.getMessage());
        } finally {
            buffer.release();
        }
        if (decoded == null || decoded.empty()) {
            if (decoded != null) {
                decoded.release();
            }
            throw new UnreadableInputException(
                    name, "cannot decode image (corrupt or truncated " + header.format() + ")");
        }
        Mat bgr;
        try {
            bgr = toBgr8(decoded);
        } finally {
            decoded.release();
        }
        // the header has the stored size; an EXIF rotation of a quarter turn swaps the sides
        boolean turned = bgr.cols() != bgr.rows() && (bgr.cols() > bgr.rows()) != (header.width() > header.height());
        int fullWidth = turned ? header.height() : header.width();
        int fullHeight = turned ? header.width() : header.height();
        if (fullWidth <= 0 || fullHeight <= 0 || fullWidth < bgr.cols() || fullHeight < bgr.rows()) {
            fullWidth = bgr.cols(); // a header without a usable size: what was decoded is the whole image
            fullHeight = bgr.rows();
        }
        return new Decoded(bgr, fullWidth, fullHeight);
    }

    /** 8, 4, 2 or 1: the most a JPEG can be scaled down in decoding with both sides staying at {@code atLeast}. */
    static int reduction(ImageHeader header, int atLeast) {
        if (atLeast <= 0 || !header.format().equals("JPEG")) {
            return 1;
        }
        for (int factor = 8; factor >= 2; factor /= 2) {
            if (header.width() / factor >= atLeast && header.height() / factor >= atLeast) {
                return factor;
            }
        }
        return 1;
    }

    /**
     * A PNG without its iCCP chunk. OpenCV ignores colour profiles, but libpng checks them and prints
     * warnings on stderr ("iCCP: known incorrect sRGB profile") that no caller can silence.
     */
    static byte[] withoutColourProfile(byte[] png) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length);
        out.write(png, 0, 8);
        int i = 8;
        while (i + 12 <= png.length) {
            int length = ((png[i] & 0xFF) << 24)
                    | ((png[i + 1] & 0xFF) << 16)
                    | ((png[i + 2] & 0xFF) << 8)
                    | (png[i + 3] & 0xFF);
            if (length < 0 || i + 12L + length > png.length) {
                out.write(png, i, png.length - i); // a damaged chunk: leave the rest for the decoder to judge
                return out.toByteArray();
            }
            boolean profile = png[i + 4] == 'i' && png[i + 5] == 'C' && png[i + 6] == 'C' && png[i + 7] == 'P';
            if (!profile) {
                out.write(png, i, 12 + length);
            }
            i += 12 + length;
        }
        out.write(png, i, png.length - i);
        return out.toByteArray();
    }

    /** A new 8-bit BGR copy of {@code src}; {@code src} stays owned by the caller. */
    public static Mat toBgr8(Mat src) {
        Mat eightBit = src;
        if (src.depth() != CvType.CV_8U) {
            eightBit = new Mat();
            double scale = switch (src.depth()) {
                case CvType.CV_16U -> 1.0 / 257.0;
                case CvType.CV_16S -> 1.0 / 128.0;
                case CvType.CV_32F, CvType.CV_64F -> 255.0;
                default -> 1.0;
            };
            src.convertTo(eightBit, CvType.CV_8U, scale);
        }
        try {
            Mat bgr = new Mat();
            switch (eightBit.channels()) {
                case 1 -> Imgproc.cvtColor(eightBit, bgr, Imgproc.COLOR_GRAY2BGR);
                case 4 -> Imgproc.cvtColor(eightBit, bgr, Imgproc.COLOR_BGRA2BGR);
                case 3 -> eightBit.copyTo(bgr);
                default -> {
                    bgr.release();
                    throw new IllegalArgumentException("unsupported channel count " + eightBit.channels());
                }
            }
            return bgr;
        } finally {
            if (eightBit != src) {
                eightBit.release();
            }
        }
    }

    /** Reads the first bytes of a file, for a cheap "is this an image at all" test. */
    public static boolean looksLikeImage(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(64 * 1024);
            return ImageHeader.parse(head) != null;
        } catch (IOException e) {
            return false;
        }
    }
}
