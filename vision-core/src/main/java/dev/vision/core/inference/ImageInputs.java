package dev.vision.core.inference;

import dev.vision.core.capture.ImageDecoder;
import dev.vision.core.capture.UnreadableInputException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Turns what a library user holds (a file, encoded bytes, an OpenCV {@link Mat}, a {@link BufferedImage})
 * into the 8-bit BGR {@link Mat} a model reads. Every returned Mat is new and owned by the caller.
 */
final class ImageInputs {

    private ImageInputs() {}

    static Mat toBgr(Object image) {
        if (image instanceof Path path) {
            return new ImageDecoder().read(path);
        }
        if (image instanceof byte[] bytes) {
            return new ImageDecoder().decode("image bytes", bytes);
        }
        if (image instanceof Mat mat) {
            if (mat.empty()) {
                throw new UnreadableInputException("Mat", "empty image");
            }
            return ImageDecoder.toBgr8(mat);
        }
        if (image instanceof BufferedImage buffered) {
            return fromBufferedImage(buffered);
        }
        throw new IllegalArgumentException("an image is a Path, byte[], Mat or BufferedImage, not "
                + (image == null ? "null" : image.getClass().getName()));
    }

    /** Converts each image; on failure releases the ones already made. */
    static List<Mat> toBgr(List<?> images) {
        List<Mat> mats = new ArrayList<>(images.size());
        try {
            for (Object image : images) {
                mats.add(toBgr(image));
            }
            return mats;
        } catch (RuntimeException e) {
            release(mats);
            throw e;
        }
    }

    static void release(List<Mat> mats) {
        mats.forEach(Mat::release);
    }

    private static Mat fromBufferedImage(BufferedImage image) {
        if (image.getWidth() < 1 || image.getHeight() < 1) {
            throw new UnreadableInputException("BufferedImage", "empty image");
        }
        BufferedImage bgr = image;
        if (image.getType() != BufferedImage.TYPE_3BYTE_BGR) {
            bgr = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
            var g = bgr.createGraphics();
            try {
                g.drawImage(image, 0, 0, null);
            } finally {
                g.dispose();
            }
        }
        byte[] pixels = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        Mat mat = new Mat(bgr.getHeight(), bgr.getWidth(), CvType.CV_8UC3);
        mat.put(0, 0, pixels);
        return mat;
    }
}
