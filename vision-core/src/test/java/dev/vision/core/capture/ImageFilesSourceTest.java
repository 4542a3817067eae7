package dev.vision.core.capture;

import dev.vision.core.testing.TestData;

class ImageFilesSourceTest extends FrameSourceContractTest {

    @Override
    FrameSource open() throws Exception {
        return Sources.open(TestData.media("images").toString());
    }

    @Override
    int minimumFrames() {
        return 5;
    }

    @Override
    boolean expectLive() {
        return false;
    }
}
