package dev.vision.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Symbolic links whose target is gone. Hadoop's local file system leaves them out of a listing without a word,
 * so the job lists them itself and each becomes a row with the reason, as an unreadable file does.
 */
final class DanglingLinks {
    private DanglingLinks() {}

    /**
     * The dangling links under a local input (a file or a folder, searched recursively) whose names match the
     * glob, as {@code file:} paths; none for an input on another file system.
     */
    static List<String> under(String input, String nameGlob) {
        Optional<Path> local = localPath(input);
        if (local.isEmpty() || !Files.isDirectory(local.get())) {
            return List.of();
        }
        PathMatcher names = FileSystems.getDefault().getPathMatcher("glob:" + nameGlob);
        try (Stream<Path> all = Files.walk(local.get())) {
            return all.filter(p -> Files.isSymbolicLink(p) && !Files.exists(p))
                    .filter(p -> names.matches(p.getFileName()))
                    .map(p -> "file:" + p.toAbsolutePath().normalize())
                    .sorted()
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            return List.of(); // a folder that cannot be walked: Spark's listing reports it
        }
    }

    /** "dangling symbolic link to TARGET" when the path is a local link whose target does not exist. */
    static Optional<String> reason(String path) {
        Optional<Path> local = localPath(path);
        if (local.isEmpty()
                || !Files.isSymbolicLink(local.get())
                || Files.exists(local.get())
                || !Files.exists(local.get(), LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try {
            return Optional.of("dangling symbolic link to " + Files.readSymbolicLink(local.get()));
        } catch (IOException e) {
            return Optional.of("dangling symbolic link");
        }
    }

    private static Optional<Path> localPath(String path) {
        try {
            URI uri = URI.create(path.replace(" ", "%20"));
            if (uri.getScheme() == null) {
                return Optional.of(Path.of(path));
            }
            return uri.getScheme().equals("file") ? Optional.of(Path.of(uri.getPath())) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(Path.of(path));
        }
    }
}
