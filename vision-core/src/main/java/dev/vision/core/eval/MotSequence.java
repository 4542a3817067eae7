package dev.vision.core.eval;

import dev.vision.core.capture.Sources;
import dev.vision.core.result.Box;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A sequence in the MOTChallenge layout: {@code seqinfo.ini} (frame rate, length, image folder),
 * {@code gt/gt.txt} (frame, id, left, top, width, height, consider-flag, class, visibility; frames from 1)
 * and the frames, as images in {@code img1/} or as one video file in the folder. Ground-truth rows whose
 * flag is 0 are not evaluated.
 */
public final class MotSequence {

    private final double frameRate;
    private final int length;
    private final List<Path> images;
    private final Path video;
    private final Map<Integer, List<TrackingMetrics.Identified>> truth;

    private MotSequence(
            double frameRate,
            int length,
            List<Path> images,
            Path video,
            Map<Integer, List<TrackingMetrics.Identified>> truth) {
        this.frameRate = frameRate;
        this.length = length;
        this.images = images;
        this.video = video;
        this.truth = truth;
    }

    /** @throws DatasetException naming the file (and line) that cannot be used */
    public static MotSequence load(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException("tracking data " + folder + ": no such folder");
        }
        Map<String, String> info = readIni(folder.resolve("seqinfo.ini"));
        double fps = number(info, "framerate", folder);
        int length = (int) number(info, "seqlength", folder);
        Path imageDir = folder.resolve(info.getOrDefault("imdir", "img1"));
        List<Path> images = List.of();
        Path video = null;
        if (Files.isDirectory(imageDir)) {
            try (Stream<Path> s = Files.list(imageDir)) {
                images = s.filter(Sources::hasImageExtension).sorted().toList();
            } catch (IOException e) {
                throw new DatasetException(imageDir + ": cannot list: " + e.getMessage());
            }
        } else {
            try (Stream<Path> s = Files.list(folder)) {
                video = s.filter(p -> Sources.VIDEO_EXTENSIONS.contains(Sources.extension(p)))
                        .sorted()
                        .findFirst()
                        .orElseThrow(() -> new DatasetException("tracking data " + folder + ": neither "
                                + imageDir.getFileName() + "/ nor a video file"));
            } catch (IOException e) {
                throw new DatasetException(folder + ": cannot list: " + e.getMessage());
            }
        }
        return new MotSequence(
                fps, length, images, video, readTruth(folder.resolve("gt").resolve("gt.txt")));
    }

    private static Map<String, String> readIni(Path ini) {
        Map<String, String> values = new HashMap<>();
        try {
            for (String line : Files.readAllLines(ini, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    values.put(
                            line.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                            line.substring(eq + 1).trim());
                }
            }
        } catch (IOException e) {
            throw new DatasetException(ini + ": cannot read: " + e.getMessage());
        }
        return values;
    }

    private static double number(Map<String, String> info, String key, Path folder) {
        try {
            return Double.parseDouble(info.get(key));
        } catch (NullPointerException | NumberFormatException e) {
            throw new DatasetException(folder.resolve("seqinfo.ini") + ": " + key + " is missing or not a number");
        }
    }

    private static Map<Integer, List<TrackingMetrics.Identified>> readTruth(Path gt) {
        Map<Integer, List<TrackingMetrics.Identified>> byFrame = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(gt, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DatasetException(gt + ": cannot read: " + e.getMessage());
        }
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--; // blank lines at the end are no rows
        }
        for (int n = 0; n < last; n++) {
            String line = lines.get(n).trim();
            String where = gt + ":" + (n + 1) + ": ";
            if (line.isEmpty()) {
                throw new DatasetException(where + "an empty row (each row is frame,id,left,top,width,height,…)");
            }
            String[] f = line.split(",");
            if (f.length < 6) {
                throw new DatasetException(where + "needs at least 6 fields (frame,id,left,top,width,height), got "
                        + f.length + ": " + line);
            }
            int frame;
            long id;
            float x;
            float y;
            float w;
            float h;
            boolean consider;
            try {
                frame = Integer.parseInt(f[0].trim());
                id = (long) Double.parseDouble(f[1].trim());
                x = Float.parseFloat(f[2].trim());
                y = Float.parseFloat(f[3].trim());
                w = Float.parseFloat(f[4].trim());
                h = Float.parseFloat(f[5].trim());
                consider = f.length < 7 || Float.parseFloat(f[6].trim()) != 0;
            } catch (NumberFormatException e) {
                throw new DatasetException(where + "not numbers 'frame,id,left,top,width,height,…': " + line);
            }
            if (frame < 1) {
                throw new DatasetException(where + "frames count from 1, got " + frame);
            }
            if (!(Float.isFinite(x) && Float.isFinite(y) && w > 0 && h > 0 && Float.isFinite(w) && Float.isFinite(h))) {
                throw new DatasetException(
                        where + "a box needs finite left and top and a positive width and height: " + line);
            }
            if (consider) {
                byFrame.computeIfAbsent(frame, k -> new ArrayList<>())
                        .add(new TrackingMetrics.Identified(id, new Box(x, y, x + w, y + h)));
            }
        }
        return byFrame;
    }

    public double frameRate() {
        return frameRate;
    }

    public int length() {
        return length;
    }

    /** The frames as images, in order; empty when the sequence is a video. */
    public List<Path> images() {
        return images;
    }

    /** The video file, or null when the frames are images. */
    public Path video() {
        return video;
    }

    /** Ground truth of frame {@code frame} (1-based, as in gt.txt). */
    public List<TrackingMetrics.Identified> truth(int frame) {
        return truth.getOrDefault(frame, List.of());
    }
}
