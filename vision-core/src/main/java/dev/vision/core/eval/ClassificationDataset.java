package dev.vision.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.capture.Sources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Images with their true class: class-named subfolders (the ImageFolder layout; a folder is named by the
 * class's label or, with an index file, its WordNet id), or a flat folder of {@code <wnid>_<label>.<ext>}
 * images with an index file ({@code imagenet_class_index.json}: index → [wnid, name]).
 */
public final class ClassificationDataset {

    public static final String INDEX_FILE = "imagenet_class_index.json";

    private final Map<Path, Integer> truths;

    private ClassificationDataset(Map<Path, Integer> truths) {
        this.truths = truths;
    }

    public List<Path> images() {
        return List.copyOf(truths.keySet());
    }

    public int truth(Path image) {
        return truths.get(image);
    }

    /** @param index the index file, or null to use DIR/imagenet_class_index.json when present */
    public static ClassificationDataset load(Path dir, List<String> classNames, Path index) throws DatasetException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException("dataset " + dir + ": no such folder");
        }
        Path indexFile = index != null ? index : dir.resolve(INDEX_FILE);
        Map<String, Integer> byWnid = Files.isRegularFile(indexFile) ? readIndex(indexFile) : Map.of();
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            byName.putIfAbsent(normalise(classNames.get(i)), i);
        }
        Map<Path, Integer> truths = new LinkedHashMap<>();
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> sorted = entries.sorted().toList();
            List<Path> folders = sorted.stream().filter(Files::isDirectory).toList();
            if (!folders.isEmpty()) {
                for (Path folder : folders) {
                    String name = folder.getFileName().toString();
                    Integer cls = byWnid.containsKey(name) ? byWnid.get(name) : byName.get(normalise(name));
                    if (cls == null) {
                        throw new DatasetException(
                                "dataset " + dir + ": folder '" + name + "' names no class of the model"
                                        + (byWnid.isEmpty() ? "" : " nor a WordNet id of " + indexFile));
                    }
                    for (Path image : images(folder)) {
                        truths.put(image, cls);
                    }
                }
            } else {
                if (byWnid.isEmpty()) {
                    throw new DatasetException("dataset " + dir + ": no class subfolders, and no index file "
                            + indexFile + " to read <wnid>_<label> file names with");
                }
                for (Path image : images(dir)) {
                    String name = image.getFileName().toString();
                    String wnid = name.contains("_") ? name.substring(0, name.indexOf('_')) : name;
                    Integer cls = byWnid.get(wnid);
                    if (cls == null) {
                        throw new DatasetException(image + ": '" + wnid + "' is not a WordNet id of " + indexFile);
                    }
                    truths.put(image, cls);
                }
            }
        } catch (IOException e) {
            throw new DatasetException("dataset " + dir + ": cannot list: " + e.getMessage());
        }
        if (truths.isEmpty()) {
            throw new DatasetException("dataset " + dir + ": no images");
        }
        return new ClassificationDataset(truths);
    }

    private static Map<String, Integer> readIndex(Path file) throws DatasetException {
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            Map<String, Integer> byWnid = new HashMap<>();
            for (var e : root.properties()) {
                byWnid.put(e.getValue().get(0).asText(), Integer.parseInt(e.getKey()));
            }
            return byWnid;
        } catch (IOException | RuntimeException e) {
            throw new DatasetException(
                    file + ": not an index of the form {\"0\": [\"n01440764\", \"tench\"], …}: " + e.getMessage());
        }
    }

    private static List<Path> images(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(Files::isRegularFile)
                    .filter(Sources::hasImageExtension)
                    .sorted()
                    .toList();
        }
    }

    private static String normalise(String name) {
        return name.toLowerCase(Locale.ROOT).replace('_', ' ').replace('-', ' ').strip();
    }
}
