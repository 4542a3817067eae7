package dev.vision.serve.store;

import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Rect;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Keeps each tracked object's best picture: the frame where its score times its size was highest while no
 * other box covered a third of it, as a full-frame JPEG and a crop. A stage after tracking (it sees the frame
 * before anything is drawn on it); at most one new picture per object a second. Its sink takes the pictures.
 */
public final class BestShots implements ResultStage {

    /** An object's best picture so far; its JPEGs are let go once its sink has written them. */
    static final class Shot {
        final double quality;
        final long atNanos;
        private byte[] frame;
        private byte[] crop;

        Shot(double quality, byte[] frame, byte[] crop, long atNanos) {
            this.quality = quality;
            this.frame = frame;
            this.crop = crop;
            this.atNanos = atNanos;
        }

        boolean taken() {
            return frame == null;
        }
    }

    /** An object of one stream. */
    record Key(int stream, long trackId) {}

    private static final long MIN_INTERVAL_NANOS = 1_000_000_000L;
    private static final double COVERED = 1 / 3.0;
    private static final int JPEG_QUALITY = 85;

    private final Map<Key, Shot> best = new HashMap<>();

    @Override
    public FrameResult apply(FrameResult result) {
        return result;
    }

    @Override
    public FrameResult apply(FrameResult result, Mat image) {
        if (!(result instanceof DetectionResult frame) || image == null || image.empty()) {
            return result;
        }
        long now = System.nanoTime();
        double scale = image.cols() / (double) Math.max(1, frame.meta().width());
        List<Detection> all = frame.detections();
        for (Detection d : all) {
            if (d.trackId().isEmpty()) {
                continue;
            }
            Key key = new Key(frame.meta().stream(), d.trackId().getAsLong());
            double quality = d.score() * area(d.box());
            Shot shot = best.get(key);
            if ((shot != null && (quality <= shot.quality || now - shot.atNanos < MIN_INTERVAL_NANOS))
                    || covered(d, all)) {
                continue;
            }
            encode(image, d.box(), scale)
                    .ifPresent(pictures -> best.put(key, new Shot(quality, pictures[0], pictures[1], now)));
        }
        return result;
    }

    /** Whether another box covers a third of {@code d}'s. */
    private static boolean covered(Detection d, List<Detection> all) {
        Box a = d.box();
        for (Detection other : all) {
            if (other == d) {
                continue;
            }
            Box b = other.box();
            double w = Math.min(a.x2(), b.x2()) - Math.max(a.x1(), b.x1());
            double h = Math.min(a.y2(), b.y2()) - Math.max(a.y1(), b.y1());
            if (w > 0 && h > 0 && w * h > COVERED * area(a)) {
                return true;
            }
        }
        return false;
    }

    private static double area(Box b) {
        return Math.max(0, b.x2() - b.x1()) * (double) Math.max(0, b.y2() - b.y1());
    }

    /** The frame and the box (with a tenth of its size around it) as JPEGs. */
    private static Optional<byte[][]> encode(Mat image, Box box, double scale) {
        double padX = (box.x2() - box.x1()) * 0.1;
        double padY = (box.y2() - box.y1()) * 0.1;
        int x1 = clamp((int) Math.floor((box.x1() - padX) * scale), image.cols());
        int y1 = clamp((int) Math.floor((box.y1() - padY) * scale), image.rows());
        int x2 = clamp((int) Math.ceil((box.x2() + padX) * scale), image.cols());
        int y2 = clamp((int) Math.ceil((box.y2() + padY) * scale), image.rows());
        if (x2 - x1 < 2 || y2 - y1 < 2) {
            return Optional.empty();
        }
        try (Jpeg frame = new Jpeg();
                Jpeg crop = new Jpeg()) {
            Mat region = image.submat(new Rect(x1, y1, x2 - x1, y2 - y1));
            try {
                if (!frame.encode(image) || !crop.encode(region)) {
                    return Optional.empty();
                }
            } finally {
                region.release();
            }
            return Optional.of(new byte[][] {frame.bytes(), crop.bytes()});
        }
    }

    private static int clamp(int v, int max) {
        return Math.max(0, Math.min(v, max));
    }

    /** An encoded JPEG's native buffer, released when closed. */
    private static final class Jpeg implements AutoCloseable {
        private final MatOfByte buffer = new MatOfByte();

        boolean encode(Mat image) {
            MatOfInt params = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, JPEG_QUALITY);
            try {
                return Imgcodecs.imencode(".jpg", image, buffer, params);
            } finally {
                params.release();
            }
        }

        byte[] bytes() {
            return buffer.toArray();
        }

        @Override
        public void close() {
            buffer.release();
        }
    }

    /** The object's newest pictures not yet taken ({frame, crop}), which it then lets go. */
    Optional<byte[][]> takeNew(int stream, long trackId) {
        Shot shot = best.get(new Key(stream, trackId));
        if (shot == null || shot.taken()) {
            return Optional.empty();
        }
        byte[][] pictures = {shot.frame, shot.crop};
        shot.frame = null;
        shot.crop = null;
        return Optional.of(pictures);
    }

    /** The object is gone: its pictures are forgotten. */
    void forget(int stream, long trackId) {
        best.remove(new Key(stream, trackId));
    }

    @Override
    public void reset() {
        best.clear();
    }
}
