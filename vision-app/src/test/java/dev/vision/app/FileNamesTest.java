package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vision.core.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every name a file system holds works, for input and for the annotated copy (issue 16, item 2). */
class FileNamesTest {

    private static final List<String> NAMES = List.of(
            "plain.jpg",
            "z\uD83D\uDE00.jpg",
            "new\nline.jpg",
            "q'uo\"te.jpg",
            "back\\slash.jpg",
            "x".repeat(196) + ".jpg",
            "\u00e9t\u00e9 \u4e2d\u6587.jpg");

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
}
