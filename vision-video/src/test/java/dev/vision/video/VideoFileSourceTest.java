package dev.vision.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.FrameSourceChecks;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.Sources;
import dev.vision.core.frame.Frame;
import dev.vision.core.testing.TestData;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoFileSourceTest extends FrameSourceChecks {

    @Override
    protected FrameSource open() throws Exception {
        return Sources.open(TestData.media("clips/vtest_first20s.mp4").toString());
    }

    @Override
    protected int minimumFrames() {
        return 200;
    }

    @Override
    protected boolean expectLive() {
        return false;
    }

    @Test
    void theClipHasItsKnownSizeRateAndLength() throws Exception {
        try (FrameSource s = open()) {
            assertEquals(10.0, s.nominalFps(), 0.01);
            assertEquals(200, s.expectedCount());
            try (Frame f = s.next().orElseThrow()) {
                assertEquals(768, f.meta().width());
                assertEquals(576, f.meta().height());
                assertEquals(0, f.meta().index());
            }
            try (Frame f = s.next().orElseThrow()) {
                assertEquals(100, f.meta().timestampMs(), 1, "frame 1 of a 10 fps clip is at 100 ms");
            }
        }
    }

    @Test
    void aVideoThatIsNotAVideoFailsAtOpenWithItsName(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("holiday.mp4");
        Files.writeString(fake, "not a video");
        var e = assertThrows(SourceOpenException.class, () -> Sources.open(fake.toString()));
        assertTrue(e.getMessage().contains("holiday.mp4"), e.getMessage());
        Path empty = Files.createFile(dir.resolve("empty.mp4"));
        assertThrows(SourceOpenException.class, () -> Sources.open(empty.toString()));
    }

    @Test
    void aMissingCameraOrARefusedStreamFailsAtOpen() throws Exception {
        var camera = assertThrows(SourceOpenException.class, () -> Sources.open("/dev/video77"));
        assertTrue(camera.getMessage().contains("/dev/video77"), camera.getMessage());
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        var stream = assertThrows(
                SourceOpenException.class, () -> Sources.open("http://127.0.0.1:" + port + "/x.mjpg", 1000));
        assertTrue(stream.getMessage().contains("cannot connect"), stream.getMessage());
    }
}
