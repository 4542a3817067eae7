package dev.vision.core.capture;

import dev.vision.core.testing.TestData;

class ImageFilesSourceTest extends FrameSourceChecks {

    @Override
    protected FrameSource open() throws Exception {
        return Sources.open(TestData.media("images").toString());
    }

    @Override
    protected int minimumFrames() {
        return 5;
    }

    @Override
    protected boolean expectLive() {
        return false;
    }
}
