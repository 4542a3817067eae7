package dev.vision.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.Sources;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.inference.Detector;
import dev.vision.core.overlay.Annotators;
import dev.vision.core.pipeline.RunListener;
import dev.vision.core.pipeline.RunStats;
import dev.vision.core.result.FrameResult;
import dev.vision.core.run.VisionRun;
import dev.vision.core.sink.JsonLinesSink;
import dev.vision.core.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A long run (default 20,000 frames: the 200-frame clip looped) through the whole pipeline — decode,
 * detection on ONNX Runtime, drawing, H.264 encoding, JSON lines — sampling resident memory and live Java
 * heap every 1,000 frames. Not in the default test run: {@code mvn -Psoak -pl vision-core test}.
 */
@Tag("soak")
class SoakTest {

    private static final int FRAMES = Integer.getInteger("soak.frames", 20_000);
    private static final int EVERY = 1000;

    /** The clip over and over, with frame numbers that keep counting. */
    private static final class Looping implements FrameSource {
        private final String clip;
        private FrameSource current;
        private long index;
        private final long limit;

        Looping(String clip, long limit) throws SourceOpenException {
            this.clip = clip;
            this.limit = limit;
            this.current = Sources.open(clip);
        }

        @Override
        public Optional<Frame> next() {
            if (index >= limit) {
                return Optional.empty();
            }
            Optional<Frame> f = current.next();
            if (f.isEmpty()) {
                current.close();
                try {
                    current = Sources.open(clip);
                } catch (SourceOpenException e) {
                    throw new IllegalStateException(e);
                }
                f = current.next();
            }
            return f.map(frame -> {
                FrameMeta m = frame.meta();
                FrameMeta renumbered = new FrameMeta(m.source(), index, index * 100, m.width(), m.height());
                index++;
                return new Frame(frame.image(), renumbered);
            });
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public double nominalFps() {
            return 10;
        }

        @Override
        public long expectedCount() {
            return limit;
        }

        @Override
        public void onSkip(SkipListener listener) {
            current.onSkip(listener);
        }

        @Override
        public void close() {
            current.close();
        }
    }

    static long rssKib() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }

    static long liveHeapKib() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1024;
    }

    @Test
    void memoryStaysFlatOverALongRun() throws Exception {
        Path out = Files.createDirectories(Path.of("target", "soak"));
        List<long[]> samples = new ArrayList<>(); // frames, rss KiB, heap KiB
        try (Detector detector = Detector.builder()
                        .engine("onnxruntime")
                        .device("cpu")
                        .store(TestData.modelStore(out.resolve("cache")))
                        .build();
                Looping source =
                        new Looping(TestData.media("clips/vtest_first20s.mp4").toString(), FRAMES);
                OutputStream json = Files.newOutputStream(out.resolve("soak.jsonl"));
                JsonLinesSink lines = new JsonLinesSink(json, false);
                VideoFileSink video = new VideoFileSink(out.resolve("soak.mp4"), 10, false)) {
            VisionRun pipeline = VisionRun.builder()
                    .source(source)
                    .model(detector)
                    .annotator(Annotators.detections())
                    .sink(video)
                    .sink(lines)
                    .listener(new RunListener() {
                        @Override
                        public void processed(FrameResult result, long done, long expected) {
                            if (done % EVERY == 0) {
                                try {
                                    samples.add(new long[] {done, rssKib(), liveHeapKib()});
                                    long[] s = samples.get(samples.size() - 1);
                                    System.out.printf(
                                            "soak: %6d frames  rss %7.1f MiB  live heap %6.1f MiB%n",
                                            s[0], s[1] / 1024.0, s[2] / 1024.0);
                                } catch (IOException e) {
                                    throw new IllegalStateException(e);
                                }
                            }
                        }
                    })
                    .build();
            RunStats stats = pipeline.execute();
            assertEquals(FRAMES, stats.processed());
            System.out.printf("soak: %.1f FPS end to end, %.1f FPS model only%n", stats.fps(), stats.modelOnlyFps());
        }
        StringBuilder csv = new StringBuilder("frames,rss_kib,live_heap_kib\n");
        samples.forEach(s -> csv.append(s[0])
                .append(',')
                .append(s[1])
                .append(',')
                .append(s[2])
                .append('\n'));
        Files.writeString(out.resolve("soak.csv"), csv);
        // After warm-up (the first 2,000 frames), compare the highest resident memory of the first half of the
        // run with that of the second half. The allocators (glibc, ONNX Runtime, FFmpeg) hand memory back to
        // the system and take it again, so single samples swing by 100 MiB either way; a leak shows as a
        // rising ceiling.
        assertTrue(samples.size() >= 8, "enough samples: " + samples.size());
        int half = 2 + (samples.size() - 2) / 2;
        double early =
                samples.subList(2, half).stream().mapToLong(s -> s[1]).max().orElseThrow();
        double late = samples.subList(half, samples.size()).stream()
                .mapToLong(s -> s[1])
                .max()
                .orElseThrow();
        double growth = (late - early) / early;
        System.out.printf(
                "soak: peak resident memory %.1f MiB in the first half, %.1f MiB in the second (%+.1f %%)%n",
                early / 1024, late / 1024, 100 * growth);
        assertTrue(growth < 0.05, "resident memory grew " + 100 * growth + " %");
        double heapEarly =
                samples.subList(2, half).stream().mapToLong(s -> s[2]).max().orElseThrow();
        double heapLate = samples.subList(half, samples.size()).stream()
                .mapToLong(s -> s[2])
                .max()
                .orElseThrow();
        assertTrue(
                heapLate - heapEarly < Math.max(0.05 * heapEarly, 8 * 1024),
                "live heap grew from " + heapEarly + " to " + heapLate + " KiB");
    }
}
