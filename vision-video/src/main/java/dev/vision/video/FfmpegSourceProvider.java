package dev.vision.video;

import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.FrameSourceProvider;
import dev.vision.core.capture.SourceOpenException;
import dev.vision.core.capture.Sources;

/** Video files, cameras and network streams through FFmpeg; registered as a service for {@link Sources#open}. */
public final class FfmpegSourceProvider implements FrameSourceProvider {

    @Override
    public boolean reads(Sources.Kind kind) {
        return kind != Sources.Kind.IMAGES;
    }

    @Override
    public FrameSource open(String spec, Sources.Kind kind, int readTimeoutMs) throws SourceOpenException {
        return switch (kind) {
            case STREAM -> FfmpegSource.openStream(spec, readTimeoutMs);
            case CAMERA -> FfmpegSource.openCamera(spec);
            case VIDEO_FILE -> FfmpegSource.openFile(spec);
            case IMAGES -> throw new SourceOpenException("source " + spec + ": images are read by the core");
        };
    }
}
