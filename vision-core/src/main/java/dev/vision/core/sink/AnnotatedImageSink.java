package dev.vision.core.sink;

import dev.vision.core.result.FrameResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Saves each annotated image into a folder under its source's file name and extension (formats OpenCV
 * writes keep theirs; others become JPEG); {@link #copies()} says which copy is whose. Each file is written to a temporary name and renamed, so the folder never holds a
 * half-written image; two sources with the same name get distinct files.
 */
public final class AnnotatedImageSink implements ResultSink {

    private static final int MAX_NAME_BYTES = 255;
    private static final Set<String> KEPT_EXTENSIONS =
            Set.of("jpg", "jpeg", "jpe", "png", "webp", "bmp", "tif", "tiff");

    private final Path folder;
    private final Set<String> used = new HashSet<>();
    private final Map<String, String> copies = new LinkedHashMap<>();

    public AnnotatedImageSink(Path folder) throws IOException {
        this.folder = Files.createDirectories(folder);
    }

    @Override
    public boolean needsPixels() {
        return true;
    }

    @Override
    public void accept(FrameResult result, Mat annotated) throws IOException {
        Path target = folder.resolve(uniqueName(result));
        String name = target.getFileName().toString();
        // Encoded here and written by Java: OpenCV's imwrite takes the path through JNI's modified UTF-8,
        // which spells characters outside the BMP (emoji) differently from the file system.
        MatOfByte encoded = new MatOfByte();
        try {
            boolean ok;
            try {
                ok = Imgcodecs.imencode(
                        name.substring(name.lastIndexOf('.')).toLowerCase(Locale.ROOT), annotated, encoded);
            } catch (RuntimeException e) {
                ok = false;
            }
            if (!ok) {
                throw new IOException("cannot encode annotated image " + target);
            }
            Path temp = Files.createTempFile(folder, ".vision-", ".part");
            try {
                Files.write(temp, encoded.toArray());
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                copies.put(
                        result.meta().index() > 0
                                ? result.meta().source() + " frame "
                                        + result.meta().index()
                                : result.meta().source(),
                        name);
            } catch (IOException e) {
                Files.deleteIfExists(temp);
                throw new IOException(
                        "cannot write annotated image " + target + ": " + e.getMessage()
                                + " (disk full or folder not writable?)",
                        e);
            }
        } finally {
            encoded.release();
        }
    }

    private String uniqueName(FrameResult result) {
        String source = result.meta().source();
        Path fileName = Path.of(source).getFileName();
        String base = fileName == null ? "frame" : fileName.toString();
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String ext = dot > 0 ? base.substring(dot + 1) : "";
        if (!KEPT_EXTENSIONS.contains(ext.toLowerCase(Locale.ROOT))) {
            ext = "jpg"; // formats OpenCV writes keep their extension; others become JPEG
        }
        if (result.meta().index() > 0) {
            stem = stem + "_" + result.meta().index();
        }
        String name = fit(stem, "." + ext);
        for (int n = 2; !used.add(name); n++) {
            name = fit(stem, "_" + n + "." + ext);
        }
        return name;
    }

    /** {@code stem + suffix}, the stem shortened (whole characters) so the name fits the 255 bytes file systems allow. */
    private static String fit(String stem, String suffix) {
        int budget = MAX_NAME_BYTES - suffix.getBytes(StandardCharsets.UTF_8).length;
        String s = stem;
        while (s.getBytes(StandardCharsets.UTF_8).length > budget) {
            s = s.substring(0, s.offsetByCodePoints(s.length(), -1));
        }
        return s + suffix;
    }

    /** Which copy is whose, in the order written: source (with " frame N" for video) → file name. */
    public Map<String, String> copies() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(copies));
    }

    @Override
    public void close() {
        // each image is complete on disk as soon as accept returns
    }
}
