package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a new user trips over, each answered in one clear line (issue 16, items 10 and 11). */
class FrictionTest {

    private static void refused(VisionProcess.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.stderr());
        assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
        assertTrue(r.stderr().contains(expected), r.stderr());
    }

    @Test
    void everyModelsSubcommandHasHelp(@TempDir Path work) throws Exception {
        for (String sub : new String[] {"list", "fetch", "verify"}) {
            VisionProcess.Result r = VisionProcess.run(work, Map.of(), "models", sub, "--help");
            assertEquals(0, r.exitCode(), sub + ": " + r.stderr());
            assertTrue(r.stdout().startsWith("Usage: vision models " + sub), r.stdout());
        }
    }

    @Test
    void aDoubleStarGlobTakesTheFolderItselfAndAnUnquotedGlobGetsAHint(@TempDir Path work) throws Exception {
        Path photos = Files.createDirectories(work.resolve("photos/sub"));
        Files.copy(TestData.media("images/dog.jpg"), work.resolve("photos/a.jpg"));
        Files.copy(TestData.media("images/dog.jpg"), work.resolve("photos/b.jpg"));
        Files.copy(TestData.media("images/dog.jpg"), photos.resolve("c.jpg"));
        VisionProcess.Result glob =
                VisionProcess.run(work, Map.of(), "detect", "photos/**/*.jpg", "--no-save", "--json", "-", "-q");
        assertEquals(0, glob.exitCode(), glob.stderr());
        assertEquals(3, glob.stdout().lines().count(), "a.jpg and b.jpg directly in photos/, and sub/c.jpg");
        // what the shell makes of an unquoted glob: several image files, read as one source of images
        VisionProcess.Result unquoted = VisionProcess.run(
                work, Map.of(), "detect", "photos/a.jpg", "photos/b.jpg", "--no-save", "--json", "-", "-q");
        assertEquals(0, unquoted.exitCode(), unquoted.stderr());
        List<String> lines = unquoted.stdout().lines().toList();
        assertEquals(2, lines.size(), unquoted.stdout());
        assertTrue(lines.get(0).contains("\"source\":\"photos/a.jpg\",\"stream\":0"), lines.get(0));
        assertTrue(lines.get(1).contains("\"source\":\"photos/b.jpg\",\"stream\":0"), lines.get(1));
    }

    @Test
    void modelAndOptionMistakesSayWhatTheyAre(@TempDir Path work) throws Exception {
        Path dir = Files.createDirectories(work.resolve("models-folder"));
        String dog = TestData.media("images/dog.jpg").toString();
        refused(
                VisionProcess.run(work, Map.of(), "detect", dog, "--model", dir.toString(), "--family", "yolox"),
                "is a folder");
        Path onnx = TestData.modelMirror().resolve("yolox_nano_416_coco.onnx");
        refused(
                VisionProcess.run(
                        work,
                        Map.of(),
                        "detect",
                        dog,
                        "--model",
                        onnx.toString(),
                        "--family",
                        "yolox",
                        "--labels",
                        "/dev/null"),
                "holds no class names");
        refused(
                VisionProcess.run(work, Map.of(), "detect", dog, "--family", "yolov8"),
                "--family: applies to a model file");
        refused(
                VisionProcess.run(
                        work,
                        Map.of(),
                        "detect",
                        dog,
                        "--imgsz",
                        "33",
                        "--model",
                        onnx.toString(),
                        "--family",
                        "yolox"),
                "--imgsz");
        refused(VisionProcess.run(work, Map.of(), "detect", dog, "--summary"), "needs --json");
        refused(
                VisionProcess.run(
                        work, Map.of(), "detect", dog, "--imgsz", "0", "--model", onnx.toString(), "--family", "yolox"),
                "--imgsz: must be a multiple of 32");
        refused(
                VisionProcess.run(work, Map.of(), "detect", dog, "--no-save", "--serve", "192.0.2.1:8080"),
                "no network interface of this machine has the address 192.0.2.1");
    }

    /** Issue 16, item 5: a model read with the wrong family, or labels that do not fit it, is refused at load. */
    @Test
    void aWrongFamilyOrWrongLabelsAreRefusedAtLoadWithTheShape(@TempDir Path work) throws Exception {
        String dog = TestData.media("images/dog.jpg").toString();
        String yolox =
                TestData.modelMirror().resolve("yolox_nano_416_coco.onnx").toString();
        refused(
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
        refused(
                VisionProcess.run(work, Map.of(), "detect", dog, "--model", yolox, "--family", "yolov8", "--no-save"),
                "Expected: 416");
        Path three = Files.writeString(work.resolve("three.txt"), "a\nb\nc\n");
        refused(
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
        refused(
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

    /** libpng's warnings about colour profiles no longer reach stderr (the shared astronaut.png has a bad one). */
    @Test
    void aPngWithABadColourProfileDecodesWithoutLibpngNoise(@TempDir Path work) throws Exception {
        VisionProcess.Result r = VisionProcess.run(
                work, Map.of(), "detect", TestData.media("images/astronaut.png").toString(), "--no-save", "-q");
        assertEquals(0, r.exitCode(), r.stderr());
        assertTrue(r.stderr().lines().noneMatch(l -> l.contains("libpng")), r.stderr());
    }
}
