package dev.vision.serve.service;

import dev.vision.core.overlay.Annotator;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.FrameResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The last stage of a camera: hands the next frame, as a JPEG, to whoever asked for a snapshot. Frames are only
 * encoded (and, for an annotated snapshot, copied and drawn on) while someone waits, so a camera nobody looks at
 * pays nothing.
 */
final class SnapshotStage implements ResultStage {

    private final AtomicReference<CompletableFuture<byte[]>> raw = new AtomicReference<>();
    private final AtomicReference<CompletableFuture<byte[]>> annotated = new AtomicReference<>();
    private final Supplier<Annotator> annotator;

    SnapshotStage(Supplier<Annotator> annotator) {
        this.annotator = annotator;
    }

    /** The JPEG of the next frame; waiters of the same kind share one. */
    CompletableFuture<byte[]> next(SnapshotKind kind) {
        AtomicReference<CompletableFuture<byte[]>> slot = kind == SnapshotKind.ANNOTATED ? annotated : raw;
        CompletableFuture<byte[]> fresh = new CompletableFuture<>();
        CompletableFuture<byte[]> waiting = slot.compareAndExchange(null, fresh);
        return waiting != null ? waiting : fresh;
    }

    @Override
    public FrameResult apply(FrameResult result) {
        return result;
    }

    @Override
    public FrameResult apply(FrameResult result, Mat image) {
        if (image == null || image.empty()) {
            return result;
        }
        CompletableFuture<byte[]> plain = raw.getAndSet(null);
        if (plain != null) {
            plain.complete(jpeg(image));
        }
        CompletableFuture<byte[]> drawn = annotated.getAndSet(null);
        if (drawn != null) {
            Mat copy = image.clone();
            try {
                annotator.get().annotate(copy, result);
                drawn.complete(jpeg(copy));
            } finally {
                copy.release();
            }
        }
        return result;
    }

    private static byte[] jpeg(Mat image) {
        MatOfByte buffer = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", image, buffer);
            return buffer.toArray();
        } finally {
            buffer.release();
        }
    }

    /** Fails whoever still waits: the camera stopped. */
    void stopped() {
        CompletableFuture<byte[]> r = raw.getAndSet(null);
        if (r != null) {
            r.completeExceptionally(new IllegalStateException("the camera stopped"));
        }
        CompletableFuture<byte[]> a = annotated.getAndSet(null);
        if (a != null) {
            a.completeExceptionally(new IllegalStateException("the camera stopped"));
        }
    }
}
