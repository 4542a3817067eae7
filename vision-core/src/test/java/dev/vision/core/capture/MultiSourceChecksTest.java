package dev.vision.core.capture;

import dev.vision.core.testing.TestData;
import java.util.List;

/** The {@link FrameSource} contract, held by several sources read as one. */
class MultiSourceChecksTest extends FrameSourceChecks {

    @Override
    protected FrameSource open() {
        return new MultiSource(
                List.of(
                        new ImageFilesSource(
                                List.of(TestData.media("images/dog.jpg"), TestData.media("images/kite.jpg"))),
                        new ImageFilesSource(List.of(TestData.repoRoot().resolve("test-images/chelsea.png")))),
                List.of("a", "b"));
    }

    @Override
    protected int minimumFrames() {
        return 3;
    }

    @Override
    protected boolean expectLive() {
        return false;
    }
}
