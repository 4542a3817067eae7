package dev.vision.core.privacy;

import dev.vision.core.capture.ForwardingSource;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.frame.Frame;
import java.util.Optional;

/**
 * A source whose frames come out with the privacy masks painted on: whatever reads from it (the model,
 * motion gating, tracking's appearance, every image output) never sees the pixels under a mask.
 */
public final class MaskedSource extends ForwardingSource {

    private final PrivacyPainter painter;

    public MaskedSource(FrameSource source, FrameMasks masks) {
        super(source);
        this.painter = new PrivacyPainter(masks);
    }

    @Override
    public Optional<Frame> next() {
        Optional<Frame> next = source.next();
        next.ifPresent(f -> painter.paint(f.image(), f.meta().width(), f.meta().height()));
        return next;
    }
}
