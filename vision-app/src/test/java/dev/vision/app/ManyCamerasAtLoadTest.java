package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented largest load, 64 sources writing MP4s: it fits, it stops in time, and what does not fit is refused. */
class ManyCamerasAtLoadTest {

    /** {@code n} sources, each a link to the same clip under its own name (v0.mp4 …), listed in a file. */
    private static Path sources(Path work, int n) throws Exception {
        Path clip = TestData.media("clips/vtest_first20s.mp4");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Path link = Files.createSymbolicLink(work.resolve("v" + i + ".mp4"), clip);
            lines.add(link.toString());
        }
        return Files.write(work.resolve("cameras.txt"), lines);
    }

    @Test
    void sixtyFourSourcesStopWithinTenSecondsOfSigtermWithEveryVideoPlayable(@TempDir Path work) throws Exception {
        Path list = sources(work, 64);
        Path out = work.resolve("out");
        Path lines = work.resolve("lines.jsonl");
        VisionProcess.Running run = VisionProcess.start(
                work,
                Map.of(),
                "detect",
                "--sources",
                list.toString(),
                "--out",
                out.toString(),
                "--json",
                lines.toString(),
                "-q");
        for (int i = 0;
                i < 1200 && (!Files.exists(lines) || Files.readAllLines(lines).size() < 256);
                i++) {
            Thread.sleep(100);
        }
        assertTrue(Files.readAllLines(lines).size() >= 256, "the run got going: " + run.stderrSoFar());
        run.signal("TERM");
        long signalled = System.nanoTime();
        VisionProcess.Result r = run.await(60);
        double seconds = (System.nanoTime() - signalled) / 1e9;
        assertEquals(130, r.exitCode(), r.stderr());
        assertTrue(seconds < 10, "ended " + seconds + " s after SIGTERM");
        assertTrue(r.stderr().contains("SIGTERM received"), r.stderr());
        for (int i = 0; i < 64; i++) {
            Path video = out.resolve(i + "-v" + i + ".mp4");
            int frames = Integer.parseInt(VideoCommandTest.probe(video).get("nb_read_frames"));
            assertTrue(frames > 0 && frames < 200, video + " plays, with the frames up to the stop: " + frames);
        }
        try (var left = Files.list(out)) {
            assertTrue(left.noneMatch(f -> f.getFileName().toString().startsWith(".")), "no hidden part left");
        }
    }

    @Test
    void aRunThatCannotFitTheMemoryLimitIsRefusedAtStartNamingItsLargestParts(@TempDir Path work) throws Exception {
        Path list = sources(work, 16);
        Path out = work.resolve("out");
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=1g"),
                "detect",
                "--sources",
                list.toString(),
                "--out",
                out.toString(),
                "-q");
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(
                r.stderr().startsWith("vision: this run needs about 1.2 GiB of memory (16 MP4 encoders 0.5 GiB, ")
                        && r.stderr().contains("16 decoders and their frame buffers 0.3 GiB")
                        && r.stderr().contains("but the process may use 1.0 GiB: write no videos (--no-save)"),
                r.stderr());
        assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "nothing written");
        VisionProcess.Result fits = VisionProcess.run(
                work,
                Map.of(),
                List.of("-Dorg.bytedeco.javacpp.maxPhysicalBytes=1g"),
                "detect",
                "--sources",
                list.toString(),
                "--no-save",
                "--vid-stride",
                "50",
                "-q");
        assertEquals(0, fits.exitCode(), "without videos it fits: " + fits.stderr());
    }
}
