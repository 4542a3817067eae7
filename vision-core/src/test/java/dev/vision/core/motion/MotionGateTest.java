package dev.vision.core.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.translate.TranslateException;
import dev.vision.core.capture.ImageFilesSource;
import dev.vision.core.capture.MultiSource;
import dev.vision.core.frame.Frame;
import dev.vision.core.inference.Detector;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.pipeline.WorkerShare;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.run.VisionRun;
import dev.vision.core.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The motion gate with the real detector on real photos held still, then changed. */
class MotionGateTest {

    @Test
    void aStillSceneRunsTheModelOnceAndOnRefreshAndAChangeRunsItAgain() throws Exception {
        // 60 frames of the same photo at 10 FPS (6 s: one refresh at 5 s), then another photo
        List<Path> files = new ArrayList<>(Collections.nCopies(60, TestData.media("images/dog.jpg")));
        files.add(TestData.media("images/kite.jpg"));
        List<FrameResult> results = new ArrayList<>();
        try (Detector detector = detector();
                MotionGate gate = new MotionGate(
                        FrameProcessor.of(detector), MotionGate.DEFAULT_THRESHOLD, MotionGate.DEFAULT_REFRESH_MS);
                ImageFilesSource source = new ImageFilesSource(files, 10)) {
            List<Frame> batch = new ArrayList<>();
            for (Optional<Frame> f; (f = source.next()).isPresent(); ) {
                batch.add(f.get());
                if (batch.size() == 4 || files.size() - results.size() - batch.size() == 0) {
                    results.addAll(gate.process(batch)); // batches as the pipeline gives them
                    batch.forEach(Frame::close);
                    batch.clear();
                }
            }
            assertEquals(61, results.size());
            assertEquals(3, gate.modelFrames(), "first frame, the refresh at 5 s, the new photo");
            assertEquals(58, gate.stillFrames());
            DetectionResult first = (DetectionResult) results.get(0);
            assertSameObjects(detector.detect(TestData.media("images/dog.jpg")), first.detections());
            assertTrue(first.carriedFromFrame().isEmpty());
            for (int i = 1; i < 60; i++) {
                DetectionResult r = (DetectionResult) results.get(i);
                assertEquals(i, r.meta().index());
                assertEquals(first.detections(), r.detections(), "frame " + i + " keeps the still scene's objects");
                if (i != 50) {
                    assertEquals(i < 50 ? 0L : 50L, r.carriedFromFrame().getAsLong(), "frame " + i);
                } else {
                    assertTrue(r.carriedFromFrame().isEmpty(), "the model runs again after 5 s");
                }
            }
            DetectionResult kite = (DetectionResult) results.get(60);
            assertTrue(kite.carriedFromFrame().isEmpty());
            assertSameObjects(detector.detect(TestData.media("images/kite.jpg")), kite.detections());
            assertTrue(kite.detections().stream().anyMatch(d -> d.label().equals("kite")));
        }
    }

