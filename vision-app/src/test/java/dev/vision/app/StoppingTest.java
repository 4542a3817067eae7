package dev.vision.app;

import static dev.vision.app.ProcessChecks.assertClean;
import static dev.vision.app.ProcessChecks.refused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vision.core.testing.TestData;
import dev.vision.video.MjpegServer;
import dev.vision.video.VideoChecks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a run ends when it is stopped or something breaks under it: signals, a stalled stream, missing devices
 * and dead URLs, a thread that dies. Each ends as documented, in time, with its outputs whole.
 */
class StoppingTest {

    private static void waitForLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(file) || Files.readAllLines(file).size() < n) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + n + " lines in " + file);
            Thread.sleep(100);
        }
    }

    /** Waits for {@link ThreadKiller} to strike, then for the run's end, which must come within 10 s. */
    private static VisionProcess.Result endAfterTheKill(VisionProcess.Running running) throws Exception {
        for (int i = 0; i < 600 && !running.stderrSoFar().contains("test: killing thread"); i++) {
            Thread.sleep(100);
        }
        long killedAt = System.nanoTime();
        VisionProcess.Result r = running.await(60);
        assertTrue(System.nanoTime() - killedAt < 10_000_000_000L, "ended within 10 s of the thread's death");
        return r;
    }

    @Test
    void missingDevicesAndDeadUrlsFailFastWithExit2(@TempDir Path work) throws Exception {
        VisionProcess.Result camera = VisionProcess.run(work, Map.of(), "detect", "/dev/video42", "--no-save");
        assertEquals(2, camera.exitCode());
        assertEquals(1, camera.stderrLines().size(), camera.stderr());

        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        VisionProcess.Result refused =
                VisionProcess.run(work, Map.of(), "detect", "http://127.0.0.1:" + closed + "/cam.mjpg", "--no-save");
        assertEquals(2, refused.exitCode());
        assertEquals(1, refused.stderrLines().size(), refused.stderr());

        // a server that accepts and then never says a word: the read timeout ends the wait
        try (ServerSocket silent = new ServerSocket(0)) {
            List<Socket> held = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException ignored) {
                    // closed at the end of the test
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            long start = System.nanoTime();
            VisionProcess.Result mute = VisionProcess.run(
                    work,
                    Map.of(),
                    "detect",
                    "http://127.0.0.1:" + silent.getLocalPort() + "/cam.mjpg",
                    "--no-save",
                    "--read-timeout",
                    "1500");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(2, mute.exitCode(), mute.stderr());
            assertEquals(1, mute.stderrLines().size(), mute.stderr());
            assertTrue(seconds < 60, "gave up after the read timeout, not never: " + seconds + " s");
            for (Socket s : held) {
                s.close();
            }
        }
    }

    @Test
    void sigtermOnAFolderRunAndASecondCtrlC(@TempDir Path work) throws Exception {
        Path folder = Files.createDirectories(work.resolve("many"));
        for (int i = 0; i < 60; i++) {
            Files.copy(TestData.media("images/dog.jpg"), folder.resolve(String.format("dog%02d.jpg", i)));
        }
        VisionProcess.Running run = VisionProcess.start(
                work,
                Map.of(),
                "detect",
                "many",
                "--json",
                "t.jsonl",
                "--out",
                "out",
                "--engine",
                "onnxruntime",
                "--simulate-slow-model",
                "150",
                "-q");
        Path json = work.resolve("t.jsonl");
        waitForLines(json, 5);
        run.signal("TERM");
        VisionProcess.Result r = run.await(60);
        assertEquals(130, r.exitCode(), r.stderr());
        assertClean(r);
        List<JsonNode> lines = VideoCommandTest.jsonLines(json);
        assertTrue(lines.size() >= 5 && lines.size() < 60, "stopped part way: " + lines.size());
        try (var files = Files.list(work.resolve("out"))) {
            assertEquals(lines.size() + 1, files.count(), "an annotated image for each line, and run.json");
        }

        VisionProcess.Running twice = VisionProcess.start(
                work,
                Map.of(),
                "detect",
                "many",
                "--json",
                "u.jsonl",
                "--no-save",
                "--engine",
                "onnxruntime",
                "--simulate-slow-model",
                "3000",
                "-q");
        waitForLines(work.resolve("u.jsonl"), 1);
        twice.signal("INT");
        Await.until(
                () -> twice.stderrSoFar().contains("press Ctrl-C again"),
                Duration.ofSeconds(30),
                "the first Ctrl-C acknowledged");
        long start = System.nanoTime();
        twice.signal("INT");
        VisionProcess.Result forced = twice.await(30);
        assertEquals(130, forced.exitCode());
        assertTrue((System.nanoTime() - start) / 1e9 < 2.9, "the second Ctrl-C does not wait for the slow model");
        assertTrue(forced.stderr().contains("stopped at once"), forced.stderr());
    }

    @Test
    void sigtermAtARandomMomentOfAVideoLeavesWholeOutputs(@TempDir Path work) throws Exception {
        long seed = System.nanoTime();
        int after = 5 + new Random(seed).nextInt(120);
        VisionProcess.Running run = VisionProcess.start(
                work,
                Map.of(),
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--out",
                "out",
                "--json",
                "v.jsonl",
                "--engine",
                "onnxruntime",
                "--simulate-slow-model",
                "30",
                "-q");
        waitForLines(work.resolve("v.jsonl"), after);
        run.signal("TERM");
        VisionProcess.Result r = run.await(60);
        String where = "seed " + seed + ", signal after " + after + " frames";
        assertEquals(130, r.exitCode(), where + "\n" + r.stderr());
        List<JsonNode> lines = VideoCommandTest.jsonLines(work.resolve("v.jsonl"));
        Map<String, String> video = VideoCommandTest.probe(work.resolve("out/vtest_first20s.mp4"));
        assertEquals(Integer.toString(lines.size()), video.get("nb_read_frames"), where);
        assertClean(r);
    }

    @Test
    void killNineLeavesAPlayableRecordingOfALiveRun(@TempDir Path work) throws Exception {
        try (MjpegServer server = new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start()) {
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    Map.of(),
                    "detect",
                    server.url(),
                    "--json",
                    "k.jsonl",
                    "--out",
                    "out",
                    "--engine",
                    "onnxruntime");
            waitForLines(work.resolve("k.jsonl"), 100); // about 4 s of video: two fragments at least
            run.signal("KILL");
            run.await(30);
            List<Path> parts;
            try (Stream<Path> files = Files.list(work.resolve("out"))) {
                parts = files.filter(p -> p.getFileName().toString().endsWith(".part.mp4"))
                        .toList();
            }
            assertEquals(1, parts.size(), "the hidden file of the unfinished recording: " + parts);
            long frames = VideoChecks.frameCount(parts.get(0));
            assertTrue(frames >= 25, "it plays up to its last fragment: " + frames + " frames");
        }
    }

    @Test
    void aStalledStreamIsNoticedWithinTheReadTimeout(@TempDir Path work) throws Exception {
        try (MjpegServer server = new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start()) {
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    Map.of(),
                    "detect",
                    server.url(),
                    "--json",
                    "s.jsonl",
                    "--no-save",
                    "--engine",
                    "onnxruntime",
                    "--read-timeout",
                    "1500");
            waitForLines(work.resolve("s.jsonl"), 5);
            server.pause();
            long start = System.nanoTime();
            while (!run.stderrSoFar().contains("reconnecting")) {
                assertTrue(
                        (System.nanoTime() - start) / 1e9 < 20, "no reconnect after the stall:\n" + run.stderrSoFar());
                Thread.sleep(100);
            }
            run.signal("INT");
            VisionProcess.Result r = run.await(30);
            assertEquals(130, r.exitCode(), r.stderr());
            VideoCommandTest.jsonLines(work.resolve("s.jsonl"));
            server.resume();
        }
    }

    @Test
    void aKilledOutputThreadEndsTheRunWithinSecondsAndKeepsAPlayablePartialVideo(@TempDir Path work) throws Exception {
        Path out = work.resolve("out");
        // killed while it draws labels (plain Java and OpenCV calls): Thread.stop inside a java.util.concurrent
        // lock could leave that lock broken, which no real error does
        VisionProcess.Running running = VisionProcess.startKillingThread(
                "vision-output",
                1500,
                "LabelAnnotator.annotate",
                work,
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--out",
                out.toString(),
                "-q");
        VisionProcess.Result r = endAfterTheKill(running);
        List<String> lines =
                r.stderrLines().stream().filter(l -> !l.startsWith("test: ")).toList();
        assertEquals(3, r.exitCode(), "a thread dying of an unknown error is a bug: " + r.stderr());
        assertEquals(1, lines.size(), "one line: " + r.stderr());
        assertTrue(
                lines.get(0)
                                .startsWith("vision: internal error (a bug, please report it): the output thread "
                                        + "failed: ThreadDeath")
                        && lines.get(0).contains("vtest_first20s.partial.mp4"),
                lines.get(0));
        Path partial = out.resolve("vtest_first20s.partial.mp4");
        int frames = Integer.parseInt(VideoCommandTest.probe(partial).get("nb_read_frames"));
        assertTrue(frames > 0 && frames < 400, "the frames written before the failure, and it plays: " + frames);
        try (var left = Files.list(out)) {
            List<String> names = left.map(f -> f.getFileName().toString()).toList();
            assertFalse(names.contains("vtest_first20s.mp4"), "nothing under the final name: " + names);
            assertTrue(names.stream().noneMatch(n -> n.startsWith(".")), "no hidden part left: " + names);
        }
    }

    @Test
    void aKilledEventThreadEndsTheRunWithOneLineNamingIt(@TempDir Path work) throws Exception {
        // a webhook slow to answer, so that the event thread is killed inside its HTTP call, away from its
        // queue's lock (Thread.stop inside a java.util.concurrent lock could leave it broken, which no real error does)
        HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", ex -> {
            ex.getRequestBody().readAllBytes();
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        hook.setExecutor(Executors.newCachedThreadPool());
        hook.start();
        try {
            VisionProcess.Running running = VisionProcess.startKillingThread(
                    "vision-events-webhook",
                    1000,
                    "WebhookOutput.post",
                    work,
                    "track",
                    TestData.media("clips/vtest_first20s.mp4").toString(),
                    "--line",
                    "walk=0,300,768,300",
                    "--no-save",
                    "--webhook",
                    "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook",
                    "--max-fps",
                    "10",
                    "-q");
            VisionProcess.Result r = endAfterTheKill(running);
            assertEquals(3, r.exitCode(), r.stderr());
            List<String> lines = r.stderrLines().stream()
                    .filter(l -> l.startsWith("vision: "))
                    .toList();
            assertEquals(1, lines.size(), "one line: " + r.stderr());
            // the error arrives wherever the HTTP client is; it may end the thread as it is, or as what it broke
            assertTrue(
                    lines.get(0)
                            .matches(
                                    "vision: the events thread failed: \\w+(: [^(]*)?"
                                            + " \\(thread vision-events-webhook http://127\\.0\\.0\\.1:\\d+/hook\\); this is a bug, please report it"),
                    lines.get(0));
        } finally {
            hook.stop(0);
        }
    }
}
