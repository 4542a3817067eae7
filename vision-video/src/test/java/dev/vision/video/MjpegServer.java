package dev.vision.video;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A live source for tests: the ffmpeg command serving a looped clip as HTTP MJPEG on 127.0.0.1, at the
 * clip's own pace. It can be killed and restarted on the same port, like a camera that reboots.
 */
public final class MjpegServer implements AutoCloseable {

    private final Path clip;
    private final int port;
    private Process process;

    public MjpegServer(Path clip) throws IOException {
        this.clip = clip;
        try (ServerSocket s = new ServerSocket(0)) {
            this.port = s.getLocalPort();
        }
    }

    public String url() {
        return "http://127.0.0.1:" + port + "/stream.mjpg";
    }

    public MjpegServer start() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(
                        "ffmpeg",
                        "-nostdin",
                        "-loglevel",
                        "error",
                        "-re",
                        "-stream_loop",
                        "-1",
                        "-i",
                        clip.toString(),
                        "-f",
                        "mpjpeg",
                        "-q:v",
                        "5",
                        "-listen",
                        "1",
                        url()))
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("ffmpeg exited with " + process.exitValue() + " before serving " + url());
            }
            if (listening()) {
                return this;
            }
            Thread.sleep(50);
        }
        throw new IOException("ffmpeg did not listen on " + url() + " within 10 s");
    }

    /** ffmpeg -listen serves one client: probing the port would use it up, so look at the socket table. */
    private boolean listening() {
        try {
            String hex = String.format("%04X", port);
            for (String line : Files.readAllLines(Path.of("/proc/net/tcp"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[1].endsWith(":" + hex) && f[3].equals("0A")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return true;
            } catch (IOException notYet) {
                return false;
            }
        }
    }

    /** Freezes the server (SIGSTOP): the connection stays open and no byte flows, like a hung camera. */
    public void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    public void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        if (process != null) {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .start()
                    .waitFor();
        }
    }

    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
