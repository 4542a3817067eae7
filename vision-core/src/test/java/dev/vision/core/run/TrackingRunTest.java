package dev.vision.core.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.Sources;
import dev.vision.core.inference.Detector;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackEvent;
import dev.vision.core.testing.TestData;
import dev.vision.core.track.Tracker;
import dev.vision.core.track.Tracking;
import dev.vision.core.track.TrackingStage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that tracks through the library: the core composes tracking per stream and guards its threshold. */
class TrackingRunTest {

    @Test
    void aDetectorThatKeepsTooFewDetectionsForTheTrackerIsRefusedWithTheFix(@TempDir Path dir) throws Exception {
        Files.copy(TestData.media("images/dog.jpg"), dir.resolve("a.jpg"));
        Tracking tracking = Tracker.builder().build();
        try (Detector detector = Detector.builder()
                        .model("yolox-nano")
                        .store(TestData.modelStore(dir.resolve("cache")))
                        .build(); // conf 0.25
                FrameSource source = Sources.open(dir.toString())) {
            VisionRun.Builder run =
                    VisionRun.builder().source(source).model(detector).tracking(tracking, w -> {});
            InvalidSettingException e = assertThrows(InvalidSettingException.class, run::build);
            assertEquals("conf", e.setting());
            assertTrue(e.getMessage().contains("conf(0.10)"), e.getMessage());
        }
    }

    @Test
    void theDogInEveryFrameIsOneTrackCountedOnce(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 6; i++) {
            Files.copy(TestData.media("images/dog.jpg"), dir.resolve(String.format("%03d.jpg", i)));
        }
        Tracking tracking = Tracker.builder().build();
        List<FrameResult> results = new ArrayList<>();
        try (Detector detector = Detector.builder()
                        .model("yolox-nano")
                        .store(TestData.modelStore(dir.resolve("cache")))
                        .conf(tracking.detectionThreshold())
                        .build();
                FrameSource source = Sources.open(dir.toString())) {
            VisionRun run = VisionRun.builder()
                    .source(source)
                    .model(detector)
                    .tracking(tracking, w -> {})
                    .sink((r, annotated) -> results.add(r))
                    .build();
            run.execute();
            TrackingStage stream0 = run.tracking().orElseThrow().byStream().get(0);
            assertEquals(
                    1L,
                    stream0.tracksPerClass().get("dog"),
                    stream0.tracksPerClass().toString());
        }
        assertEquals(6, results.size());
        long dogAppeared = results.stream()
                .flatMap(r -> ((DetectionResult) r).events().stream())
                .filter(e -> e instanceof TrackEvent.Appeared a && a.label().equals("dog"))
                .count();
        assertEquals(1, dogAppeared, "one dog, one track");
        DetectionResult last = (DetectionResult) results.get(5);
        assertTrue(
                last.detections().stream()
                        .anyMatch(d -> d.label().equals("dog") && d.trackId().isPresent()),
                "the last frame's dog carries its track id");
    }
}
