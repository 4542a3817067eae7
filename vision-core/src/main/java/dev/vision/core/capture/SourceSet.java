package dev.vision.core.capture;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.VisionException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SOURCEs of a run: what each is, checked and listed before anything heavy loads ({@link #plan}), then
 * opened as one {@link FrameSource} ({@link #open}): the source itself for one unnamed source, a
 * {@link MultiSource} otherwise, each behind a {@link RateLimitedSource} when a frame rate limit is set. Owns
 * what it opened; closing it closes them.
 */
public final class SourceSet implements AutoCloseable {

    /** Sources one run takes: each has a reader thread and a buffer. */
    public static final int MAX_SOURCES = 64;

    private final List<SourceSpec> given;
    private final List<Sources.Kind> kinds;
    private final List<Optional<List<Path>>> images;
    private final SourceOptions options;
    private final List<FrameSource> raw = new ArrayList<>();
    private final List<RateLimitedSource> limited = new ArrayList<>();
    private FrameSource frames;

    private SourceSet(
            List<SourceSpec> given,
            List<Sources.Kind> kinds,
            List<Optional<List<Path>>> images,
            SourceOptions options) {
        this.given = List.copyOf(given);
        this.kinds = List.copyOf(kinds);
        this.images = List.copyOf(images);
        this.options = options;
    }

    /**
     * Finds what each source is and lists image folders, so that a wrong one stops the run before loading.
     * Several unnamed image files (what a shell makes of an unquoted glob) are one source; named ones are
     * streams of their own.
     *
     * @throws SourceOpenException  when a source cannot be found or listed
     * @throws VisionException      for more than {@link #MAX_SOURCES} sources, or a frame rate limit on images
     */
    public static SourceSet plan(List<String> specs, SourceOptions options) throws SourceOpenException {
        if (specs.isEmpty()) {
            throw new InvalidSettingException("source", "no source given");
        }
        List<SourceSpec> parsed = SourceSpec.parseAll(specs);
        List<String> locations = parsed.stream().map(SourceSpec::location).toList();
        if (locations.size() > MAX_SOURCES) {
            throw new VisionException(locations.size() + " sources: at most " + MAX_SOURCES
                    + " run together (for many images, give their folder or a quoted glob)");
        }
        if (locations.size() > 1
                && parsed.stream().noneMatch(SourceSpec::named)
                && locations.stream().allMatch(SourceSet::isImageFile)) {
            List<Path> files = locations.stream().map(Path::of).toList();
            return new SourceSet(
                    List.of(SourceSpec.parse(String.join(" ", locations), 0)),
                    List.of(Sources.Kind.IMAGES),
                    List.of(Optional.of(files)),
                    options);
        }
        List<Sources.Kind> kinds = new ArrayList<>();
        List<Optional<List<Path>>> images = new ArrayList<>();
        for (String location : locations) {
            Sources.Kind kind = Sources.kindOf(location);
            kinds.add(kind);
            images.add(kind == Sources.Kind.IMAGES ? Optional.of(Sources.imageFiles(location)) : Optional.empty());
        }
        if (options.maxFps().isPresent() && kinds.stream().allMatch(k -> k == Sources.Kind.IMAGES)) {
            throw new VisionException("--max-fps paces videos, cameras and streams; these sources are images");
        }
        return new SourceSet(parsed, kinds, images, options);
    }

    private static boolean isImageFile(String spec) {
        return Files.isRegularFile(Path.of(spec)) && Sources.kindOf(spec) == Sources.Kind.IMAGES;
    }

    /** Opens every source with the planned options; on a failure closes those already open. */
    public FrameSource open() throws SourceOpenException {
        return open(options.reduceToAtLeast());
    }

    /**
     * Opens every source; on a failure closes those already open.
     *
     * @param reduceToAtLeast for images: the side the model needs, so that large JPEGs are decoded at a reduced
     *                        size; 0 decodes in full
     */
    public FrameSource open(int reduceToAtLeast) throws SourceOpenException {
        List<FrameSource> paced = openEach(reduceToAtLeast);
        // a named source's frames carry its name, which a MultiSource gives them (even for one source)
        frames = paced.size() == 1 && !given.get(0).named() ? paced.get(0) : multi(paced);
        return frames;
    }

    /** Opens every source as one {@link MultiSource}, whose frames carry their stream's number and name. */
    MultiSource openMulti() throws SourceOpenException {
        MultiSource all = multi(openEach(options.reduceToAtLeast()));
        frames = all;
        return all;
    }

    private MultiSource multi(List<FrameSource> paced) {
        return new MultiSource(paced, locations(), names());
    }

    private List<FrameSource> openEach(int reduceToAtLeast) throws SourceOpenException {
        if (frames != null || !raw.isEmpty()) {
            throw new IllegalStateException("the sources are open already");
        }
        try {
            List<FrameSource> paced = new ArrayList<>();
            for (int i = 0; i < given.size(); i++) {
                Optional<List<Path>> files = images.get(i);
                FrameSource s = files.isPresent()
                        ? new ImageFilesSource(
                                files.get(),
                                0,
                                options.decodeThreadsFor(files.get().size()),
                                reduceToAtLeast)
                        : Sources.open(location(i), (int) options.readTimeout().toMillis());
                raw.add(s);
                if (options.maxFps().isPresent() && kinds.get(i) != Sources.Kind.IMAGES) {
                    RateLimitedSource r =
                            new RateLimitedSource(s, options.maxFps().getAsDouble());
                    limited.add(r);
                    s = r;
                }
                paced.add(s);
            }
            return paced;
        } catch (SourceOpenException e) {
            closeRaw();
            throw given.size() > 1
                    ? new SourceOpenException(
                            "one of " + given.size() + " sources cannot be opened: " + e.getMessage(), e)
                    : e;
        } catch (RuntimeException e) {
            closeRaw();
            throw e;
        }
    }

    private void closeRaw() {
        raw.forEach(FrameSource::close);
        raw.clear();
        limited.clear();
    }

    /** How many sources there are. */
    public int count() {
        return given.size();
    }

    /** Where stream {@code i} reads from (its {@code NAME=} taken off). */
    public String location(int stream) {
        return given.get(stream).location();
    }

    /** Where each stream reads from, in stream order. */
    public List<String> locations() {
        return given.stream().map(SourceSpec::location).toList();
    }

    /** What stream {@code i} is called: the name given ({@code door=…}), else its position. */
    public String name(int stream) {
        return given.get(stream).name();
    }

    /** Every stream's name, in stream order. */
    public List<String> names() {
        return given.stream().map(SourceSpec::name).toList();
    }

    /** Whether stream {@code i} was given a name. */
    public boolean named(int stream) {
        return given.get(stream).named();
    }

    /**
     * The name of stream {@code i}'s files among several: its own name when it was given one ("door"), else
     * its position and stem ("1-car-detection").
     */
    public String fileStem(int stream) {
        return named(stream) ? name(stream) : stream + "-" + stem(stream);
    }

    /** Its own name when stream {@code i} was given one, else its stem ("car-detection"). */
    public String shortName(int stream) {
        return named(stream) ? name(stream) : stem(stream);
    }

    public Sources.Kind kind(int stream) {
        return kinds.get(stream);
    }

    /** Whether any source is a video, camera or stream (frames rather than separate images). */
    public boolean video() {
        return kinds.stream().anyMatch(k -> k != Sources.Kind.IMAGES);
    }

    /** How many images the run reads, or -1 when a source is a video, camera or stream. */
    public int imageCount() {
        return video()
                ? -1
                : images.stream()
                        .mapToInt(files -> files.map(List::size).orElse(0))
                        .sum();
    }

    /** The frame rate stream {@code i} delivers after the frame rate limit (0 for images); once open. */
    public double fps(int stream) {
        FrameSource s = frames instanceof MultiSource multi ? multi.sources().get(stream) : frames;
        return s.nominalFps();
    }

    /** The size of stream {@code i}'s frames where a video source knows it; once open. */
    public Optional<FrameSize> frameSize(int stream) {
        return raw.get(stream).frameSize();
    }

    /** Tells {@code listener} of each change of stream {@code i}'s state (live sources only); once open. */
    public void onStatus(int stream, FrameSource.StatusListener listener) {
        raw.get(stream).onStatus(listener);
    }

    /** Frames of stream {@code i} replaced by newer ones before the model took them (several live sources). */
    public long dropped(int stream) {
        return frames instanceof MultiSource multi ? multi.dropped(stream) : frames.dropped();
    }

    /** Frames the frame rate limit left out, over all sources. */
    public long overMaxFps() {
        return limited.stream().mapToLong(RateLimitedSource::limited).sum();
    }

    /**
     * A short name for files of stream {@code i}: a file's or folder's name without extension, "camera0",
     * or a stream's host and path.
     */
    public String stem(int stream) {
        String spec = location(stream);
        String name = switch (kinds.get(stream)) {
            case CAMERA -> "camera" + spec.replaceAll("\\D", "");
            case STREAM -> {
                try {
                    URI uri = URI.create(spec);
                    yield (uri.getHost() == null ? "stream" : uri.getHost())
                            + (uri.getPath() == null ? "" : uri.getPath());
                } catch (IllegalArgumentException e) {
                    yield "stream";
                }
            }
            default -> {
                Path p = Path.of(spec.replaceAll("[*?\\[\\]{}]", "")).getFileName();
                String file = p == null ? "images" : p.toString();
                int dot = file.lastIndexOf('.');
                yield dot > 0 ? file.substring(0, dot) : file;
            }
        };
        String clean = name.replaceAll("[^\\p{L}\\p{N}._-]+", "_").replaceAll("^[._]+|_+$", "");
        clean = clean.isEmpty() ? kinds.get(stream).name().toLowerCase(Locale.ROOT) : clean;
        return clean.length() > 60 ? clean.substring(0, 60) : clean;
    }

    @Override
    public void close() {
        if (frames != null) {
            frames.close();
        } else {
            closeRaw();
        }
    }
}
