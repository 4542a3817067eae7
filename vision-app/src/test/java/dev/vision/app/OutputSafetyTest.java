package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options and outputs that cannot work are refused in one line, exit 2, before anything is loaded or
 * created (issue 16, items 3, 4, 8 and 9).
 */
class OutputSafetyTest {

    private static VisionProcess.Result detect(Path work, String... options) throws Exception {
        List<String> args = new java.util.ArrayList<>(
                List.of("detect", TestData.media("images/dog.jpg").toString()));
        args.addAll(List.of(options));
        return VisionProcess.run(work, Map.of(), args.toArray(String[]::new));
    }

    private static void refused(VisionProcess.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(r.stderr().startsWith("vision: ") && r.stderr().contains(expected), r.stderr());
        assertFalse(r.stderr().contains("Model:"), "refused before the model was loaded");
    }

    @Test
    void twoOutputsThatAreOneFileAreAUsageError(@TempDir Path work) throws Exception {
        Path f = work.resolve("results.txt");
        refused(detect(work, "--json", f.toString(), "--csv", f.toString(), "--force"), "name the same file");
        assertFalse(Files.exists(f), "nothing created");
        Path link = work.resolve("link.txt");
        Files.createSymbolicLink(link, f);
        refused(detect(work, "--json", f.toString(), "--csv", link.toString(), "--force"), "name the same file");
        assertFalse(Files.exists(f), "nothing created through the link either");
        assertFalse(Files.exists(work.resolve("runs")), "no run folder");
    }

    @Test
    void aFolderGivenForAFileAndABadPresetLeaveNothingBehind(@TempDir Path work) throws Exception {
        Path folder = Files.createDirectories(work.resolve("a-folder"));
        refused(detect(work, "--json", folder.toString()), "is a folder, not a file");
        assertFalse(Files.exists(work.resolve("runs")), "no empty runs/detect/N");
        Path out = work.resolve("out");
        refused(detect(work, "--video-preset", "bogus", "--out", out.toString()), "unknown x264 preset 'bogus'");
        assertFalse(Files.exists(out), "no empty --out");
    }

    @Test
    void numbersThatCannotWorkAreRefusedBeforeLoading(@TempDir Path work) throws Exception {
        refused(detect(work, "--threads", "10000", "--no-save"), "--threads");
        refused(detect(work, "--batch", "100000", "--no-save"), "--batch");
        refused(detect(work, "--threads", "-3", "--no-save"), "--threads");
    }

    @Test
    void evalChecksItsJsonOutputBeforeEvaluatingAndWritesNothingBesideIt(@TempDir Path work) throws Exception {
        Path folder = Files.createDirectories(work.resolve("metrics"));
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "eval",
                "detect",
                "--data",
                TestData.media("coco128").toString(),
                "--json",
                folder.toString(),
                "--force");
        refused(r, "is a folder, not a file");
        try (var left = Files.list(work)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no temporary file");
        }
        try (var inside = Files.list(folder)) {
            assertEquals(0, inside.count());
        }
    }

    @Test
    void aFileSizeLimitStopsTheRunWithOneLineAndNoBrokenVideoUnderItsName(@TempDir Path work) throws Exception {
        // the natives are unpacked (once, reused by later runs) before the limit applies
        String photo = TestData.repoRoot().resolve("test-images/astronaut.png").toString();
        assertEquals(
                0,
                VisionProcess.run(work, Map.of(), "detect", photo, "--no-save", "-q")
                        .exitCode());
        Path out = work.resolve("out");
        Path lines = work.resolve("lines.jsonl");
        VisionProcess.Result r = VisionProcess.runWithFileSizeLimit(
                work,
                1000,
                "detect",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--out",
                out.toString(),
                "--json",
                lines.toString(),
                "-q");
        assertEquals(2, r.exitCode(), "an environment limit: " + r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(
                r.stderr().contains(out.resolve("vtest_first20s.mp4").toString())
                        && r.stderr().contains("file too large"),
                r.stderr());
        try (var left = Files.list(out)) {
            List<Path> files = left.toList();
            assertTrue(
                    files.stream().noneMatch(f -> f.getFileName().toString().contains("mp4")),
                    "no MP4 under its name, no unfinished part: " + files);
        }
        List<String> written = Files.readAllLines(lines);
        assertTrue(
                !written.isEmpty() && written.stream().allMatch(l -> l.startsWith("{") && l.endsWith("}")),
                "the JSON lines written so far are whole");
    }

    @Test
    void nativeLibrariesAreUnpackedOnceAndReusedAndAFailureToUnpackIsOneLine(@TempDir Path work) throws Exception {
        Path natives = work.resolve("natives");
        String photo = TestData.repoRoot().resolve("test-images/astronaut.png").toString();
        Map<String, String> env = Map.of("VISION_NATIVES_DIR", natives.toString());
        assertEquals(
                0,
                VisionProcess.run(work, env, "detect", photo, "--no-save", "-q").exitCode());
        Path opencv = natives.resolve("opencv-4.9.0/libopencv_java490.so");
        assertTrue(Files.isRegularFile(opencv), "OpenCV unpacked into the natives folder");
        long modified = Files.getLastModifiedTime(opencv).toMillis();
        assertEquals(
                0,
                VisionProcess.run(work, env, "detect", photo, "--no-save", "-q").exitCode());
        assertEquals(modified, Files.getLastModifiedTime(opencv).toMillis(), "reused, not unpacked again");
        try (var inside = Files.list(natives.resolve("opencv-4.9.0"))) {
            assertEquals(1, inside.count(), "no part files left");
        }
        Path blocked = work.resolve("a-file");
        Files.writeString(blocked, "not a folder");
        VisionProcess.Result r = VisionProcess.run(
                work, Map.of("VISION_NATIVES_DIR", blocked.toString()), "detect", photo, "--no-save", "-q");
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(r.stderr().startsWith("vision: cannot unpack the native library"), r.stderr());
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
        com.sun.net.httpserver.HttpServer hook =
                com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
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
        hook.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
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
}
