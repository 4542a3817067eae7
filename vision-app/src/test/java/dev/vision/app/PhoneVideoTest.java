package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/** The output plays like the input: upright, each frame at its own time (issue 16, item 7). */
class PhoneVideoTest {

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
}
