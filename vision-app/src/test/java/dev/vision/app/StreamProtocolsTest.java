package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.vision.core.testing.TestData;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Protocols as they really answer (issue 16, items 1 and 11): RTMP from ffmpeg, HTTP errors in words. */
class StreamProtocolsTest {

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void anRtmpFeedServedByFfmpegIsReadAndStopsCleanly(@TempDir Path work) throws Exception {
        int port = freePort();
        String url = "rtmp://127.0.0.1:" + port + "/live/s";
        Process server = new ProcessBuilder(
                        "ffmpeg",
                        "-loglevel",
                        "error",
                        "-re",
                        "-stream_loop",
                        "-1",
                        "-i",
                        TestData.media("clips/vtest_first20s.mp4").toString(),
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-tune",
                        "zerolatency",
                        "-g",
                        "10",
                        "-an",
                        "-f",
                        "flv",
                        "-listen",
                        "1",
                        url)
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("ffmpeg.log").toFile())
                .start();
        try {
            Thread.sleep(1000); // ffmpeg listening
            Path json = work.resolve("rtmp.jsonl");
            VisionProcess.Running run =
                    VisionProcess.start(work, Map.of(), "detect", url, "--no-save", "--json", json.toString(), "-q");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (System.nanoTime() < deadline
                    && (!Files.exists(json) || Files.readAllLines(json).size() < 10)) {
                Thread.sleep(200);
            }
            assertTrue(Files.readAllLines(json).size() >= 10, "frames from the RTMP feed: " + run.stderrSoFar());
            run.signal("TERM");
            VisionProcess.Result r = run.await(60);
            assertEquals(130, r.exitCode(), r.stderr());
            assertTrue(VideoCommandTest.jsonLines(json).size() >= 10, "whole lines only");
        } finally {
            server.destroyForcibly();
        }
    }

    @Test
    void anRtmpUrlWithNobodyThereIsRefusedInsteadOfListening(@TempDir Path work) throws Exception {
        int port = freePort();
        VisionProcess.Result r = VisionProcess.run(
                work, Map.of(), "detect", "rtmp://127.0.0.1:" + port + "/live", "--no-save", "--read-timeout", "2000");
        assertEquals(2, r.exitCode(), r.stderr());
        assertTrue(r.stderr().contains("connection refused"), r.stderr());
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertEquals(port, s.getLocalPort(), "vision left the port free: it never listened on it");
        }
    }

    @Test
    void anHttp404AndAWebPageAreNamedInWords(@TempDir Path work) throws Exception {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/page.html", ex -> {
            byte[] page = "<html><body>not a stream</body></html>".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "text/html");
            ex.sendResponseHeaders(200, page.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(page);
            }
        });
        http.createContext("/", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        http.start();
        try {
            String base = "http://127.0.0.1:" + http.getAddress().getPort();
            for (List<String> c : List.of(
                    List.of("/missing.mjpg", "HTTP 404 not found"),
                    List.of("/page.html", "not a video FFmpeg can read"))) {
                VisionProcess.Result r = VisionProcess.run(work, Map.of(), "detect", base + c.get(0), "--no-save");
                assertEquals(2, r.exitCode(), r.stderr());
                assertEquals(1, r.stderrLines().size(), r.stderr());
                assertTrue(r.stderr().contains(c.get(1)), r.stderr());
            }
        } finally {
            http.stop(0);
        }
    }
}
