package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.VisionException;
import dev.vision.core.frame.Frame;
import dev.vision.core.testing.TestData;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class OpenAllTest {

    @Test
    void namedSourcesBecomeStreamsWhoseFramesCarryTheirNames() throws Exception {
        String images = TestData.media("images").toString();
        int perFolder = Sources.imageFiles(images).size();
        Map<String, Integer> framesByName = new TreeMap<>();
        try (MultiSource all = Sources.openAll(List.of("front=" + images, images))) {
            for (Optional<Frame> f; (f = all.next()).isPresent(); ) {
                try (Frame frame = f.get()) {
                    String expected = frame.meta().stream() == 0 ? "front" : "1";
                    assertEquals(expected, frame.meta().streamName());
                    framesByName.merge(frame.meta().streamName(), 1, Integer::sum);
                }
            }
        }
        assertEquals(Map.of("1", perFolder, "front", perFolder), framesByName);
    }

    @Test
    void oneSourceThatCannotOpenIsTheErrorAndTwoOfOneNameAreRefused() {
        String images = TestData.media("images").toString();
        SourceOpenException e = assertThrows(
                SourceOpenException.class, () -> Sources.openAll(List.of("a=" + images, "/no/such/folder")));
        assertEquals(true, e.getMessage().contains("/no/such/folder"), e.getMessage());
        assertThrows(InvalidSettingException.class, () -> Sources.openAll(List.of("a=" + images, "a=" + images)));
        assertThrows(InvalidSettingException.class, () -> Sources.openAll(List.of()));
    }

    @Test
    void optionsReachEverySourceAndAreCheckedBeforeAnythingOpens() throws Exception {
        String dog = TestData.media("images/dog.jpg").toString(); // 768 x 576
        // reduced decoding: a JPEG twice the side the model needs or more is decoded at 1/2
        try (MultiSource all = Sources.openAll(
                List.of("a=" + dog, "b=" + dog), SourceOptions.defaults().withReducedDecode(200))) {
            int frames = 0;
            for (Optional<Frame> f; (f = all.next()).isPresent(); frames++) {
                try (Frame frame = f.get()) {
                    assertEquals(
                            frame.meta().stream() == 0 ? "a" : "b", frame.meta().streamName(), "named: a stream");
                    assertEquals(768, frame.meta().width(), "the frame's size stays the original's");
                    assertTrue(
                            frame.image().cols() < 768,
                            "decoded smaller: " + frame.image().cols());
                }
            }
            assertEquals(2, frames);
        }
        VisionException paced = assertThrows(
                VisionException.class,
                () -> Sources.openAll(List.of(dog), SourceOptions.defaults().withMaxFps(5)));
        assertTrue(paced.getMessage().contains("--max-fps"), paced.getMessage());
        assertThrows(
                InvalidSettingException.class, () -> SourceOptions.defaults().withMaxFps(0));
        assertThrows(
                InvalidSettingException.class, () -> SourceOptions.defaults().withDecodeThreads(65));
        assertEquals(3, SourceOptions.defaults().withDecodeThreads(3).decodeThreadsFor(1000));
        assertEquals(1, SourceOptions.defaults().decodeThreadsFor(2), "two images: one decoder");
    }
}