    @Test
    void twoWorkersRunEachStreamsFramesOneAfterAnotherAndShareOneGate() throws Exception {
        // two cameras of the same still photo (6 s at 10 FPS, one refresh at 5 s), each changing at its end
        List<Path> door = new ArrayList<>(Collections.nCopies(60, TestData.media("images/dog.jpg")));
        door.add(TestData.media("images/kite.jpg"));
        List<Path> yard = new ArrayList<>(Collections.nCopies(60, TestData.media("images/kite.jpg")));
        yard.add(TestData.media("images/dog.jpg"));
        Map<Integer, Set<String>> threadsOfStream = new ConcurrentHashMap<>();
        Map<Integer, List<Long>> modelFramesOfStream = new ConcurrentHashMap<>();
        Map<Integer, List<DetectionResult>> written = new ConcurrentHashMap<>();
        List<String> overlaps = new CopyOnWriteArrayList<>();
        Set<Integer> running = ConcurrentHashMap.newKeySet();
        try (Detector detector = detector();
                MotionGate gate = new MotionGate(
                        watched(FrameProcessor.of(detector), threadsOfStream, modelFramesOfStream, running, overlaps),
                        MotionGate.DEFAULT_THRESHOLD,
                        MotionGate.DEFAULT_REFRESH_MS);
                MultiSource source = new MultiSource(
                        List.of(new ImageFilesSource(door, 10), new ImageFilesSource(yard, 10)),
                        List.of("door", "yard"))) {
            VisionRun.builder()
                    .source(source)
                    .processor(gate)
                    .batchSize(4)
                    .workers(
                            2,
                            i -> {
                                Detector own = detector();
                                FrameProcessor model = watched(
                                        FrameProcessor.of(own),
                                        threadsOfStream,
                                        modelFramesOfStream,
                                        running,
                                        overlaps);
                                return gate.over(new Closing(model, own));
                            },
                            WorkerShare.STREAMS)
                    .sink((result, annotated) -> written.computeIfAbsent(
                                    result.meta().stream(), s -> new CopyOnWriteArrayList<>())
                            .add((DetectionResult) result))
                    .warmUp(false)
                    .build()
                    .execute();

            for (int stream = 0; stream < 2; stream++) {
                assertEquals(List.of(0L, 50L, 60L), modelFramesOfStream.get(stream), "stream " + stream);
                List<DetectionResult> results = written.get(stream);
                assertEquals(61, results.size());
                for (int i = 1; i < 60; i++) {
                    assertEquals(i, results.get(i).meta().index());
                    if (i != 50) {
                        assertEquals(
                                i < 50 ? 0L : 50L,
                                results.get(i).carriedFromFrame().getAsLong());
                    }
                }
            }
            assertEquals(
                    Set.of("main", "vision-worker-1"),
                    threadsOfStream.values().stream().flatMap(Set::stream).collect(Collectors.toSet()),
                    "both workers ran frames");
            assertEquals(List.of(), overlaps, "a stream's frames never ran at once on two workers");
            assertEquals(6, gate.modelFrames(), "both workers' calls are counted by the one gate");
            assertEquals(116, gate.stillFrames());
            assertTrue(written.get(0).get(60).detections().stream()
                    .anyMatch(d -> d.label().equals("kite")));
            assertTrue(written.get(1).get(60).detections().stream()
                    .anyMatch(d -> d.label().equals("dog")));
        }
    }

    private static Detector detector() {
        return Detector.builder()
                .engine("onnxruntime")
                .device("cpu")
                .store(TestData.modelStore(TestData.tempDir("vision-cache")))
                .build();
    }

    /**
     * {@code model}, noting which thread ran each stream, the frames it ran on, and any frame that ran while
     * another of its stream was running.
     */
    private static FrameProcessor watched(
            FrameProcessor model,
            Map<Integer, Set<String>> threads,
            Map<Integer, List<Long>> frames,
            Set<Integer> running,
            List<String> overlaps) {
        return batch -> {
            Set<Integer> streams = new HashSet<>();
            for (Frame f : batch) {
                threads.computeIfAbsent(f.meta().stream(), s -> ConcurrentHashMap.newKeySet())
                        .add(Thread.currentThread().getName());
                frames.computeIfAbsent(f.meta().stream(), s -> new CopyOnWriteArrayList<>())
                        .add(f.meta().index());
                streams.add(f.meta().stream());
            }
            for (int stream : streams) {
                if (!running.add(stream)) {
                    overlaps.add("stream " + stream + " at frame "
                            + batch.get(0).meta().index());
                }
            }
            try {
                return model.process(batch);
            } finally {
                running.removeAll(streams);
            }
        };
    }

    /** A worker's model step that closes the detector it was given. */
    private record Closing(FrameProcessor model, Detector detector) implements FrameProcessor, AutoCloseable {
        @Override
        public List<FrameResult> process(List<Frame> frames) throws TranslateException, InterruptedException {
            return model.process(frames);
        }

        @Override
        public void close() {
            detector.close();
        }
    }

    /** The model's own answer: same classes, boxes within a tenth of a pixel (batches may round differently). */
    private static void assertSameObjects(List<Detection> expected, List<Detection> actual) {
        assertEquals(expected.size(), actual.size(), expected + " vs " + actual);
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i).label(), actual.get(i).label());
            assertEquals(expected.get(i).box().x1(), actual.get(i).box().x1(), 0.1);
            assertEquals(expected.get(i).box().y2(), actual.get(i).box().y2(), 0.1);
        }
    }
}
