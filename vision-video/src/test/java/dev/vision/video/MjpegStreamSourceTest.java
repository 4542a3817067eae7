package dev.vision.video;

import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.FrameSourceChecks;
import dev.vision.core.capture.Sources;
import dev.vision.core.testing.TestData;
import org.junit.jupiter.api.AfterEach;

class MjpegStreamSourceTest extends FrameSourceChecks {

    private MjpegServer server;

    @Override
    protected FrameSource open() throws Exception {
        server = new MjpegServer(TestData.media("clips/vtest_first20s.mp4")).start();
        return Sources.open(server.url(), 3000);
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected int minimumFrames() {
        return 15;
    }

    @Override
    protected boolean expectLive() {
        return true;
    }
}
