package dev.vision.core.capture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.vision.core.InvalidSettingException;
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
}
