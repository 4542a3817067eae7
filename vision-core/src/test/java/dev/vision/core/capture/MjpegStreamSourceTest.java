package dev.vision.core.capture;

import dev.vision.core.testing.MjpegServer;
import dev.vision.core.testing.TestData;
import org.junit.jupiter.api.AfterEach;

class MjpegStreamSourceTest extends FrameSourceContractTest {

    private MjpegServer server;

    @Override
    FrameSource open() throws Exception {
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
    int minimumFrames() {
        return 15;
    }

    @Override
    boolean expectLive() {
        return true;
    }
}
