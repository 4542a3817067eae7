package dev.vision.app;

import dev.vision.core.VisionException;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.ImageFilesSource;
import dev.vision.core.capture.MultiSource;
import dev.vision.core.capture.RateLimitedSource;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.SourceSpec;
import dev.vision.core.capture.Sources;
import dev.vision.core.run.MemoryPlan;
import dev.vision.video.FfmpegSource;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The SOURCEs of a run: what each is, checked before the model loads ({@link #plan}), then opened as one
 * {@link FrameSource} ({@link #open}): the source itself for one, a {@link MultiSource} for several, each
 * behind a {@link RateLimitedSource} with {@code --max-fps}. Owns what it opened.
 */
final class RunSources implements AutoCloseable {

    /** Sources one run takes: each has a reader thread and a buffer. */
    static final int MAX_SOURCES = 64;

    /** Where each source reads from (its NAME= taken off). */
    private final List<String> specs;
    /** What each source is called: the name given, else its position. */
    private final List<String> names;

    private final List<SourceSpec> given;
    private final List<Sources.Kind> kinds;
    private final List<List<Path>> images;
    private final List<FrameSource> raw = new ArrayList<>();
    private final List<RateLimitedSource> limited = new ArrayList<>();
    private FrameSource frames;

    private RunSources(List<SourceSpec> given, List<Sources.Kind> kinds, List<List<Path>> images) {
        this.specs = given.stream().map(SourceSpec::location).toList();
        this.names = given.stream().map(SourceSpec::name).toList();
        this.given = List.copyOf(given);
        this.kinds = kinds;
        this.images = images;
    }

    /** Finds what each source is and lists image folders, so a wrong one stops the run before loading. */
    static RunSources plan(List<String> given, RunOptions run) throws SourceOpenException {
        List<SourceSpec> parsed = SourceSpec.parseAll(given);
        List<String> specs = parsed.stream().map(SourceSpec::location).toList();
        if (specs.size() > MAX_SOURCES) {
            throw new VisionException(specs.size() + " sources: at most " + MAX_SOURCES + " run together (for many "
                    + "images, give their folder or a quoted glob)");
        }
        if (specs.size() > 1 && specs.stream().allMatch(RunSources::isImageFile)) {
            // what the shell makes of an unquoted glob: image files, which are one source, not many streams
            List<Path> files = specs.stream().map(Path::of).toList();
            return new RunSources(
                    List.of(SourceSpec.parse(String.join(" ", specs), 0)),
                    List.of(Sources.Kind.IMAGES),
                    new ArrayList<>(List.of(files)));
        }
        List<Sources.Kind> kinds = new ArrayList<>();
        List<List<Path>> images = new ArrayList<>();
        for (String spec : specs) {
            Sources.Kind kind = Sources.kindOf(spec);
            kinds.add(kind);
            images.add(kind == Sources.Kind.IMAGES ? Sources.imageFiles(spec) : null);
        }
        if (run.maxFps != null && kinds.stream().allMatch(k -> k == Sources.Kind.IMAGES)) {
            throw new VisionException("--max-fps paces videos, cameras and streams; these sources are images");
        }
        return new RunSources(parsed, List.copyOf(kinds), images);
    }

    private static boolean isImageFile(String spec) {
        return java.nio.file.Files.isRegularFile(Path.of(spec)) && Sources.kindOf(spec) == Sources.Kind.IMAGES;
    }

    /**
     * Opens every source; on a failure closes those already open.
     *
     * @param reduceToAtLeast for images: the side the model needs, so that large JPEGs are decoded at a reduced
     *                        size; 0 decodes in full
     */
    FrameSource open(RunOptions run, int reduceToAtLeast) throws SourceOpenException {
        try {
            List<FrameSource> paced = new ArrayList<>();
            for (int i = 0; i < specs.size(); i++) {
                FrameSource s = images.get(i) != null
                        ? new ImageFilesSource(
                                images.get(i),
                                0,
                                run.decodeThreads(images.get(i).size()),
                                reduceToAtLeast)
                        : Sources.open(specs.get(i), run.readTimeoutMs);
                raw.add(s);
                if (run.maxFps != null && kinds.get(i) != Sources.Kind.IMAGES) {
                    RateLimitedSource r = new RateLimitedSource(s, run.maxFps);
                    limited.add(r);
                    s = r;
                }
                paced.add(s);
            }
            // a named source's frames carry its name, which a MultiSource gives them (even for one source)
            frames = paced.size() == 1 && !given.get(0).named() ? paced.get(0) : new MultiSource(paced, specs, names);
            return frames;
        } catch (SourceOpenException e) {
            raw.forEach(FrameSource::close);
            raw.clear();
            throw specs.size() > 1
                    ? new SourceOpenException("one of " + specs.size() + " sources cannot be opened: " + e.getMessage())
                    : e;
        } catch (RuntimeException e) {
            raw.forEach(FrameSource::close);
            raw.clear();
            throw e;
        }
    }

    int count() {
        return specs.size();
    }

    String spec(int stream) {
        return specs.get(stream);
    }

    List<String> specs() {
        return specs;
    }

    /** What stream {@code i} is called: the name given ({@code door=…}), else its position. */
    String name(int stream) {
        return names.get(stream);
    }

    /** Every stream's name, in stream order. */
    List<String> names() {
        return names;
    }

    /** Whether stream {@code i} was given a name. */
    boolean named(int stream) {
        return given.get(stream).named();
    }

    /**
     * The name of stream {@code i}'s files among several: its own name when it was given one ("door"), else
     * its position and stem ("1-car-detection").
     */
    String fileStem(int stream) {
        return named(stream) ? name(stream) : stream + "-" + stem(stream);
    }

    Sources.Kind kind(int stream) {
        return kinds.get(stream);
    }

    /** Whether any source is a video, camera or stream (frames rather than separate images). */
    boolean video() {
        return kinds.stream().anyMatch(k -> k != Sources.Kind.IMAGES);
    }

    /** How many images the run reads, or -1 when a source is a video, camera or stream. */
    int imageCount() {
        return video() ? -1 : images.stream().mapToInt(List::size).sum();
    }

    /** The frame rate stream {@code i} delivers after --max-fps (0 for images). */
    double fps(int stream) {
        FrameSource s = frames instanceof MultiSource multi ? multi.sources().get(stream) : frames;
        return s.nominalFps();
    }

    /** The FFmpeg sources by stream (null where a stream is images), for their status reports. */
    FfmpegSource ffmpeg(int stream) {
        return raw.get(stream) instanceof FfmpegSource f ? f : null;
    }

    /** Frames of stream {@code i} replaced by newer ones before the model took them (several live sources). */
    long dropped(int stream) {
        return frames instanceof MultiSource multi ? multi.dropped(stream) : frames.dropped();
    }

    /**
     * The memory this run will need once its sources are open: a decoder per video source, an encoder per
     * video written, clip buffers, extra workers.
     */
    MemoryPlan memoryPlan(RunOptions run, int workers) {
        MemoryPlan.Builder plan = MemoryPlan.builder();
        for (int i = 0; i < count(); i++) {
            FfmpegSource video = ffmpeg(i);
            if (video == null) {
                continue;
            }
            plan.decoder(video.width(), video.height());
            if (!run.noSave) {
                plan.encoder(video.width(), video.height());
            }
            if (!run.clipOn.isEmpty()) {
                plan.encoder(video.width(), video.height()); // the clip being written
                plan.clipBuffer(video.width(), video.height(), run.clipPreS, fps(i));
            }
        }
        for (int w = 1; w < workers; w++) {
            plan.worker();
        }
        return plan.build();
    }

    /** Frames --max-fps left out, over all sources. */
    long overMaxFps() {
        return limited.stream().mapToLong(RateLimitedSource::limited).sum();
    }

    /**
     * A short name for files of stream {@code i}: a file's or folder's name without extension, "camera0",
     * or a stream's host and path.
     */
    String stem(int stream) {
        String spec = specs.get(stream);
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
            raw.forEach(FrameSource::close);
        }
    }
}
