package dev.vision.core.run;

import dev.vision.core.capture.FrameSize;
import dev.vision.core.capture.SourceSet;
import dev.vision.core.capture.Sources;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The memory a run will need, worked out at start from its sources' frame sizes, so that a run that cannot
 * fit is refused before it begins rather than dying half way. The figures per part are measured (resident
 * memory of runs over 1, 16 and 64 sources of 768×576, BENCHMARKS.md) and scale with the frame's pixels.
 */
public final class MemoryPlan {

    /** What takes memory in a run. */
    public enum Part {
        BASE("the model, the engine and the JVM", "the model, the engine and the JVM"),
        DECODERS("decoder and its frame buffers", "decoders and their frame buffers"),
        ENCODERS("MP4 encoder", "MP4 encoders"),
        CLIP_BUFFERS("clip buffer", "clip buffers"),
        WORKERS("extra inference worker", "extra inference workers");

        private final String one;
        private final String several;

        Part(String one, String several) {
            this.one = one;
            this.several = several;
        }

        /** How a message names {@code count} of this part: "1 MP4 encoder", "2 MP4 encoders". */
        public String words(int count) {
            return count == 1 ? one : several;
        }
    }

    private static final long MIB = 1024 * 1024;
    /** Resident memory of a one-source run with no output beyond the model: JVM, engine, model, OpenCV. */
    static final long BASE_BYTES = 360 * MIB;
    /** A video decoder with its read-ahead frames: 23 MB at 768×576. */
    static final double DECODER_BYTES_PER_PIXEL = 52;
    /** An x264 encoder (superfast, one thread) with its buffers: 30 MB at 768×576. */
    static final double ENCODER_BYTES_PER_PIXEL = 70;
    /** A JPEG frame (quality 92) in a clip's ring buffer. */
    static final double JPEG_BYTES_PER_PIXEL = 0.35;
    /** Another copy of a small model with its engine's working memory. */
    static final long WORKER_BYTES = 80 * MIB;

    private final Map<Part, Long> parts;
    private final Map<Part, Integer> counts;

    private MemoryPlan(Map<Part, Long> parts, Map<Part, Integer> counts) {
        this.parts = Map.copyOf(parts);
        this.counts = Map.copyOf(counts);
    }

    /**
     * The memory a run over {@code sources} will need once they are open: a decoder per video source, an
     * encoder per video written, a clip's buffer and encoder per source when clips are kept, and each
     * inference worker beyond the first.
     */
    public static MemoryPlan of(SourceSet sources, OutputPlan outputs, int workers) {
        Builder plan = builder();
        for (int i = 0; i < sources.count(); i++) {
            Optional<FrameSize> size = sources.frameSize(i);
            if (size.isEmpty() || sources.kind(i) == Sources.Kind.IMAGES) {
                continue;
            }
            int width = size.get().width();
            int height = size.get().height();
            plan.decoder(width, height);
            if (outputs.savesToFolder()) {
                plan.encoder(width, height);
            }
            if (outputs.clips().isPresent()) {
                plan.encoder(width, height); // the clip being written
                plan.clipBuffer(width, height, outputs.clips().get().before().toMillis() / 1000.0, sources.fps(i));
            }
        }
        for (int w = 1; w < workers; w++) {
            plan.worker();
        }
        return plan.build();
    }

    /** A plan with the base part only; add the run's parts to it. */
    public static Builder builder() {
        return new Builder();
    }

    /** Bytes per part (parts the run does not have are absent). */
    public Map<Part, Long> parts() {
        return parts;
    }

    /** The whole estimate, in bytes. */
    public long total() {
        return parts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Why the run cannot start within {@code limitBytes}, in one sentence that names the largest parts and
     * what to change; empty when it fits.
     */
    public Optional<String> refusal(long limitBytes) {
        if (total() <= limitBytes) {
            return Optional.empty();
        }
        String largest = parts.entrySet().stream()
                .sorted(Map.Entry.<Part, Long>comparingByValue().reversed())
                .limit(3)
                .map(e -> describe(e.getKey()) + " " + gib(e.getValue()))
                .collect(Collectors.joining(", "));
        List<String> advice = new ArrayList<>();
        if (parts.containsKey(Part.ENCODERS)) {
            advice.add("write no videos (--no-save)");
        }
        if (counts.getOrDefault(Part.DECODERS, 0) > 1) {
            advice.add("use fewer sources");
        }
        if (parts.containsKey(Part.WORKERS)) {
            advice.add("use fewer --workers");
        }
        if (parts.containsKey(Part.CLIP_BUFFERS)) {
            advice.add("keep less video before a clip (--clip-pre)");
        }
        advice.add(String.format(
                Locale.ROOT,
                "raise the limit (JAVA_OPTS=-Dorg.bytedeco.javacpp.maxPhysicalBytes=%dg)",
                (long) Math.ceil(total() / (double) (1024 * MIB)) + 1));
        String what = advice.size() == 1
                ? advice.get(0)
                : String.join(", ", advice.subList(0, advice.size() - 1)) + ", or " + advice.get(advice.size() - 1);
        return Optional.of(String.format(
                Locale.ROOT,
                "this run needs about %s of memory (%s) but the process may use %s: %s",
                gib(total()),
                largest,
                gib(limitBytes),
                what));
    }

    private String describe(Part part) {
        int n = counts.getOrDefault(part, 1);
        return part == Part.BASE ? part.words(1) : n + " " + part.words(n);
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1024 * MIB));
    }

    /** Adds the parts of a run; each call adds one of its kind. */
    public static final class Builder {
        private final Map<Part, Long> parts = new EnumMap<>(Part.class);
        private final Map<Part, Integer> counts = new EnumMap<>(Part.class);

        private Builder() {
            add(Part.BASE, BASE_BYTES);
        }

        /** A video or stream decoded at {@code width}×{@code height}. */
        public Builder decoder(int width, int height) {
            return add(Part.DECODERS, (long) (DECODER_BYTES_PER_PIXEL * width * height));
        }

        /** An MP4 written at {@code width}×{@code height}. */
        public Builder encoder(int width, int height) {
            return add(Part.ENCODERS, (long) (ENCODER_BYTES_PER_PIXEL * width * height));
        }

        /** A stream's ring of JPEG frames for {@code seconds} before an event, at {@code fps}. */
        public Builder clipBuffer(int width, int height, double seconds, double fps) {
            return add(Part.CLIP_BUFFERS, (long) (JPEG_BYTES_PER_PIXEL * width * height * seconds * Math.max(fps, 1)));
        }

        /** An inference worker beyond the first, with its own copy of the model. */
        public Builder worker() {
            return add(Part.WORKERS, WORKER_BYTES);
        }

        private Builder add(Part part, long bytes) {
            parts.merge(part, bytes, Long::sum);
            counts.merge(part, 1, Integer::sum);
            return this;
        }

        public MemoryPlan build() {
            return new MemoryPlan(parts, counts);
        }
    }
}
