package dev.vision.video;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.result.FrameResult;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.sink.UnfinishedFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The annotated frames as an H.264 (yuv420p) MP4 that browsers and players open, at the input's size and
 * frame rate. Written to a hidden temporary file and renamed when closed, so the target is either absent
 * or a finished, playable file. The MP4 is fragmented (a fragment every keyframe, 2 s): after a crash the
 * hidden temporary file plays up to its last keyframe, and players can stream it. With {@code useTimestamps}
 * (live input) each frame keeps its capture time, so dropped frames do not speed the video up.
 */
public final class VideoFileSink implements ResultSink {

    private final Path target;
    private final Path temp;
    private final double fps;
    private final boolean useTimestamps;
    private FFmpegFrameRecorder recorder;
    /** Whether a frame could not be written: the file is then removed, never renamed into place. */
    private boolean failed;
    /** Whether the run ended by a failure elsewhere: the video is finished but named NAME.partial.mp4. */
    private volatile boolean partial;

    private int width;
    private int height;
    private byte[] pixels = new byte[0];
    /** The other frame buffer: one is filled on the caller's thread while the other is encoded. */
    private byte[] spare = new byte[0];
    /** The frame on its way through the encoder pool, or null. */
    private CompletableFuture<Void> encoding;

    private final Mat resized = new Mat();
    private long firstTimestampMs = -1;
    private long frames;

    /** x264's speed/size trade-off used unless told otherwise: measured here, "superfast" left the model more CPU. */
    public static final String DEFAULT_PRESET = "superfast";

    private final String preset;

    public VideoFileSink(Path target, double fps, boolean useTimestamps) throws IOException {
        this(target, fps, useTimestamps, DEFAULT_PRESET);
    }

    /** x264's presets, fastest first. */
    public static final List<String> PRESETS = List.of(
            "ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow", "placebo");

    /** @param preset an x264 preset, ultrafast … veryslow: faster ones cost less CPU and make larger files */
    public VideoFileSink(Path target, double fps, boolean useTimestamps, String preset) throws IOException {
        if (!PRESETS.contains(preset)) {
            throw new InvalidSettingException(
                    "videoPreset", "unknown x264 preset '" + preset + "' (" + String.join(", ", PRESETS) + ")");
        }
        this.preset = preset;
        this.target = target;
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        if (!target.getFileName().toString().endsWith(".mp4")) {
            throw new IllegalArgumentException("a video's name ends in .mp4: " + target);
        }
        this.temp = parent.resolve("." + target.getFileName() + ".part.mp4");
        this.fps = fps > 0 ? fps : 25;
        this.useTimestamps = useTimestamps;
    }

    /**
     * The run ended early by a failure: the video is still finished (playable), but under
     * {@link #partialTarget()} rather than its final name, so nobody takes it for the whole run.
     */
    public void keepAsPartial() {
        partial = true;
    }

    /** Where the video goes when {@link #keepAsPartial()} was called: NAME.partial.mp4 beside the target. */
    public Path partialTarget() {
        String name = target.getFileName().toString();
        return target.resolveSibling(name.substring(0, name.length() - ".mp4".length()) + ".partial.mp4");
    }

    /** Whether a video was begun (it got a frame); one that never did leaves no file. */
    public boolean begun() {
        return frames > 0;
    }

    @Override
    public boolean needsPixels() {
        return true;
    }

    @Override
    public void accept(FrameResult result, Mat annotated) throws IOException {
        if (recorder == null) {
            start(annotated.cols(), annotated.rows());
        }
        Mat image = annotated;
        if (annotated.cols() != width || annotated.rows() != height) {
            // a stream that came back at another size: keep the video's size
            Imgproc.resize(annotated, resized, new Size(width, height));
            image = resized;
        }
        awaitEncoded(); // the previous frame is encoded: its buffer is free again, and a failure is seen here
        int n = (int) (image.total() * image.channels());
        byte[] free = pixels;
        pixels = spare;
        spare = free;
        if (pixels.length != n) {
            pixels = new byte[n];
        }
        image.get(0, 0, pixels);
        long ts = result.meta().timestampMs();
        byte[] frame = pixels;
        encoding = CompletableFuture.runAsync(() -> encode(frame, ts), EncoderPool.SHARED);
        frames++;
    }

    /** On an encoder thread: one frame into the video, at its own time when timestamps are kept. */
    private void encode(byte[] frame, long timestampMs) {
        try {
            if (useTimestamps) {
                if (firstTimestampMs < 0) {
                    firstTimestampMs = timestampMs;
                }
                long micros = Math.max(0, timestampMs - firstTimestampMs) * 1000;
                if (micros > recorder.getTimestamp()) {
                    recorder.setTimestamp(micros);
                }
            }
            recorder.recordImage(
                    width, height, Frame.DEPTH_UBYTE, 3, width * 3, avutil.AV_PIX_FMT_BGR24, ByteBuffer.wrap(frame));
        } catch (FrameRecorder.Exception e) {
            throw new CompletionException(e);
        }
    }

