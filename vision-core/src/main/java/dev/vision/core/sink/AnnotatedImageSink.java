package dev.vision.core.sink;

import dev.vision.core.result.FrameResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Saves each annotated image into a folder under its source's file name (PNG stays PNG, anything else
 * becomes JPEG). Each file is written to a temporary name and renamed, so the folder never holds a
 * half-written image; two sources with the same name get distinct files.
 */
public final class AnnotatedImageSink implements ResultSink {

    private final Path folder;
    private final Set<String> used = new HashSet<>();

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
        Path temp = folder.resolve("." + name + ".part" + name.substring(name.lastIndexOf('.')));
        boolean written;
        try {
            written = Imgcodecs.imwrite(temp.toString(), annotated);
        } catch (RuntimeException e) {
            written = false;
        }
        if (!written) {
            Files.deleteIfExists(temp);
            throw new IOException("cannot write annotated image " + target + " (disk full or folder not writable?)");
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private String uniqueName(FrameResult result) {
        String source = result.meta().source();
        String base = Path.of(source).getFileName() == null ? "frame" : Path.of(source).getFileName().toString();
        int dot = base.lastIndexOf('.');
        String stem = dot > 0 ? base.substring(0, dot) : base;
        String ext = dot > 0 ? base.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
        ext = ext.equals("png") ? "png" : "jpg";
        if (result.meta().index() > 0) {
            stem = stem + "_" + result.meta().index();
        }
        String name = stem + "." + ext;
        for (int n = 2; !used.add(name); n++) {
            name = stem + "_" + n + "." + ext;
        }
        return name;
    }

    @Override
    public void close() {
        // each image is complete on disk as soon as accept returns
    }
}
