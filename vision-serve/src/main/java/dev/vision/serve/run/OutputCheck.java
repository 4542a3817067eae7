package dev.vision.serve.run;

import dev.vision.core.VisionException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Checks the outputs a command will write before anything is loaded or created, so that a bad one is one
 * line and exit 2 with nothing left behind: a file output that is a folder, one that exists without
 * --force, two outputs that are the same file (also through a symbolic link). A character device or a pipe
 * ({@code /dev/null}) is not a file that could be lost: it is written to.
 */
public final class OutputCheck {

    private final Map<Path, String> files = new LinkedHashMap<>();
    private final boolean force;

    public OutputCheck(boolean force) {
        this.force = force;
    }

    /** A results file {@code option} will write ({@code --json}, {@code --csv}, …); null is none. */
    public OutputCheck file(String option, Path file) {
        if (file == null) {
            return this;
        }
        if (Files.isDirectory(file)) {
            throw new VisionException(option + " " + file + ": is a folder, not a file");
        }
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            return this; // a character device or a pipe (/dev/null, /dev/stdout, a FIFO): written to, never replaced
        }
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw new VisionException(option + " " + file + ": exists (use --force to replace it)");
        }
        Path real = canonical(file);
        String other = files.putIfAbsent(real, option);
        if (other != null) {
            throw new VisionException(
                    other + " and " + option + " name the same file " + file + "; give each output its own file");
        }
        return this;
    }

    /**
     * A file written only at the end of the run (the heatmap): its folder is made now and a file is made and
     * removed in it, so that a folder that cannot be written is said before the run, not after it.
     */
    public static void writableAtTheEnd(String option, Path file) {
        if (file == null) {
            return;
        }
        Path folder = file.toAbsolutePath().normalize().getParent();
        try {
            Files.createDirectories(folder);
            Files.delete(Files.createTempFile(folder, ".vision-probe", ".part"));
        } catch (IOException e) {
            String reason = e instanceof AccessDeniedException
                    ? "permission denied"
                    : e instanceof NoSuchFileException
                            ? "no such folder, and it cannot be made"
                            : e instanceof FileSystemException fs && fs.getReason() != null
                                    ? fs.getReason()
                                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new VisionException(option + " " + file + ": cannot be written in " + folder + " (" + reason + ")");
        }
    }

    /** The same file as the OS sees it: links followed, folders made absolute, for files not there yet too. */
    private static Path canonical(Path file) {
        try {
            if (Files.exists(file)) {
                return file.toRealPath();
            }
            Path absolute = file.toAbsolutePath().normalize();
            for (int hops = 0; hops < 40 && Files.isSymbolicLink(absolute); hops++) {
                absolute = absolute.getParent()
                        .resolve(Files.readSymbolicLink(absolute))
                        .normalize(); // a link to a file not there yet
            }
            Path parent = absolute.getParent();
            return parent != null && Files.isDirectory(parent)
                    ? parent.toRealPath().resolve(absolute.getFileName())
                    : absolute;
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
    }
}
