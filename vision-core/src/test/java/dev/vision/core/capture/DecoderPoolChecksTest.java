package dev.vision.core.capture;

import dev.vision.core.testing.TestData;

/** The {@link FrameSource} contract, held by a folder decoded three images at a time. */
class DecoderPoolChecksTest extends FrameSourceChecks {

    @Override
    protected FrameSource open() throws Exception {
        return new ImageFilesSource(Sources.imageFiles(TestData.media("images").toString()), 0, 3);
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
