package dev.vision.core.motion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.capture.ImageFilesSource;
import dev.vision.core.frame.Frame;
import dev.vision.core.inference.Detector;
import dev.vision.core.pipeline.FrameProcessor;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.testing.TestData;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The motion gate with the real detector on real photos held still, then changed. */
class MotionGateTest {

    @Test
    void aStillSceneRunsTheModelOnceAndOnRefreshAndAChangeRunsItAgain() throws Exception {
        // 60 frames of the same photo at 10 FPS (6 s: one refresh at 5 s), then another photo
        List<Path> files = new ArrayList<>(Collections.nCopies(60, TestData.media("images/dog.jpg")));
        files.add(TestData.media("images/kite.jpg"));
        List<FrameResult> results = new ArrayList<>();
        try (Detector detector = Detector.builder()
                        .engine("onnxruntime")
                        .device("cpu")
                        .store(TestData.modelStore(TestData.tempDir("vision-cache")))
                        .build();
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
