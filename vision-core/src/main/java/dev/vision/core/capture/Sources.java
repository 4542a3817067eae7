package dev.vision.core.capture;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;

/** Maps a SOURCE string of the command line to the {@link FrameSource} that reads it. */
public final class Sources {

    public static final Set<String> IMAGE_EXTENSIONS =
            Set.of("jpg", "jpeg", "png", "bmp", "webp", "tif", "tiff", "ppm", "pgm", "pbm", "jpe", "jp2");
    public static final Set<String> VIDEO_EXTENSIONS =
            Set.of("mp4", "avi", "mov", "mkv", "webm", "m4v", "mpg", "mpeg", "ts", "wmv", "flv", "gif");

    private Sources() {}

    /** Default time a network read may block before the stream counts as lost. */
    public static final int DEFAULT_READ_TIMEOUT_MS = 5000;

    /** What a SOURCE string names, before anything is opened. */
    public enum Kind {
        IMAGES,
        VIDEO_FILE,
        CAMERA,
        STREAM
    }

    public static Kind kindOf(String spec) {
        String lower = spec.toLowerCase(Locale.ROOT);
        if (lower.matches("^(rtsp|rtsps|rtmp|rtmps|http|https|udp|tcp|srt)://.*")) {
            return Kind.STREAM;
        }
        if (spec.matches("\\d+") || spec.startsWith("/dev/video")) {
            return Kind.CAMERA;
        }
        if (!isGlob(spec) && isPipeOrDevice(Path.of(spec))) {
            return Kind.VIDEO_FILE; // a named pipe (or another device): FFmpeg reads it as it comes, to its end
        }
        if (!isGlob(spec)
                && Files.isRegularFile(Path.of(spec))
                && !hasImageExtension(Path.of(spec))
                && (VIDEO_EXTENSIONS.contains(extension(Path.of(spec)))
                        || !ImageDecoder.looksLikeImage(Path.of(spec)))) {
            return Kind.VIDEO_FILE;
        }
        return Kind.IMAGES;
    }

