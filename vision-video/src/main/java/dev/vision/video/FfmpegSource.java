package dev.vision.video;

import dev.vision.core.capture.FrameSize;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.SourceStatus;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.avutil.AVRational;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * Frames decoded by FFmpeg (through JavaCV): video files, cameras and network streams. Each frame is copied
 * out of the grabber's buffer at once, as the grabber reuses it on the next grab. Live sources reconnect
 * with exponential back-off when the stream fails or ends; every network read has a timeout, so a dead
 * peer never blocks a grab for ever.
 */
public final class FfmpegSource implements FrameSource {

    /** What kind of input, which decides timeouts, reconnects and how the end of input is read. */
    public enum Kind {
        FILE,
        CAMERA,
        STREAM
    }

    private static final long MAX_BACKOFF_MS = 10_000;

    static {
        OpenCvRuntime.load();
        avutil.av_log_set_level(System.getenv("VISION_DEBUG") == null ? avutil.AV_LOG_QUIET : avutil.AV_LOG_INFO);
    }

    private final String input;
    private final String format;
    private final Kind kind;
    private final Map<String, String> options;
    private FFmpegFrameGrabber grabber;
    private SkipListener skipListener = (in, reason) -> {};
    private StatusListener statusListener = (status, detail) -> {};
    private volatile boolean closed;
    private long index;
    private double fps;
    private volatile int width;
    private volatile int height;
    private long expected = -1;
    /** OpenCV rotation that shows a frame upright (a phone video's display matrix), or -1 for none. */
    private int upright = -1;

    private final long openedAtMs = System.currentTimeMillis();

    private FfmpegSource(String input, String format, Kind kind, Map<String, String> options) {
        this.input = input;
        this.format = format;
        this.kind = kind;
        this.options = Map.copyOf(options);
    }

    /** Opens a video file; a file FFmpeg cannot read, or one with no video stream, fails here. */
    public static FfmpegSource openFile(String path) throws SourceOpenException {
        FfmpegSource s = new FfmpegSource(path, null, Kind.FILE, Map.of());
        try {
            s.start();
        } catch (FrameGrabber.Exception e) {
            s.close();
            throw new SourceOpenException("source " + path + ": cannot open video: " + clean(e.getMessage()), e);
        }
        return s;
    }

    /**
     * Opens a camera: {@code 0} or {@code /dev/video0} (v4l2 on Linux, avfoundation on macOS, dshow on Windows).
     * FFmpeg's camera inputs have no read timeout option: a camera that stops delivering is noticed when its
     * driver reports an error or the end of the stream, and then reconnected.
     */
    public static FfmpegSource openCamera(String spec) throws SourceOpenException {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String device;
        String format;
        if (os.contains("mac")) {
            format = "avfoundation";
            device = spec.matches("\\d+") ? spec + ":none" : spec;
        } else if (os.contains("win")) {
            format = "dshow";
            device = spec.startsWith("video=") ? spec : "video=" + spec;
        } else {
            format = "v4l2";
            device = spec.matches("\\d+") ? "/dev/video" + spec : spec;
        }
        FfmpegSource s = new FfmpegSource(device, format, Kind.CAMERA, Map.of());
        try {
            s.start();
        } catch (FrameGrabber.Exception e) {
            s.close();
            throw new SourceOpenException(
                    "camera " + spec + " (" + device + "): cannot open: " + clean(e.getMessage()), e);
        }
        return s;
    }

    /**
     * Opens a network stream (rtsp, rtmp, http MJPEG, udp, tcp). The first connection must succeed, so a
     * wrong URL is a setup error; later failures reconnect.
     */
    public static FfmpegSource openStream(String url, int readTimeoutMs) throws SourceOpenException {
        Map<String, String> options = new LinkedHashMap<>();
        String micros = Long.toString(readTimeoutMs * 1000L);
        String lower = url.toLowerCase(Locale.ROOT);
        // rw_timeout bounds every read of every protocol. "timeout" means a socket timeout for http, rtsp,
        // udp and tcp, but for rtmp it is how long to wait for a peer *to connect to us* and turns on listen
        // mode: there it must not be set.
        options.put("rw_timeout", micros);
        if (lower.startsWith("rtmp")) {
            options.put("rtmp_listen", "0");
        } else {
            options.put("timeout", micros);
        }
        if (lower.startsWith("rtsp://")) {
            options.put("rtsp_transport", "tcp");
        }
        if (lower.startsWith("udp://")) {
            options.put("overrun_nonfatal", "1");
            options.put("fifo_size", "50000000");
        }
        FfmpegSource s = new FfmpegSource(url, null, Kind.STREAM, options);
        try {
            s.start();
        } catch (FrameGrabber.Exception e) {
            s.close();
            throw new SourceOpenException("stream " + url + ": cannot connect: " + clean(e.getMessage()), e);
        }
        return s;
    }

