package dev.vision.core.privacy;

import dev.vision.core.capture.FrameSize;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.frame.Frame;
import java.util.Optional;

/**
 * A source whose frames come out with the privacy masks painted on: whatever reads from it (the model,
 * motion gating, tracking's appearance, every image output) never sees the pixels under a mask.
 */
public final class MaskedSource implements FrameSource {

    private final FrameSource source;
    private final PrivacyPainter painter;

    public MaskedSource(FrameSource source, FrameMasks masks) {
        this.source = source;
        this.painter = new PrivacyPainter(masks);
    }

    @Override
    public Optional<Frame> next() {
        Optional<Frame> next = source.next();
        next.ifPresent(f -> painter.paint(f.image(), f.meta().width(), f.meta().height()));
        return next;
    }

    @Override
    public boolean isLive() {
        return source.isLive();
    }

    @Override
    public double nominalFps() {
        return source.nominalFps();
    }

    @Override
    public long expectedCount() {
        return source.expectedCount();
    }

    @Override
    public void onSkip(SkipListener listener) {
        source.onSkip(listener);
    }

    @Override
    public void requestStop() {
        source.requestStop();
    }

    @Override
    public int streams() {
        return source.streams();
    }

    @Override
    public long dropped() {
        return source.dropped();
    }

    @Override
    public Optional<FrameSize> frameSize() {
        return source.frameSize();
    }

    @Override
    public void onStatus(StatusListener listener) {
        source.onStatus(listener);
    }

    @Override
    public void close() {
        source.close();
    }
}
