package dev.vision.serve.run;

import dev.vision.core.sink.WholeRecordsFile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Creates output folders and files without ever clobbering an earlier run's results. */
public final class OutputFiles {

    private OutputFiles() {}

    /** The first free {@code base/1}, {@code base/2}, … created atomically, so parallel runs never share one. */
    public static Path newRunFolder(Path base) throws IOException {
        Files.createDirectories(base);
        for (int n = 1; ; n++) {
            Path candidate = base.resolve(Integer.toString(n));
            try {
                return Files.createDirectory(candidate);
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier run: try the next number
            }
        }
    }

    /** An explicit --out folder: created if missing; an existing non-empty one only with --force. */
    public static Path explicitFolder(Path dir, boolean force) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var entries = Files.list(dir)) {
                // what a killed run of ours left half-written is no reason to refuse the folder
                if (!force && entries.anyMatch(p -> !isOurTemporary(p))) {
                    throw new IOException("output folder " + dir + " is not empty (use --force to write into it)");
                }
            }
            return dir;
        }
        if (Files.exists(dir)) {
            throw new IOException("output path " + dir + " exists and is not a folder");
        }
        return Files.createDirectories(dir);
    }

    /**
     * Hidden ".….part…" files are the temporary files vision writes before renaming them into place, and a
     * hidden ".vision.lock" holds a run's lock.
     */
    public static boolean isOurTemporary(Path p) {
        String name = p.getFileName().toString();
        return name.startsWith(".")
                && (name.endsWith(".part") || name.contains(".part.") || OutputLock.isLockFile(name));
    }

    /**
     * Opens a results file for writing; an existing file is replaced only with --force. A regular file is
     * written record by record: a failed write leaves it at its last whole record ({@link WholeRecordsFile}).
     */
    public static OutputStream openFile(Path file, boolean force) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (Files.isDirectory(file)) {
            throw new IOException(file + " is a folder, not a file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            return Files.newOutputStream(file, StandardOpenOption.WRITE); // a device or a pipe: written to as it is
        }
        try {
            return force
                    ? WholeRecordsFile.open(
                            file,
                            StandardOpenOption.CREATE,
                            StandardOpenOption.TRUNCATE_EXISTING,
                            StandardOpenOption.WRITE)
                    : WholeRecordsFile.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new IOException("output file " + file + " exists (use --force to replace it)");
        }
    }
}
