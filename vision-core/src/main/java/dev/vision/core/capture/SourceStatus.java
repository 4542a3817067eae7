package dev.vision.core.capture;

import java.util.Locale;

/** Where a source (and a run) stands, as the console, the live page and the event outputs tell it. */
public enum SourceStatus {
    /** Opened, no frame yet. */
    STARTING,
    /** Frames are coming. */
    LIVE,
    /** The connection was lost; it is being opened again. */
    RECONNECTING,
    /** No more frames: the end of the input, or the run stopped. */
    ENDED;

    /** The word on the console, the page and in JSON: {@code starting}, {@code live}, …. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
