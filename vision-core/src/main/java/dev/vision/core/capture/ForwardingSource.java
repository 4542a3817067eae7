package dev.vision.core.capture;

import dev.vision.core.frame.Frame;
import java.util.Optional;

/**
 * A source that wraps another and passes every call on to it; a wrapper overrides what it changes (the pace,
 * the pixels, the frames kept).
 */
public abstract class ForwardingSource implements FrameSource {

    /** The wrapped source, which this one closes. */
    protected final FrameSource source;

    protected ForwardingSource(FrameSource source) {
        this.source = source;
    }

    @Override
    public Optional<Frame> next() {
        return source.next();
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
