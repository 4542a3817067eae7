package dev.vision.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

    private static final List<String> EIGHTY =
            IntStream.range(0, 80).mapToObj(i -> "c" + i).toList();

    @Test
    @Tag(TestData.TEAM_DATA)
    void coco128AsYoloAndAsCocoJsonHoldTheSameBoxes() throws Exception {
        List<String> names = Files.readAllLines(TestData.modelMirror().resolve("coco80.names")).stream()
                .filter(l -> !l.isBlank())
                .toList();
        DetectionDataset yolo = DetectionDataset.load(TestData.media("coco128"), names, "yolo");
        DetectionDataset coco = DetectionDataset.load(TestData.media("coco128"), names, "coco");
        assertEquals(128, yolo.images().size());
        assertEquals(128, coco.images().size());
        int yoloBoxes =
                yolo.images().stream().mapToInt(p -> yolo.truth(p).size()).sum();
        int cocoBoxes =
                coco.images().stream().mapToInt(p -> coco.truth(p).size()).sum();
        assertEquals(929, yoloBoxes);
        assertEquals(yoloBoxes, cocoBoxes);
        Path first = yolo.images().get(0);
        var a = yolo.truth(first).get(0);
        var b = coco.truth(first).stream()
                .filter(t -> t.classId() == a.classId())
                .min((x, y) -> Double.compare(
                        Math.abs(x.x1() - a.x1()) + Math.abs(x.y1() - a.y1()),
                        Math.abs(y.x1() - a.x1()) + Math.abs(y.y1() - a.y1())))
                .orElseThrow();
        assertEquals(a.x1(), b.x1(), 1e-3);
        assertEquals(a.y2(), b.y2(), 1e-3);
    }

    @Test
    void aLabelNamingAnUnknownClassFailsWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("images/val"));
        Files.createDirectories(dir.resolve("labels/val"));
        Files.copy(TestData.media("images/dog.jpg"), dir.resolve("images/val/dog.jpg"));
        Files.writeString(dir.resolve("labels/val/dog.txt"), "16 0.3 0.6 0.25 0.6\n\n93 0.5 0.5 0.1 0.1\n");
        var e = assertThrows(DatasetException.class, () -> DetectionDataset.load(dir, EIGHTY, "auto"));
        assertTrue(e.getMessage().contains("dog.txt:3:") && e.getMessage().contains("class 93"), e.getMessage());

        Files.writeString(dir.resolve("labels/val/dog.txt"), "16 0.3 nonsense\n");
        var malformed = assertThrows(DatasetException.class, () -> DetectionDataset.load(dir, EIGHTY, "auto"));
        assertTrue(malformed.getMessage().contains("dog.txt:1:"), malformed.getMessage());
    }

    @Test
    void imageNetSamplesAreReadThroughTheIndexAndImageFoldersByName(@TempDir Path dir) throws Exception {
        List<String> names = Files.readAllLines(TestData.modelMirror().resolve("imagenet_classes.txt")).stream()
                .filter(l -> !l.isBlank())
                .toList();
        ClassificationDataset samples = ClassificationDataset.load(TestData.media("imagenet-samples"), names, null);
        assertEquals(50, samples.images().size());
        Path tench = samples.images().stream()
                .filter(p -> p.getFileName().toString().startsWith("n01440764"))
                .findFirst()
                .orElseThrow();
        assertEquals(0, samples.truth(tench));

        Files.createDirectories(dir.resolve("tabby, tabby cat"));
        Files.copy(TestData.media("images/chelsea.png"), dir.resolve("tabby, tabby cat/chelsea.png"));
        ClassificationDataset folders = ClassificationDataset.load(dir, names, null);
        assertEquals(281, folders.truth(folders.images().get(0)));

        Files.createDirectories(dir.resolve("unicorn"));
        var e = assertThrows(DatasetException.class, () -> ClassificationDataset.load(dir, names, null));
        assertTrue(e.getMessage().contains("unicorn"), e.getMessage());
    }
}
