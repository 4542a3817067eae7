package dev.vision.serve.service;

import dev.vision.core.capture.SourceStatus;
import java.util.Locale;

/** Where a camera of the service stands. */
public enum CameraState {
    /** Opened, no frame yet. */
    STARTING,
    /** Frames are coming. */
    LIVE,
    /** The connection was lost and is being opened again. */
    RECONNECTING,
    /** It could not be opened or its run ended; the watchdog tries again. */
    OFFLINE,
    /** {@code enabled: false}: not running. */
    DISABLED;

    static CameraState of(SourceStatus status) {
        return switch (status) {
            case STARTING -> STARTING;
            case LIVE -> LIVE;
            case RECONNECTING -> RECONNECTING;
            case ENDED -> OFFLINE;
        };
    }

    /** The word in JSON: {@code live}, {@code offline}, …. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
