package dev.vision.app;

import static dev.vision.app.ProcessChecks.detect;
import static dev.vision.app.ProcessChecks.oneLineRefusal;
import static dev.vision.app.ProcessChecks.refused;
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
 * Help, usage mistakes and settings that cannot work: each is answered in one clear line, exit 2, before
 * anything is loaded or created.
 */
class CommandLineTest {

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
        oneLineRefusal(
                VisionProcess.run(work, Map.of(), "detect", dog, "--model", dir.toString(), "--family", "yolox"),
                "is a folder");
        Path onnx = TestData.modelMirror().resolve("yolox_nano_416_coco.onnx");
        oneLineRefusal(
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
        oneLineRefusal(
                VisionProcess.run(work, Map.of(), "detect", dog, "--family", "yolov8"),
                "--family: applies to a model file");
        oneLineRefusal(
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
        oneLineRefusal(VisionProcess.run(work, Map.of(), "detect", dog, "--summary"), "needs --json");
        oneLineRefusal(
                VisionProcess.run(
                        work, Map.of(), "detect", dog, "--imgsz", "0", "--model", onnx.toString(), "--family", "yolox"),
                "--imgsz: must be a multiple of 32");
        oneLineRefusal(
                VisionProcess.run(work, Map.of(), "detect", dog, "--no-save", "--serve", "192.0.2.1:8080"),
                "no network interface of this machine has the address 192.0.2.1");
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
    void numbersThatCannotWorkAreRefusedBeforeLoading(@TempDir Path work) throws Exception {
        refused(detect(work, "--threads", "10000", "--no-save"), "--threads");
        refused(detect(work, "--batch", "100000", "--no-save"), "--batch");
        refused(detect(work, "--threads", "-3", "--no-save"), "--threads");
    }
}
