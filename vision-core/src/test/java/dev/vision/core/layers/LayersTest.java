package dev.vision.core.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The core's packages in layers: a package's code may use its own package and those of lower layers, never a
 * higher one (comments aside). Run alone with {@code mvn -pl vision-core test -Dtest=LayersTest}.
 */
class LayersTest {

    /** Lowest first. Packages of one layer do not use each other. */
    private static final List<Set<String>> LAYERS = List.of(
            Set.of(""), // dev.vision.core: VisionException, InvalidSettingException
            Set.of("natives"),
            Set.of("frame"),
            Set.of("result"),
            Set.of("geometry"),
            Set.of("preprocess"),
            Set.of("postprocess"),
            Set.of("model"),
            Set.of("capture"),
            Set.of("inference"),
            Set.of("overlay", "sink"),
            Set.of("pipeline"),
            Set.of("privacy"), // masks paint frames and filter results; motion gating ignores its masks
            Set.of("analytics", "clip", "motion"),
            Set.of("track"),
            Set.of("run"),
            Set.of("eval")); // an evaluation is a run with metrics

    private static final Path CORE = Path.of("src/main/java/dev/vision/core");
    private static final Pattern USE = Pattern.compile("\\bdev\\.vision\\.core\\.(?:([a-z]+)\\.)?[A-Z]\\w*");
    private static final Pattern COMMENTS = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

    @Test
    void everyPackageHasALayer() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(CORE)) {
            dirs.filter(Files::isDirectory)
                    .forEach(d -> packages.add(d.getFileName().toString()));
        }
        Set<String> layered = new TreeSet<>();
        LAYERS.forEach(layered::addAll);
        layered.remove("");
        assertEquals(layered, packages, "a new package needs its place in LAYERS");
    }

    @Test
    void noPackageUsesAHigherOrEqualLayer() throws IOException {
        List<String> upward = new ArrayList<>();
        Map<String, Integer> layerOf = new HashMap<>();
        for (int i = 0; i < LAYERS.size(); i++) {
            for (String p : LAYERS.get(i)) {
                layerOf.put(p, i);
            }
        }
        List<Path> sources;
        try (Stream<Path> walk = Files.walk(CORE)) {
            sources = walk.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(sources.size() > 100, "found the core's sources: " + sources.size());
        for (Path file : sources) {
            Path relative = CORE.relativize(file.getParent());
            String own =
                    relative.toString().isEmpty() ? "" : relative.getName(0).toString();
            String code = COMMENTS.matcher(Files.readString(file)).replaceAll("");
            Matcher m = USE.matcher(code);
            while (m.find()) {
                String used = m.group(1) == null ? "" : m.group(1);
                if (used.equals(own)) {
                    continue;
                }
                if (layerOf.get(used) >= layerOf.get(own)) {
                    upward.add(CORE.relativize(file) + " uses " + m.group());
                }
            }
        }
        assertEquals(List.of(), upward, "imports that run up a layer (or across one)");
    }
}
