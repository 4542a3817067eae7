package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vision.core.testing.TestData;
import dev.vision.video.MjpegServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken inputs, dead peers, signals and unwritable outputs: each ends as documented, never with a trace. */
class HardeningTest {

    private static void assertClean(VisionProcess.Result r) {
        assertFalse(r.stderr().contains("Exception") || r.stderr().contains("\tat "), r.stderr());
    }

    private static void ffmpeg(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg failed: " + out);
    }

    @Test
    void brokenVideosEndWithOneClearLine(@TempDir Path work) throws Exception {
        // the first half of a clip whose index sits at the front: the frames that are there are processed
        Path faststart = work.resolve("faststart.mp4");
        ffmpeg(
                "-i",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "-c",
                "copy",
                "-movflags",
                "+faststart",
                faststart.toString());
        byte[] bytes = Files.readAllBytes(faststart);
        Files.write(work.resolve("cut.mp4"), Arrays.copyOf(bytes, bytes.length / 2));
        VisionProcess.Result cut = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                "cut.mp4",
                "--json",
                "cut.jsonl",
                "--no-save",
                "--engine",
                "onnxruntime",
                "-q");
        assertClean(cut);
        assertEquals(1, cut.exitCode(), "finished, with the cut reported as a skipped input\n" + cut.stderr());
        long frames = Files.readAllLines(work.resolve("cut.jsonl")).size();
        assertTrue(frames > 50 && frames < 200, "the frames before the cut: " + frames);
        assertTrue(cut.stderr().contains("video ended early: " + frames + " of 200 frames"), cut.stderr());

        // the same cut with the index at the end: nothing can be read, a setup error
        Files.write(
                work.resolve("cut_end.mp4"),
                Arrays.copyOf(
                        Files.readAllBytes(TestData.media("clips/vtest_first20s.mp4")),
                        (int) Files.size(TestData.media("clips/vtest_first20s.mp4")) / 2));
        VisionProcess.Result noIndex = VisionProcess.run(work, Map.of(), "detect", "cut_end.mp4", "--no-save");
        assertClean(noIndex);
        assertEquals(2, noIndex.exitCode(), noIndex.stderr());
        assertEquals(1, noIndex.stderrLines().size(), noIndex.stderr());
        assertTrue(noIndex.stderr().contains("cut_end.mp4: cannot open video"), noIndex.stderr());

        ffmpeg(
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:duration=1",
                "-c:a",
                "aac",
                work.resolve("audio.mp4").toString());
        VisionProcess.Result audio = VisionProcess.run(work, Map.of(), "detect", "audio.mp4", "--no-save");
        assertEquals(2, audio.exitCode(), audio.stderr());
        assertEquals(1, audio.stderrLines().size(), audio.stderr());
        assertTrue(audio.stderr().contains("no video stream"), audio.stderr());
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
        Thread.sleep(300);
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
        int after = 5 + new java.util.Random(seed).nextInt(120);
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
    void unwritableOrFullOutputsEndWithOneLine(@TempDir Path work) throws Exception {
        Files.writeString(work.resolve("plainfile"), "x");
        VisionProcess.Result notAFolder = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("images/dog.jpg").toString(),
                "--json",
                "plainfile/out.jsonl",
                "--no-save");
        assertEquals(2, notAFolder.exitCode());
        assertEquals(1, notAFolder.stderrLines().size(), notAFolder.stderr());

        VisionProcess.Result full = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.media("images").toString(),
                "--json",
                "/dev/full",
                "--force",
                "--no-save",
                "-q");
        assertEquals(2, full.exitCode(), full.stderr());
        assertTrue(full.stderr().contains("No space left"), full.stderr());
        assertClean(full);
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

    private static void waitForLines(Path file, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(file) || Files.readAllLines(file).size() < n) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for " + n + " lines in " + file);
            Thread.sleep(100);
        }
    }
}
