package dev.vision.serve.run;

import dev.vision.core.VisionException;
import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Cameras made of a clip: one ffmpeg each, sending it in a loop at its own pace as H.264 in MPEG-TS over UDP
 * to 127.0.0.1, without re-encoding (what an IP camera's sub-stream delivers, at almost no cost to the
 * machine). Closing stops them.
 */
public final class LoopbackCameras implements AutoCloseable {

    /** Frames per second of the cameras' stream, as a camera's sub-stream is usually set. */
    public static final int FPS = 15;

    /** Seconds between the stream's keyframes. */
    private static final int KEYFRAME_SECONDS = 2;

    /** Different starting points of the clip the cameras are given at most (then they repeat). */
    private static final int MAX_PHASES = 16;

    private final List<Process> processes = new ArrayList<>();
    private final List<String> urls = new ArrayList<>();

    private LoopbackCameras() {}

    /**
     * Makes {@code clip} into the cameras' stream once: scaled to {@code width} × {@code height} at {@value
     * #FPS} FPS, H.264 with a keyframe every 2 s and no B-frames, in MPEG-TS; kept in {@code folder}.
     */
    public static Path prepare(Path clip, int width, int height, Path folder) throws IOException, InterruptedException {
        // named by the clip as well (its name, length and time), so that another --clip makes its own
        String clipKey = Integer.toHexString(Objects.hash(
                clip.toAbsolutePath().toString(),
                Files.size(clip),
                Files.getLastModifiedTime(clip).toMillis()));
        Path stream = folder.resolve(String.format(Locale.ROOT, "camera-%s-%dx%d.ts", clipKey, width, height));
        makeOnce(
                stream,
                List.of(
                        "-i",
                        clip.toString(),
                        "-an",
                        "-vf",
                        "scale=" + width + ":" + height + ",fps=" + FPS,
                        "-c:v",
                        "libx264",
                        "-preset",
                        "veryfast",
                        "-g",
                        Integer.toString(KEYFRAME_SECONDS * FPS),
                        "-bf",
                        "0",
                        "-pix_fmt",
                        "yuv420p"));
        return stream;
    }

    /**
     * Writes {@code target} with ffmpeg ({@code args}: input and options; MPEG-TS out) unless it is there
     * already; into a part file first, so that an interrupted run never leaves a cut stream under its name.
     */
    private static void makeOnce(Path target, List<String> args) throws IOException, InterruptedException {
        if (Files.isRegularFile(target) && Files.size(target) > 0) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path part = target.resolveSibling(target.getFileName() + ".part.ts");
        List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y"));
        command.addAll(args);
        command.addAll(List.of("-f", "mpegts", part.toString()));
        run(command);
        Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Starts {@code count} cameras sending {@code stream}; their URLs are {@link #urls()}. */
    public static LoopbackCameras start(Path stream, int count) throws IOException, InterruptedException {
        LoopbackCameras cameras = new LoopbackCameras();
        try {
            // Each sender sends from a port of its own, chosen with the targets: left to the kernel, a
            // sender's source port could be another camera's target, which vision then cannot listen on.
            int[] ports = distinctFreePorts(2 * count);
            List<Path> phases = phases(stream, Math.min(count, MAX_PHASES));
            for (int i = 0; i < count; i++) {
                // each camera starts at its own point of the clip: cameras are not in step, so neither are
                // the moments with motion (in step, motion gating would get every camera's work at once)
                Path sent = phases.get(i % phases.size());
                int port = ports[2 * i];
                String target = "udp://127.0.0.1:" + port;
                cameras.processes.add(new ProcessBuilder(
                                "ffmpeg",
                                "-nostdin",
                                "-loglevel",
                                "error",
                                "-re",
                                "-stream_loop",
                                "-1",
                                "-i",
                                sent.toString(),
                                "-c",
                                "copy",
                                "-f",
                                "mpegts",
                                target + "?pkt_size=1316&localport=" + ports[2 * i + 1])
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start());
                cameras.urls.add(target);
            }
            return cameras;
        } catch (IOException | InterruptedException | RuntimeException e) {
            cameras.close();
            throw e;
        }
    }

    /** {@code n} UDP ports free now, all different (each held until all are found). */
    private static int[] distinctFreePorts(int n) throws IOException {
        List<DatagramSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                DatagramSocket probe = new DatagramSocket(0);
                held.add(probe);
                ports[i] = probe.getLocalPort();
            }
            return ports;
        } finally {
            held.forEach(DatagramSocket::close);
        }
    }

    /** Where each camera is read, in order. */
    public List<String> urls() {
        return List.copyOf(urls);
    }

    /** CPU time the cameras' ffmpeg processes have used so far, in milliseconds (Linux; 0 elsewhere). */
    public double cpuMs() {
        double ms = 0;
        for (Process p : processes) {
            ms += CpuClock.processMs(p.pid());
        }
        return ms;
    }

    @Override
    public void close() {
        processes.forEach(Process::destroy);
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The stream and copies of it that start later in the clip and carry on with its beginning, cut at its
     * keyframes (every 2 s) without re-encoding: {@code n} phases, or as many as the keyframes allow. A
     * camera cannot simply seek its ffmpeg with {@code -ss}: with {@code -re} and {@code -stream_loop} the
     * sender then pauses for the part it skipped at every loop. Made once and kept beside the stream.
     */
    private static List<Path> phases(Path stream, int n) throws IOException, InterruptedException {
        double seconds = durationSeconds(stream);
        int keyframes = (int) Math.floor(seconds / KEYFRAME_SECONDS);
        int count = Math.max(1, Math.min(n, keyframes));
        List<Path> phases = new ArrayList<>(List.of(stream));
        for (int k = 1; k < count; k++) {
            // on a keyframe, so that the copy starts with a whole picture
            double start = Math.floor(seconds * k / count / KEYFRAME_SECONDS) * KEYFRAME_SECONDS;
            String name = stream.getFileName().toString().replaceFirst("\\.ts$", "")
                    + String.format(Locale.ROOT, ".from-%.0fs.ts", start);
            Path phase = stream.resolveSibling(name);
            if (!Files.isRegularFile(phase) || Files.size(phase) == 0) {
                Path list = stream.resolveSibling(name + ".txt");
                String quoted = "'" + stream.toAbsolutePath().toString().replace("'", "'\\''") + "'";
                Files.writeString(
                        list,
                        String.format(
                                Locale.ROOT,
                                "file %s%ninpoint %.3f%nfile %s%noutpoint %.3f%n",
                                quoted,
                                start,
                                quoted,
                                start));
                try {
                    makeOnce(phase, List.of("-f", "concat", "-safe", "0", "-i", list.toString(), "-c", "copy"));
                } finally {
                    Files.deleteIfExists(list);
                }
            }
            phases.add(phase);
        }
        return phases;
    }

    /** The stream's length, by ffprobe; 0 when it cannot say (the cameras then all start at the beginning). */
    private static double durationSeconds(Path stream) throws IOException {
        Process p = new ProcessBuilder(
                        "ffprobe",
                        "-v",
                        "error",
                        "-show_entries",
                        "format=duration",
                        "-of",
                        "csv=p=0",
                        stream.toString())
                .redirectErrorStream(true)
                .start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        try {
            return p.waitFor() == 0 ? Math.max(0, Double.parseDouble(said)) : 0;
        } catch (NumberFormatException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new VisionException("ffmpeg could not make the cameras' stream: " + said.strip());
        }
    }
}