    /**
     * Waits for the frame being encoded. A failure to write is an {@link IOException} that names the video;
     * an Error of the encoder thread (out of memory) is thrown as it is, so the run ends on it.
     */
    private void awaitEncoded() throws IOException {
        CompletableFuture<Void> last = encoding;
        if (last == null) {
            return;
        }
        encoding = null;
        try {
            last.join();
        } catch (CompletionException e) {
            failed = true;
            Throwable cause = e.getCause();
            if (cause instanceof FrameRecorder.Exception fe) {
                throw new IOException(
                        "cannot write video " + target + ": " + inWords(fe) + "; the unfinished video " + "is removed",
                        fe);
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new IOException("cannot write video " + target + ": " + cause, cause);
        }
    }

    /** FFmpeg's message, with the system errors a full disk or a size limit give said in words. */
    private static String inWords(FrameRecorder.Exception e) {
        String m = String.valueOf(e.getMessage());
        Matcher code = Pattern.compile("error (-\\d+)").matcher(m);
        if (code.find()) {
            String words = switch (code.group(1)) {
                case "-27" -> "file too large (a file-size limit)";
                case "-28" -> "no space left on the device";
                case "-122" -> "disk quota exceeded";
                case "-5" -> "input/output error";
                default -> null;
            };
            if (words != null) {
                return words + " (FFmpeg error " + code.group(1) + ")";
            }
        }
        return m;
    }

    private void start(int w, int h) throws IOException {
        // H.264 in yuv420p needs even sizes
        width = w - (w % 2);
        height = h - (h % 2);
        FFmpegFrameRecorder r = new FFmpegFrameRecorder(temp.toFile(), width, height, 0);
        r.setFormat("mp4");
        r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
        r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        r.setFrameRate(fps);
        r.setGopSize((int) Math.max(1, Math.round(fps * 2)));
        r.setVideoOption("preset", preset);
        r.setVideoOption("crf", "23");
        // no B-frames: a fragmented MP4 has no edit list to hide their delay, so the first frame would start
        // two frames late (each frame must keep its own time)
        r.setVideoOption("bf", "0");
        // one encoder thread: on a small machine x264's own thread pool competes with the model for the cores
        r.setVideoOption("threads", "1");
        // fragments, each closed at a keyframe (every 2 s), so that a crash or kill -9 of a run that may have
        // lasted a day leaves a playable file holding all but the last fragment (a plain MP4 has its index
        // only at the end); the empty index at the front also lets players stream it
        r.setOption("movflags", "+frag_keyframe+empty_moov+default_base_moof");
        try {
            r.start();
        } catch (FrameRecorder.Exception e) {
            try {
                r.release();
            } catch (FrameRecorder.Exception ignored) {
                // nothing was written
            }
            Files.deleteIfExists(temp);
            throw new IOException("cannot start video " + target + ": " + e.getMessage(), e);
        }
        recorder = r;
        UnfinishedFiles.writing(temp, target);
    }

    @Override
    public void close() throws IOException {
        resized.release();
        if (recorder == null) {
            return;
        }
        IOException lastFrame = null; // the last frame's failure: no later accept reported it
        try {
            awaitEncoded();
        } catch (IOException e) {
            lastFrame = e;
        } catch (Error e) {
            failed = true;
            lastFrame = new IOException(
                    "cannot write video " + target + ": the encoder failed (" + e
                            + "); the unfinished video is removed",
                    e);
        }
        if (failed) { // an earlier failure was said by accept: only the unplayable part is left to remove
            try {
                recorder.release();
            } catch (FrameRecorder.Exception ignored) {
                // the file goes anyway
            } finally {
                recorder = null;
                Files.deleteIfExists(temp);
                UnfinishedFiles.done(temp);
            }
            if (lastFrame != null) {
                throw lastFrame;
            }
            return;
        }
        try {
            // stop() writes the trailer and releases the recorder: a second release() would only trim
            // the process's native heap once more, under a lock all of JavaCV's FFmpeg objects share, which
            // made 64 cameras miss the 8 s a stop may take
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            Files.deleteIfExists(temp);
            UnfinishedFiles.done(temp);
            throw new IOException(
                    "cannot finish video " + target + ": " + inWords(e) + "; the unfinished video is " + "removed", e);
        } finally {
            recorder = null;
        }
        Files.move(
                temp,
                partial ? partialTarget() : target,
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        UnfinishedFiles.done(temp);
    }
}
