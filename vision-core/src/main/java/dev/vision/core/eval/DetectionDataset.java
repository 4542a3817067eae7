package dev.vision.core.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vision.core.capture.Sources;
import dev.vision.core.result.Box;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Images with their ground-truth boxes, from the YOLO layout ({@code images/…} beside {@code labels/…},
 * one {@code class cx cy w h} line per box, normalised) or from a COCO JSON file. Boxes are kept normalised
 * to the image size, which is known once the image is decoded.
 */
public final class DetectionDataset {

    /** A ground-truth box, its coordinates as fractions of the image width and height. */
    public record Truth(int classId, double x1, double y1, double x2, double y2) {
        public Box toPixels(int width, int height) {
            return new Box((float) (x1 * width), (float) (y1 * height), (float) (x2 * width), (float) (y2 * height));
        }
    }

    private final Map<Path, List<Truth>> truths;
    private final String format;

    private DetectionDataset(Map<Path, List<Truth>> truths, String format) {
        this.truths = truths;
        this.format = format;
    }

    public List<Path> images() {
        return List.copyOf(truths.keySet());
    }

    public List<Truth> truth(Path image) {
        return truths.getOrDefault(image, List.of());
    }

    public String format() {
        return format;
    }

    /**
     * Reads DIR as {@code format}: "yolo", "coco", or "auto" (YOLO if DIR has a labels folder, else COCO if
     * it holds one JSON file).
     */
    public static DetectionDataset load(Path dir, List<String> classNames, String format) throws DatasetException {
        if (!Files.isDirectory(dir)) {
            throw new DatasetException("dataset " + dir + ": no such folder");
        }
        if (format.equals("yolo") || (format.equals("auto") && Files.isDirectory(dir.resolve("labels")))) {
            if (!Files.isDirectory(dir.resolve("labels"))) {
                throw new DatasetException("dataset " + dir + ": no labels folder for the YOLO layout");
            }
            return yolo(dir, classNames.size());
        }
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> jsons =
                    s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            if (jsons.size() == 1) {
                return coco(jsons.get(0), classNames);
            }
        } catch (IOException e) {
            throw new DatasetException("dataset " + dir + ": cannot list: " + e.getMessage());
        }
        throw new DatasetException("dataset " + dir + ": neither a YOLO layout (images/ and labels/) nor a folder with "
                + "one COCO JSON file");
    }

    static DetectionDataset yolo(Path dir, int classes) throws DatasetException {
        Path imagesRoot = dir.resolve("images");
        List<Path> images = imagesUnder(Files.isDirectory(imagesRoot) ? imagesRoot : dir);
        if (images.isEmpty()) {
            throw new DatasetException("dataset " + dir + ": no images under " + imagesRoot);
        }
        Map<Path, List<Truth>> truths = new LinkedHashMap<>();
        for (Path image : images) {
            Path rel = imagesRoot.relativize(image);
            String name = rel.getFileName().toString();
            String stem = name.contains(".") ? name.substring(0, name.lastIndexOf('.')) : name;
            Path label = dir.resolve("labels").resolve(rel).resolveSibling(stem + ".txt");
            truths.put(image, Files.exists(label) ? yoloLabels(label, classes) : List.of());
        }
        return new DetectionDataset(truths, "yolo");
    }

    private static List<Truth> yoloLabels(Path file, int classes) throws DatasetException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException(file + ": cannot read: " + e.getMessage());
        }
        List<Truth> result = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            String where = file + ":" + (i + 1) + ": ";
            if (f.length < 5) {
                throw new DatasetException(where + "expected 'class cx cy w h', got '" + line + "'");
            }
            int cls;
            double cx;
            double cy;
            double w;
            double h;
            try {
                cls = Integer.parseInt(f[0]);
                cx = Double.parseDouble(f[1]);
                cy = Double.parseDouble(f[2]);
                w = Double.parseDouble(f[3]);
                h = Double.parseDouble(f[4]);
            } catch (NumberFormatException e) {
                throw new DatasetException(where + "not numbers: '" + line + "'");
            }
            if (cls < 0 || cls >= classes) {
                throw new DatasetException(
                        where + "class " + cls + " is not one of the model's " + classes + " classes");
            }
            result.add(new Truth(cls, cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2));
        }
        return result;
    }

    static DetectionDataset coco(Path json, List<String> classNames) throws DatasetException {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json.toFile());
        } catch (IOException e) {
            throw new DatasetException(json + ": not valid JSON: " + e.getMessage());
        }
        if (!root.has("images") || !root.has("annotations") || !root.has("categories")) {
            throw new DatasetException(json + ": not a COCO file (needs images, annotations and categories)");
        }
        Map<Integer, Integer> categoryToClass = categoryMapping(json, root.get("categories"), classNames);
        Path base = json.getParent();
        Map<Integer, Path> files = new HashMap<>();
        Map<Integer, double[]> sizes = new HashMap<>();
        Map<Path, List<Truth>> truths = new LinkedHashMap<>();
        for (JsonNode img : root.get("images")) {
            Path file = findImage(base, img.get("file_name").asText());
            if (file == null) {
                throw new DatasetException(
                        json + ": image " + img.get("file_name").asText() + " not found under " + base);
            }
            int id = img.get("id").asInt();
            files.put(id, file);
            sizes.put(
                    id,
                    new double[] {img.get("width").asDouble(), img.get("height").asDouble()});
            truths.put(file, new ArrayList<>());
        }
        for (JsonNode a : root.get("annotations")) {
            if (a.path("iscrowd").asInt(0) == 1) {
                continue;
            }
            int imageId = a.get("image_id").asInt();
            Integer cls = categoryToClass.get(a.get("category_id").asInt());
            if (!files.containsKey(imageId) || cls == null) {
                throw new DatasetException(json + ": annotation " + a.path("id").asText() + " names an unknown "
                        + (cls == null ? "category " + a.get("category_id").asInt() : "image " + imageId));
            }
            JsonNode b = a.get("bbox");
            double[] size = sizes.get(imageId);
            double x = b.get(0).asDouble() / size[0];
            double y = b.get(1).asDouble() / size[1];
            truths.get(files.get(imageId))
                    .add(new Truth(
                            cls,
                            x,
                            y,
                            x + b.get(2).asDouble() / size[0],
                            y + b.get(3).asDouble() / size[1]));
        }
        return new DetectionDataset(truths, "coco");
    }

    /** COCO category ids to model classes: by name (with darknet's spellings), else by order for 80 classes. */
    private static Map<Integer, Integer> categoryMapping(Path json, JsonNode categories, List<String> classNames)
            throws DatasetException {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < classNames.size(); i++) {
            byName.put(normalise(classNames.get(i)), i);
        }
        Map<Integer, Integer> mapping = new HashMap<>();
        List<Integer> ids = new ArrayList<>();
        boolean allNamed = true;
        for (JsonNode c : categories) {
            int id = c.get("id").asInt();
            ids.add(id);
            Integer cls = byName.get(normalise(c.path("name").asText()));
            if (cls == null) {
                allNamed = false;
            } else {
                mapping.put(id, cls);
            }
        }
        if (allNamed) {
            return mapping;
        }
        if (ids.size() == classNames.size()) {
            ids.sort(Integer::compare);
            mapping.clear();
            for (int i = 0; i < ids.size(); i++) {
                mapping.put(ids.get(i), i);
            }
            return mapping;
        }
        throw new DatasetException(
                json + ": its categories do not match the model's " + classNames.size() + " classes");
    }

    private static final Map<String, String> SYNONYMS = Map.of(
            "airplane",
            "aeroplane",
            "motorcycle",
            "motorbike",
            "couch",
            "sofa",
            "dining table",
            "diningtable",
            "tv",
            "tvmonitor",
            "potted plant",
            "pottedplant");

    private static String normalise(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', ' ').strip();
        return SYNONYMS.getOrDefault(n, n).replace(" ", "");
    }

    private static Path findImage(Path base, String fileName) {
        for (Path p : List.of(base.resolve(fileName), base.resolve("images").resolve(fileName))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        try (Stream<Path> s = Files.walk(base)) {
            return s.filter(p -> p.getFileName()
                            .toString()
                            .equals(Path.of(fileName).getFileName().toString()))
                    .filter(Files::isRegularFile)
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static List<Path> imagesUnder(Path dir) throws DatasetException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(Sources::hasImageExtension)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new DatasetException("dataset " + dir + ": cannot list: " + e.getMessage());
        }
    }
}
