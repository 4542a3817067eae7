package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.testing.TestData;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;

class RateLimitedSourceTest {

    static {
        OpenCvRuntime.load();
    }

    @Test
    void aTwentyFiveFpsSequenceLimitedToTenKeepsTenFramesASecondEvenlySpaced() {
        // 50 frames at 25 FPS: 2 s; at most 10 a second: 20 frames
        List<Long> kept = new ArrayList<>();
        try (RateLimitedSource limited = new RateLimitedSource(
                new ImageFilesSource(Collections.nCopies(50, TestData.media("images/dog.jpg")), 25), 10)) {
            assertEquals(10, limited.nominalFps(), 1e-9);
            for (Optional<Frame> f; (f = limited.next()).isPresent(); ) {
                try (Frame frame = f.get()) {
                    kept.add(frame.meta().timestampMs());
                }
            }
            assertEquals(30, limited.limited());
        }
        assertEquals(20, kept.size(), kept.toString());
        for (int i = 1; i < kept.size(); i++) {
            long gap = kept.get(i) - kept.get(i - 1);
            assertTrue(gap >= 80 && gap <= 120, "gap " + gap + " ms in " + kept);
        }
    }

    @Test
    void aSlowerSourceIsNotThinned() {
        try (RateLimitedSource limited = new RateLimitedSource(
                new ImageFilesSource(Collections.nCopies(10, TestData.media("images/dog.jpg")), 5), 10)) {
            int n = 0;
            for (Optional<Frame> f; (f = limited.next()).isPresent(); n++) {
                f.get().close();
            }
            assertEquals(10, n);
            assertEquals(0, limited.limited());
        }
    }

    @Test
    void aRateOfZeroIsRefused() {
        try (ImageFilesSource s = new ImageFilesSource(List.of(TestData.media("images/dog.jpg")))) {
            Assertions.assertThrows(InvalidSettingException.class, () -> new RateLimitedSource(s, 0));
        }
    }
}