    @Override
    public void onStatus(StatusListener listener) {
        this.statusListener = listener;
    }

    private synchronized void start() throws FrameGrabber.Exception {
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(input);
        if (format != null) {
            g.setFormat(format);
        }
        options.forEach(g::setOption);
        g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        try {
            g.start();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            releaseQuietly(g);
            throw e instanceof FrameGrabber.Exception fe ? fe : new FrameGrabber.Exception(e.getMessage(), e);
        }
        if (!g.hasVideo() || g.getImageWidth() <= 0) {
            releaseQuietly(g);
            throw new FrameGrabber.Exception("no video stream in it");
        }
        grabber = g;
        width = g.getImageWidth();
        height = g.getImageHeight();
        upright = uprightRotation(g.getDisplayRotation());
        double rate = frameGrid(g);
        fps = rate > 0 && rate < 1000 ? rate : 0;
        if (kind == Kind.FILE) {
            int n = g.getLengthInVideoFrames();
            expected = n > 0 ? n : -1;
        }
    }

    @Override
    public Optional<Frame> next() {
        long backoff = 500;
        while (!closed) {
            if (grabber == null) {
                if (!reconnect(backoff)) {
                    return Optional.empty();
                }
                backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
                continue;
            }
            try {
                org.bytedeco.javacv.Frame f = grabber.grabImage();
                if (f == null || f.image == null) {
                    if (kind == Kind.FILE) {
                        reportIfCutShort();
                        return Optional.empty();
                    }
                    dropGrabber("stream ended");
                    continue;
                }
                // live streams' own clocks are unreliable (MJPEG has none, cameras restart theirs on reconnect):
                // their frames are stamped with the wall clock since the source opened
                long ts = kind == Kind.FILE
                        ? Math.max(0, grabber.getTimestamp() / 1000)
                        : System.currentTimeMillis() - openedAtMs;
                return Optional.of(toFrame(f, index++, ts));
            } catch (FrameGrabber.Exception | RuntimeException e) {
                if (closed) {
                    return Optional.empty();
                }
                if (kind == Kind.FILE) {
                    skipListener.skipped(input + " frame " + index, "video ended early: " + clean(e.getMessage()));
                    return Optional.empty();
                }
                dropGrabber(clean(e.getMessage()));
            }
        }
        return Optional.empty();
    }

    /**
     * A file whose container promises more frames than could be decoded was cut short (an interrupted
     * download or copy): FFmpeg reads that as a normal end, so say it. The 5 % margin covers containers
     * that only estimate their frame count.
     */
    private void reportIfCutShort() {
        if (expected > 0 && index < expected * 0.95) {
            skipListener.skipped(
                    input, "video ended early: " + index + " of " + expected + " frames (truncated file?)");
            expected = -1; // said once
        }
    }

    private void dropGrabber(String why) {
        statusListener.status(SourceStatus.RECONNECTING, input + ": " + why);
        FFmpegFrameGrabber g = grabber;
        grabber = null;
        releaseQuietly(g);
    }

