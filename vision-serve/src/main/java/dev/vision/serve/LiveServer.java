package dev.vision.serve;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.capture.SourceSpec;
import dev.vision.core.capture.SourceStatus;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.pipeline.Stage;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackEvent;
import dev.vision.core.sink.ResultJson;
import dev.vision.core.sink.ResultSink;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.MatOfInt;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * The run, live in a browser: {@code /} (the page; a grid of tiles with several sources), {@code /stream.mjpg}
 * (annotated frames as MJPEG; the first source's), {@code /stream/<i>.mjpg} (source {@code i}'s),
 * {@code /events} (server-sent events: each stream's newest JSON line, the run's status, what happened;
 * with {@code ?tiles=1} also each stream's newest frame as a small JPEG, so that a page of 64 cameras needs
 * this one connection and stays within a browser's six per host), {@code /status} (JSON) and
 * {@code /metrics} (Prometheus text, written by the Prometheus Java client). Served by Javalin (Jetty). The pipeline only publishes into
 * "latest" slots; every viewer reads them on its own server thread at its own pace, so a slow or stalled
 * viewer never holds frames or the pipeline back, and a viewer that goes away frees its thread at the
 * next write.
 */
public final class LiveServer implements AutoCloseable {

    /** What the page shows about the run. */
    public record RunInfo(String task, String source, String model, String licence, String engine, String device) {}

    private static final String BOUNDARY = "visionframe";
    /** Viewers served at once on /stream.mjpg, and on /events; more get 503, so a crowd cannot starve the run. */
    public static final int MAX_STREAM_VIEWERS = 16;

    private final Javalin app;
    private final RunInfo info;
    private final Supplier<RunStats> stats;
    private final List<LatestSlot<byte[]>> jpegs = new ArrayList<>();
    private final List<String> names;
    private final StreamBoard board;
    /** When each stream's tile was last made (System.nanoTime()). */
    private final long[] tileMadeAt;
    /** Each stream's state and what was said about it. */
    private final SourceStatus[] streamStates;

    private final String[] streamDetails;
    /** How often the status (with its figures) is pushed while frames come. */
    static final long STATUS_PERIOD_NANOS = 1_000_000_000L;

    private volatile long statusPushedAt;

    static final int MAX_WARNINGS = 16;
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicInteger mjpegViewers = new AtomicInteger();
    private final AtomicInteger eventViewers = new AtomicInteger();
    private final AtomicInteger tileViewers = new AtomicInteger();
    private final ObjectMapper mapper = new ObjectMapper();
    private final ResultJson resultJson = new ResultJson(mapper);
    private final ConcurrentHashMap<Integer, FrameResult> lastResults = new ConcurrentHashMap<>();
    private volatile SourceStatus state = SourceStatus.STARTING;
    private volatile String stateDetail = "";
    private volatile boolean closed;
    private final int port;

    /** Width of a stream's tile on the page of several sources. */
    static final int TILE_WIDTH = 384;
    /** Tiles made per second over all streams at most: the page's one connection stays light with 64. */
    static final int TILES_PER_SECOND = 30;
    /** A stream's tile is renewed at most this often, however few streams there are. */
    static final long TILE_MIN_INTERVAL_MS = 200;

    private LiveServer(Javalin app, RunInfo info, List<String> names, Supplier<RunStats> stats, int port) {
        this.names = List.copyOf(names.isEmpty() ? List.of("0") : names);
        for (int i = 0; i < this.names.size(); i++) {
            jpegs.add(new LatestSlot<>());
        }
        board = new StreamBoard(this.names.size());
        tileMadeAt = new long[this.names.size()];
        streamStates = new SourceStatus[this.names.size()];
        streamDetails = new String[this.names.size()];
        Arrays.fill(streamStates, SourceStatus.STARTING);
        Arrays.fill(streamDetails, "");
        this.app = app;
        this.info = info;
        this.stats = stats;
        this.port = port;
    }

    /**
     * Starts serving on {@code host:port} (port 0 picks a free one).
     *
     * @throws IOException when the address cannot be bound, with a message saying so
     */
    public static LiveServer start(String host, int port, RunInfo info, Supplier<RunStats> stats) throws IOException {
        return start(host, port, info, 1, stats);
    }

    /** Starts serving a run of {@code streams} sources, called by their positions. */
    public static LiveServer start(String host, int port, RunInfo info, int streams, Supplier<RunStats> stats)
            throws IOException {
        return start(host, port, info, SourceSpec.positionNames(streams), stats);
    }

    /**
     * Starts serving a run whose sources are called {@code names}, in stream order (see
     * {@link #start(String, int, RunInfo, Supplier)}).
     */
    public static LiveServer start(String host, int port, RunInfo info, List<String> names, Supplier<RunStats> stats)
            throws IOException {
        // probe first: Jetty reports a busy port as a wrapped exception after logging it at length
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(host, port));
            if (port == 0) {
                port = probe.getLocalPort();
            }
        } catch (BindException e) {
            boolean local;
            try {
                local = NetworkInterface.getByInetAddress(InetAddress.getByName(host)) != null
                        || InetAddress.getByName(host).isAnyLocalAddress();
            } catch (IOException notResolved) {
                local = false;
            }
            throw new IOException("--serve " + host + ":" + port + ": "
                    + (local
                            ? "address already in use"
                            : "no network interface of this machine has the address " + host)
                    + " (" + e.getMessage() + ")");
        } catch (IOException | IllegalArgumentException e) {
            throw new IOException("--serve " + host + ":" + port + ": cannot listen: " + e.getMessage());
        }
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.jetty.defaultHost = host;
        });
        LiveServer server = new LiveServer(app, info, names, stats, port);
        app.get("/", server::page);
        app.get("/editor", server::editor); // read-only: shapes drawn on the stream give their command-line spec
        app.get("/stream.mjpg", ctx -> server.mjpeg(ctx, 0));
        app.get("/stream/{file}", ctx -> {
            String file = ctx.pathParam("file");
            int i = file.matches("\\d{1,4}\\.mjpg") ? Integer.parseInt(file.substring(0, file.indexOf('.'))) : -1;
            if (i < 0 || i >= server.jpegs.size()) {
                ctx.status(404)
                        .result("no stream " + file + ": this run has streams 0 to " + (server.jpegs.size() - 1)
                                + " (/stream/<i>.mjpg)\n");
                return;
            }
            server.mjpeg(ctx, i);
        });
        app.get("/events", server::sse);
        app.get("/status", server::status);
        app.get("/metrics", server::metrics);
        try {
            app.start(port);
        } catch (RuntimeException e) {
            throw new IOException("--serve " + host + ":" + port + ": cannot listen: " + e.getMessage(), e);
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** Adds routes to the running server (the history's, when the run keeps one). */
    public void routes(Consumer<Javalin> add) {
        add.accept(app);
    }

    /** Publishes the run's status to every viewer. */
    private void pushStatus() {
        statusPushedAt = System.nanoTime();
        board.status(statusJson());
    }

    /**
     * Something the viewer should know while the run goes on (a stream processed too rarely to be tracked):
     * on {@code /status} under {@code warnings} and in the page's banner. The newest {@value #MAX_WARNINGS}
     * are kept.
     */
    public void warn(String line) {
        warnings.add(line);
        while (warnings.size() > MAX_WARNINGS) {
            warnings.remove(0);
        }
        pushStatus();
    }

    /** The run's state, shown on the page. */
    public void state(SourceStatus newState, String detail) {
        state = newState;
        stateDetail = detail == null ? "" : detail;
        pushStatus();
    }

    /** Stream {@code stream}'s state and what was said about it, shown on its tile. */
    public void state(int stream, SourceStatus newState, String detail) {
        if (stream >= 0 && stream < streamStates.length) {
            streamStates[stream] = newState;
            streamDetails[stream] = detail == null ? "" : detail;
        }
        if (names.size() == 1) {
            state(newState, detail);
        } else {
            pushStatus();
        }
    }

    /** The pipeline's side: publishes each annotated frame and its result; never waits for a viewer. */
    public ResultSink sink() {
        return new ResultSink() {
            private final MatOfInt quality = new MatOfInt(Imgcodecs.IMWRITE_JPEG_QUALITY, 80);

            @Override
            public boolean needsPixels() {
                return true;
            }

            private final Mat tile = new Mat();

            @Override
            public void accept(FrameResult result, Mat annotated) throws IOException {
                int stream = Math.min(result.meta().stream(), jpegs.size() - 1);
                lastResults.put(stream, result);
                boolean changed = state != SourceStatus.LIVE || streamStates[stream] != SourceStatus.LIVE;
                state = SourceStatus.LIVE;
                stateDetail = "";
                streamStates[stream] = SourceStatus.LIVE;
                streamDetails[stream] = "";
                if (changed || System.nanoTime() - statusPushedAt >= STATUS_PERIOD_NANOS) {
                    pushStatus(); // a state change at once; the figures (FPS, latency, dropped) once a second
                }
                if (eventViewers.get() > 0) {
                    board.result(stream, mapper.writeValueAsString(resultJson.toJson(result)));
                    happened(result);
                    if (tileViewers.get() > 0 && annotated != null && tileDue(stream)) {
                        board.tile(stream, tileJson(stream, annotated, tile, quality));
                    }
                }
                if (mjpegViewers.get() > 0 && annotated != null) {
                    MatOfByte jpeg = new MatOfByte();
                    try {
                        if (Imgcodecs.imencode(".jpg", annotated, jpeg, quality)) {
                            jpegs.get(stream).publish(jpeg.toArray());
                        }
                    } finally {
                        jpeg.release();
                    }
                }
            }

            @Override
            public void close() {
                quality.release();
                tile.release();
            }
        };
    }

    /** Crossings and zone visits go to every viewer, even one busy when they happened (see StreamBoard). */
    private void happened(FrameResult result) throws IOException {
        if (!(result instanceof DetectionResult frame)) {
            return;
        }
        for (TrackEvent e : frame.events()) {
            if (e instanceof TrackEvent.Appeared || e instanceof TrackEvent.Lost) {
                continue; // appearances and departures are too many to list
            }
            ObjectNode event = resultJson.event(e);
            event.put("stream", result.meta().stream());
            event.put("stream_name", result.meta().streamName());
            event.put("frame", result.meta().index());
            board.happened(mapper.writeValueAsString(event));
        }
    }

    /** Whether stream {@code stream}'s tile may be renewed: all tiles together at most {@link #TILES_PER_SECOND}. */
    private boolean tileDue(int stream) {
        long now = System.nanoTime();
        long intervalNanos = Math.max(TILE_MIN_INTERVAL_MS, 1000L * names.size() / TILES_PER_SECOND) * 1_000_000L;
        if (tileMadeAt[stream] != 0 && now - tileMadeAt[stream] < intervalNanos) {
            return false;
        }
        tileMadeAt[stream] = now;
        return true;
    }

    /** The frame, shrunk to {@link #TILE_WIDTH}, as a JPEG in base64 with its stream. */
    private String tileJson(int stream, Mat annotated, Mat tile, MatOfInt quality) throws IOException {
        double scale = Math.min(1.0, TILE_WIDTH / (double) annotated.cols());
        Imgproc.resize(
                annotated,
                tile,
                new Size(Math.round(annotated.cols() * scale), Math.round(annotated.rows() * scale)),
                0,
                0,
                Imgproc.INTER_AREA);
        MatOfByte jpeg = new MatOfByte();
        try {
            Imgcodecs.imencode(".jpg", tile, jpeg, quality);
            ObjectNode o = mapper.createObjectNode();
            o.put("stream", stream);
            o.put("jpeg", Base64.getEncoder().encodeToString(jpeg.toArray()));
            return mapper.writeValueAsString(o);
        } finally {
            jpeg.release();
        }
    }

    private void editor(Context ctx) throws IOException {
        try (InputStream in = LiveServer.class.getResourceAsStream("service/editor.html")) {
            if (in == null) {
                ctx.status(500).result("page missing");
                return;
            }
            ctx.contentType("text/html; charset=utf-8").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void page(Context ctx) throws IOException {
        try (InputStream in = LiveServer.class.getResourceAsStream("/vision/serve/index.html")) {
            if (in == null) {
                ctx.status(500).result("page missing");
                return;
            }
            ctx.contentType("text/html; charset=utf-8").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private void mjpeg(Context ctx, int stream) {
        if (!admit(mjpegViewers, ctx, ctx.path())) {
            return;
        }
        ctx.res().setStatus(200);
        ctx.res().setContentType("multipart/x-mixed-replace; boundary=" + BOUNDARY);
        ctx.res().setHeader("Cache-Control", "no-cache, no-store");
        try (OutputStream out = ctx.res().getOutputStream()) {
            out.flush(); // the viewer learns at once that it is in, before the first frame
            long seq = 0;
            while (!closed) {
                LatestSlot.Versioned<byte[]> frame = jpegs.get(stream).awaitNewer(seq, 1000);
                if (frame == null) {
                    continue;
                }
                seq = frame.seq();
                byte[] jpeg = frame.value();
                out.write(("--" + BOUNDARY + "\r\nContent-Type: image/jpeg\r\nContent-Length: " + jpeg.length
                                + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(jpeg);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the viewer went away: its thread is free again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            mjpegViewers.decrementAndGet();
        }
    }

    /**
     * Counts a viewer in, or answers 503 when {@link #MAX_STREAM_VIEWERS} already hold a stream of this kind:
     * each holds a server thread, and beyond the cap the page, /status and the run must stay served.
     */
    private static boolean admit(AtomicInteger viewers, Context ctx, String endpoint) {
        if (viewers.incrementAndGet() <= MAX_STREAM_VIEWERS) {
            return true;
        }
        viewers.decrementAndGet();
        ctx.status(503)
                .header("Retry-After", "5")
                .result("too many viewers of " + endpoint + " (at most " + MAX_STREAM_VIEWERS + "); try again later\n");
        return false;
    }

    private void sse(Context ctx) {
        if (!admit(eventViewers, ctx, "/events")) {
            return;
        }
        boolean tiles = "1".equals(ctx.queryParam("tiles"));
        if (tiles) {
            tileViewers.incrementAndGet();
        }
        ctx.res().setStatus(200);
        ctx.res().setContentType("text/event-stream; charset=utf-8");
        ctx.res().setHeader("Cache-Control", "no-cache");
        try (OutputStream out = ctx.res().getOutputStream()) {
            pushStatus(); // fresh for this viewer, and through the board: an older one can no longer follow it
            StreamBoard.Cursor cursor = board.cursor(tiles);
            while (!closed) {
                List<String> messages = board.awaitNewer(cursor, 1000);
                if (messages.isEmpty()) {
                    out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
                } else {
                    for (String m : messages) {
                        out.write(m.getBytes(StandardCharsets.UTF_8));
                    }
                }
                out.flush();
            }
        } catch (IOException e) {
            // the viewer went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            eventViewers.decrementAndGet();
            if (tiles) {
                tileViewers.decrementAndGet();
            }
        }
    }

    private void status(Context ctx) throws IOException {
        ctx.contentType("application/json").result(statusJson());
    }

    String statusJson() {
        try {
            ObjectNode o = mapper.createObjectNode();
            o.put("task", info.task());
            o.put("source", info.source());
            o.put("model", info.model());
            o.put("licence", info.licence());
            o.put("engine", info.engine());
            o.put("device", info.device());
            o.put("state", state.id());
            o.put("detail", stateDetail);
            RunStats s = stats.get();
            if (s != null) {
                o.put("fps", Math.round(s.recentFps() * 10) / 10.0);
                o.put("latency_ms", Math.round(s.stage(Stage.LATENCY).meanMs() * 10) / 10.0);
                o.put("processed", s.processed());
                o.put("dropped", s.dropped());
            }
            o.put("streams", jpegs.size());
            var warned = o.putArray("warnings");
            warnings.forEach(warned::add);
            FrameResult r = lastResults.get(0);
            ObjectNode counts = o.putObject("counts");
            if (r != null) {
                countsOf(r).forEach(counts::put);
            }
            var perStream = o.putArray("per_stream");
            for (int i = 0; i < jpegs.size(); i++) {
                ObjectNode one = perStream.addObject();
                one.put("stream", i);
                one.put("name", names.get(i));
                FrameResult last = lastResults.get(i);
                one.put("source", last == null ? "" : last.meta().source());
                one.put("state", streamStates[i].id());
                one.put("detail", streamDetails[i]);
                if (s != null) {
                    one.put("processed", s.processedPerStream().getOrDefault(i, 0L));
                    one.put("fps", Math.round(s.recentFps(i) * 10) / 10.0);
                }
                ObjectNode c = one.putObject("counts");
                if (last != null) {
                    countsOf(last).forEach(c::put);
                }
            }
            return mapper.writeValueAsString(o);
        } catch (IOException e) {
            return "{}";
        }
    }

    private static TreeMap<String, Long> countsOf(FrameResult r) {
        return r.countedLabels().stream()
                .collect(Collectors.groupingBy(label -> label, TreeMap::new, Collectors.counting()));
    }

    private void metrics(Context ctx) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        RunMetrics.write(text, stats.get(), new TreeMap<>(lastResults), names, mjpegViewers.get(), eventViewers.get());
        ctx.contentType(RunMetrics.contentType()).result(text.toByteArray());
    }

    @Override
    public void close() {
        closed = true;
        jpegs.forEach(LatestSlot::close);
        board.close();
        app.stop();
    }
}