    /** Something that exists and is neither a file nor a folder: a named pipe, a device. */
    private static boolean isPipeOrDevice(Path path) {
        return Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path);
    }

    public static FrameSource open(String spec) throws SourceOpenException {
        return open(spec, DEFAULT_READ_TIMEOUT_MS);
    }

    /**
     * Opens a SOURCE: images through the core, video files, cameras and streams through the first
     * {@link FrameSourceProvider} on the class path that reads them (module {@code vision-video}).
     */
    public static FrameSource open(String spec, int readTimeoutMs) throws SourceOpenException {
        if (spec == null || spec.isBlank()) {
            throw new SourceOpenException("no source given");
        }
        Kind kind = kindOf(spec);
        if (kind == Kind.IMAGES) {
            return new ImageFilesSource(imageFiles(spec));
        }
        if (kind == Kind.VIDEO_FILE && !Files.isReadable(Path.of(spec))) {
            throw new SourceOpenException("source " + spec + ": not readable (permission denied)");
        }
        for (FrameSourceProvider provider : ServiceLoader.load(FrameSourceProvider.class)) {
            if (provider.reads(kind)) {
                return provider.open(spec, kind, readTimeoutMs);
            }
        }
        throw new SourceOpenException("source " + spec + ": reading "
                + kind.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                + " needs the vision-video module on the class path");
    }

    /**
     * Several sources read as one, each a stream of its own: {@code "door=rtsp://…"}, {@code "yard.mp4"}
     * (named by its position), as on the command line. Frames carry their stream's number and name
     * ({@link dev.vision.core.frame.FrameMeta#streamName()}); a per-stream result stage (such as tracking's
     * {@code perStream()}) keeps each stream's state apart. Video needs
     * {@code vision-video} on the class path. Closing the result closes every source.
     *
     * @throws SourceOpenException when one cannot be opened; those opened before it are closed
     * @throws dev.vision.core.InvalidSettingException when two sources have one name
     */
    public static MultiSource openAll(List<String> specs) throws SourceOpenException {
        return openAll(specs, SourceOptions.defaults());
    }

    /**
     * As {@link #openAll(List)}, read with {@code options}: the read timeout of streams, a frame rate limit,
     * the threads that decode images and the size they are decoded at.
     *
     * @throws SourceOpenException when one cannot be opened; those opened before it are closed
     * @throws dev.vision.core.VisionException for two sources with one name, too many sources, or a frame rate
     *     limit on images alone
     */
    public static MultiSource openAll(List<String> specs, SourceOptions options) throws SourceOpenException {
        return SourceSet.plan(specs, options).openMulti();
    }

    /** The image files a SOURCE names: one file, the images of a folder (sorted), or a glob's matches. */
    public static List<Path> imageFiles(String spec) throws SourceOpenException {
        if (spec == null || spec.isBlank()) {
            throw new SourceOpenException("no source given");
        }
        if (kindOf(spec) != Kind.IMAGES) {
            throw new SourceOpenException("source " + spec + ": not an image, folder or glob");
        }
        if (isGlob(spec)) {
            return glob(spec);
        }
        Path path = Path.of(spec);
        if (Files.isDirectory(path)) {
            return folder(path);
        }
        if (!Files.exists(path)) {
            throw new SourceOpenException("source " + spec + ": no such file or folder");
        }
        if (!Files.isReadable(path)) {
            throw new SourceOpenException("source " + spec + ": not readable (permission denied)");
        }
        return List.of(path);
    }

    private static List<Path> folder(Path dir) throws SourceOpenException {
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> images = entries.filter(Files::isRegularFile)
                    .filter(Sources::hasImageExtension)
                    .sorted()
                    .toList();
            if (images.isEmpty()) {
                throw new SourceOpenException("source " + dir + ": folder holds no images ("
                        + String.join(", ", IMAGE_EXTENSIONS.stream().sorted().toList()) + ")");
            }
            return images;
        } catch (IOException e) {
            throw new SourceOpenException("source " + dir + ": cannot list folder: " + e.getMessage(), e);
        }
    }

    private static List<Path> glob(String spec) throws SourceOpenException {
        int firstWildcard = indexOfWildcard(spec);
        int slash = spec.lastIndexOf('/', firstWildcard);
        Path base = slash < 0 ? Path.of(".") : Path.of(slash == 0 ? "/" : spec.substring(0, slash));
        String pattern = slash < 0 ? spec : spec.substring(slash + 1);
        if (!Files.isDirectory(base)) {
            throw new SourceOpenException("source " + spec + ": no such folder " + base);
        }
        // "**/" also matches no folder at all, as in shells: photos/**/*.jpg takes photos/a.jpg too
        PathMatcher deep = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
        PathMatcher shallow = FileSystems.getDefault().getPathMatcher("glob:" + pattern.replace("**/", ""));
        PathMatcher matcher = p -> deep.matches(p) || shallow.matches(p);
        List<Path> matches = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(base)) {
            walk.filter(Files::isRegularFile)
                    .filter(p -> matcher.matches(base.relativize(p)))
                    .filter(Sources::hasImageExtension)
                    .sorted()
                    .forEach(matches::add);
        } catch (IOException e) {
            throw new SourceOpenException("source " + spec + ": cannot list files: " + e.getMessage(), e);
        }
        if (matches.isEmpty()) {
            throw new SourceOpenException("source " + spec + ": pattern matches no images");
        }
        return matches;
    }

    static boolean isGlob(String spec) {
        return indexOfWildcard(spec) >= 0 && !Files.exists(Path.of(spec));
    }

    private static int indexOfWildcard(String spec) {
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return i;
            }
        }
        return -1;
    }

    public static boolean hasImageExtension(Path p) {
        return IMAGE_EXTENSIONS.contains(extension(p));
    }

    /** A file name's extension, lower case, without the dot ("" when there is none). */
    public static String extension(Path p) {
        String name = p.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