    /** Waits {@code backoffMs}, then tries to open the stream again; false once the source is closed. */
    private boolean reconnect(long backoffMs) {
        long until = System.currentTimeMillis() + backoffMs;
        while (!closed && System.currentTimeMillis() < until) {
            try {
                Thread.sleep(Math.min(100, Math.max(1, until - System.currentTimeMillis())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        if (closed) {
            return false;
        }
        try {
            start();
            statusListener.status(SourceStatus.LIVE, input + ": reconnected");
        } catch (FrameGrabber.Exception e) {
            statusListener.status(SourceStatus.RECONNECTING, input + ": " + clean(e.getMessage()) + "; retrying");
        }
        return true;
    }

    /**
     * The stream's frame grid (FFmpeg's r_frame_rate): the rate every frame time is a multiple of. For a
     * variable-frame-rate video it is finer than the average rate, so frames written at their own times
     * keep them; where it is implausible (a container's time base), the average rate.
     */
    private static double frameGrid(FFmpegFrameGrabber g) {
        double average = g.getVideoFrameRate();
        try {
            AVFormatContext context = g.getFormatContext();
            for (int i = 0; i < context.nb_streams(); i++) {
                AVStream st = context.streams(i);
                if (st.codecpar().codec_type() == avutil.AVMEDIA_TYPE_VIDEO) {
                    AVRational r = st.r_frame_rate();
                    double grid = r.den() > 0 ? (double) r.num() / r.den() : 0;
                    return grid > 0 && grid <= 240 && (average <= 0 || grid >= average * 0.99) ? grid : average;
                }
            }
        } catch (RuntimeException e) {
            // no format context to read: the average rate will do
        }
        return average;
    }

    /**
     * The OpenCV rotation that undoes a display matrix's rotation (degrees counter-clockwise, as FFmpeg
     * reports it), or -1 when the frames are upright already.
     */
    static int uprightRotation(double displayRotation) {
        long degrees = Math.floorMod(Math.round(displayRotation), 360);
        return switch ((int) degrees) {
            case 90 -> Core.ROTATE_90_COUNTERCLOCKWISE;
            case 180 -> Core.ROTATE_180;
            case 270 -> Core.ROTATE_90_CLOCKWISE;
            default -> -1;
        };
    }

    /** Copies the grabber's BGR24 buffer into a Mat this frame owns, turned upright. */
    private Frame toFrame(org.bytedeco.javacv.Frame f, long frameIndex, long timestampMs) {
        ByteBuffer data = (ByteBuffer) f.image[0];
        Mat view = new Mat(f.imageHeight, f.imageWidth, CvType.CV_8UC3, data.position(0), f.imageStride);
        Mat owned;
        if (upright >= 0) {
            owned = new Mat();
            Core.rotate(view, owned, upright);
        } else {
            owned = view.clone();
        }
        view.release();
        return new Frame(owned, new FrameMeta(input, frameIndex, timestampMs, owned.cols(), owned.rows()));
    }

    @Override
    public boolean isLive() {
        return kind != Kind.FILE;
    }

    @Override
    public Optional<FrameSize> frameSize() {
        return width > 0 && height > 0 ? Optional.of(new FrameSize(width, height)) : Optional.empty();
    }

    /** The decoded frame's width in pixels, as the stream gave it when opened (before any rotation). */
    public int width() {
        return width;
    }

    /** The decoded frame's height in pixels, as the stream gave it when opened. */
    public int height() {
        return height;
    }

    @Override
    public double nominalFps() {
        return fps;
    }

    @Override
    public long expectedCount() {
        return expected;
    }

    @Override
    public void onSkip(SkipListener listener) {
        this.skipListener = listener;
    }

    @Override
    public void requestStop() {
        closed = true;
    }

    @Override
    public synchronized void close() {
        closed = true;
        FFmpegFrameGrabber g = grabber;
        grabber = null;
        releaseQuietly(g);
    }

    private static void releaseQuietly(FFmpegFrameGrabber g) {
        if (g == null) {
            return;
        }
        // stop() is release(), which ends by trimming the native heap under a lock every grabber and recorder
        // shares: once per grabber, not twice (64 cameras stopping queue behind that lock)
        try {
            g.stop();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            try {
                g.release(); // already broken half-way: release what is left
            } catch (FrameGrabber.Exception | RuntimeException ignored) {
                // nothing more can be done for a grabber that fails to release
            }
        }
    }

    static String clean(String message) {
        if (message == null) {
            return "unknown error";
        }
        String m = message.replaceAll("\\s+", " ").trim();
        // JavaCV appends hints for programmers; users need the FFmpeg error itself
        m = m.replace(" (Has setFormat() been called?)", "")
                .replace(" (For more details, make sure FFmpegLogCallback.set() has been called.)", "");
        m = m.replace("avformat_open_input() error ", "error ");
        Matcher code = Pattern.compile("error (-\\d+)").matcher(m);
        if (code.find()) {
            String words = ERRORS.get(Integer.parseInt(code.group(1)));
            if (words != null) {
                m = m.substring(0, code.start()) + words + " (FFmpeg error " + code.group(1) + ")"
                        + m.substring(code.end());
            }
        }
        return m;
    }

    /** FFmpeg's error numbers a user meets when opening an input, in words. */
    private static final Map<Integer, String> ERRORS = Map.ofEntries(
            Map.entry(-1094995529, "not a video FFmpeg can read (invalid data: a web page, text or a broken file?)"),
            Map.entry(-808465656, "HTTP 400 bad request"),
            Map.entry(-825242872, "HTTP 401 unauthorized (does the URL need a user and password?)"),
            Map.entry(-858797304, "HTTP 403 forbidden"),
            Map.entry(-875574520, "HTTP 404 not found"),
            Map.entry(-1482175736, "an HTTP 4xx error"),
            Map.entry(-1482175992, "an HTTP 5xx server error"),
            Map.entry(-2, "no such file"),
            Map.entry(-5, "input/output error"),
            Map.entry(-101, "network unreachable"),
            Map.entry(-104, "connection reset by the peer"),
            Map.entry(-110, "timed out"),
            Map.entry(-111, "connection refused (nothing listens there)"),
            Map.entry(-113, "no route to host"),
            Map.entry(-1330794744, "protocol not found (a typo in the URL's scheme?)"));
}
