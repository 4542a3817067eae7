package dev.vision.app;

import static dev.vision.app.ProcessChecks.assertClean;
import static dev.vision.app.ProcessChecks.oneLineRefusal;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Inputs as they come: broken, rotated and variable-frame-rate videos, file names of every kind, PNGs with
 * bad colour profiles, a model file of the wrong shape.
 */
class AwkwardInputsTest {

    static {
        OpenCvRuntime.load();
    }

    private static String run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), String.join(" ", command) + ": " + out);
        return out;
    }

    private static List<Double> frameTimes(Path video) throws Exception {
        return run(
                        "ffprobe",
                        "-v",
                        "error",
                        "-select_streams",
                        "v:0",
                        "-show_entries",
                        "frame=pts_time",
                        "-of",
                        "csv=p=0",
                        video.toString())
                .lines()
                .map(l -> l.replace(",", "").trim())
                .filter(l -> !l.isEmpty())
                .map(Double::parseDouble)
                .toList();
    }

    private static void ffmpeg(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-loglevel", "error", "-y"));
        cmd.addAll(Arrays.asList(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "ffmpeg failed: " + out);
    }

    private static final List<String> NAMES = List.of(
            "plain.jpg",
            "z\uD83D\uDE00.jpg",
            "new\nline.jpg",
            "q'uo\"te.jpg",
            "back\\slash.jpg",
            "x".repeat(196) + ".jpg",
            "\u00e9t\u00e9 \u4e2d\u6587.jpg");

    /** A named pipe fed by another program (here FFmpeg writing MPEG-TS) is read as video, to its end. */
    @Test
    void aNamedPipeIsReadAsAVideoToItsEnd(@TempDir Path work) throws Exception {
        Path fifo = work.resolve("feed.ts");
        Process mkfifo =
                new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0, "mkfifo");
        Process writer = new ProcessBuilder(
                        "ffmpeg",
                        "-loglevel",
                        "error",
                        "-i",
                        TestData.media("clips/vtest_first20s.mp4").toString(),
                        "-t",
                        "2",
                        "-c:v",
                        "libx264",
                        "-preset",
                        "ultrafast",
                        "-f",
                        "mpegts",
                        "-y",
                        fifo.toString())
                .redirectErrorStream(true)
                .redirectOutput(work.resolve("ffmpeg.log").toFile())
                .start();
        try {
            Path lines = work.resolve("lines.jsonl");
            VisionProcess.Result r = VisionProcess.run(
                    work, Map.of(), "detect", fifo.toString(), "--no-save", "--json", lines.toString(), "-q");
            assertEquals(0, r.exitCode(), r.stderr());
            assertTrue(!r.stderr().contains(": skipped"), "read as video, not as an image: " + r.stderr());
            List<JsonNode> frames = VideoCommandTest.jsonLines(lines);
            assertTrue(frames.size() >= 18 && frames.size() <= 22, "2 s of the 10 FPS clip: " + frames.size());
            assertTrue(frames.stream().anyMatch(f -> f.get("detections").size() > 0), "people found in it");
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer ended");
        } finally {
            writer.destroyForcibly();
        }
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
    void aVideoWithRotationMetadataComesOutUpright(@TempDir Path work) throws Exception {
        Path rotated = work.resolve("phone.mp4");
        run(
                "ffmpeg",
                "-loglevel",
                "error",
                "-i",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "-frames:v",
                "10",
                "-c",
                "copy",
                "-metadata:s:v:0",
                "rotate=90",
                rotated.toString());
        Path out = work.resolve("out");
        VisionProcess.Result r =
                VisionProcess.run(work, Map.of(), "detect", rotated.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        Map<String, String> probe = VideoCommandTest.probe(out.resolve("phone.mp4"));
        assertEquals("576", probe.get("width"), "portrait, as a player shows the input");
        assertEquals("768", probe.get("height"));
        // the first frame as FFmpeg itself shows the input (it applies the rotation), against ours
        Path theirs = work.resolve("theirs.png");
        Path ours = work.resolve("ours.png");
        run("ffmpeg", "-loglevel", "error", "-i", rotated.toString(), "-frames:v", "1", theirs.toString());
        run(
                "ffmpeg",
                "-loglevel",
                "error",
                "-i",
                out.resolve("phone.mp4").toString(),
                "-frames:v",
                "1",
                ours.toString());
        Mat a = Imgcodecs.imread(theirs.toString());
        Mat b = Imgcodecs.imread(ours.toString());
        Mat upsideDown = new Mat();
        Core.rotate(b, upsideDown, Core.ROTATE_180);
        Mat diff = new Mat();
        Core.absdiff(a, b, diff);
        double same = Core.mean(diff).val[1];
        Core.absdiff(a, upsideDown, diff);
        double turned = Core.mean(diff).val[1];
        assertTrue(same < 12 && same * 4 < turned, "upright like FFmpeg's own: " + same + " against " + turned);
    }

    @Test
    void aVariableFrameRateVideoKeepsEachFrameAtItsTime(@TempDir Path work) throws Exception {
        Path vfr = work.resolve("vfr.mp4");
        // 20 frames at 10 per second, then 20 at 5 per second: frame 30 is at 4.0 s, not 3.0 s
        run(
                "ffmpeg",
                "-loglevel",
                "error",
                "-i",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "-frames:v",
                "40",
                "-vf",
                "setpts='if(lt(N,20),N/10,2+(N-20)/5)/TB'",
                "-fps_mode",
                "passthrough",
                "-c:v",
                "libx264",
                "-preset",
                "ultrafast",
                vfr.toString());
        Path out = work.resolve("out");
        VisionProcess.Result r =
                VisionProcess.run(work, Map.of(), "detect", vfr.toString(), "--out", out.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        List<Double> in = frameTimes(vfr);
        List<Double> written = frameTimes(out.resolve("vfr.mp4"));
        assertEquals(40, written.size(), "every frame");
        assertEquals(in, written, "each frame at its own time");
        assertEquals(4.0, written.get(30), 1e-6);
    }

    @Test
    void oddNamesAreProcessedAndCopiedUnderTheirOwnNames(@TempDir Path work) throws Exception {
        Path photos = Files.createDirectories(work.resolve("photos"));
        for (String name : NAMES) {
            Files.copy(TestData.media("images/dog.jpg"), photos.resolve(name));
        }
        Path out = work.resolve("out");
        Path json = work.resolve("lines.jsonl");
        VisionProcess.Result r = VisionProcess.run(
                work, Map.of(), "detect", photos.toString(), "--out", out.toString(), "--json", json.toString(), "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        List<JsonNode> lines = VideoCommandTest.jsonLines(json);
        assertEquals(NAMES.size(), lines.size());
        Set<String> sources = lines.stream()
                .map(l -> Path.of(l.get("source").asText()).getFileName().toString())
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(new TreeSet<>(NAMES), sources, "each source named as it is");
        try (var files = Files.list(out)) {
            Set<String> copies = files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.equals("run.json"))
                    .collect(Collectors.toCollection(TreeSet::new));
            assertEquals(new TreeSet<>(NAMES), copies, "each annotated copy under its own name, nothing left over");
        }
        for (String name : NAMES) {
            assertTrue(Files.size(out.resolve(name)) > 10_000, name);
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 255);
        }
        assertTrue(Files.exists(out.resolve("run.json")));
    }

    /** libpng's warnings about colour profiles no longer reach stderr (the shared astronaut.png has a bad one). */
    @Test
    void aPngWithABadColourProfileDecodesWithoutLibpngNoise(@TempDir Path work) throws Exception {
        VisionProcess.Result r = VisionProcess.run(
                work, Map.of(), "detect", TestData.media("images/astronaut.png").toString(), "--no-save", "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().lines().noneMatch(l -> l.contains("libpng")), r.stderr());
    }

    /** Issue 16, item 5: a model read with the wrong family, or labels that do not fit it, is refused at load. */
    @Test
    void aWrongFamilyOrWrongLabelsAreRefusedAtLoadWithTheShape(@TempDir Path work) throws Exception {
        String dog = TestData.media("images/dog.jpg").toString();
        String yolox =
                TestData.modelMirror().resolve("yolox_nano_416_coco.onnx").toString();
        oneLineRefusal(
                VisionProcess.run(
                        work,
                        Map.of(),
                        "detect",
                        dog,
                        "--model",
                        yolox,
                        "--family",
                        "yolov8",
                        "--imgsz",
                        "416",
                        "--no-save"),
                "expected [N, 4 + classes, 3549] for a 416x416 input, the model gave " + "[OutputTensor[1, 3549, 85]]");
        oneLineRefusal(
                VisionProcess.run(work, Map.of(), "detect", dog, "--model", yolox, "--family", "yolov8", "--no-save"),
                "Expected: 416");
        Path three = Files.writeString(work.resolve("three.txt"), "a\nb\nc\n");
        oneLineRefusal(
                VisionProcess.run(
                        work,
                        Map.of(),
                        "detect",
                        dog,
                        "--model",
                        yolox,
                        "--family",
                        "yolox",
                        "--labels",
                        three.toString(),
                        "--no-save"),
                "the model has 80 classes (output [1, 3549, 85]) but its labels name 3");
        oneLineRefusal(
                VisionProcess.run(
                        work,
                        Map.of(),
                        "detect",
                        dog,
                        "--model",
                        yolox,
                        "--family",
                        "yolox",
                        "--labels",
                        "/etc/passwd",
                        "--no-save"),
                "the model has 80 classes");
    }
}
