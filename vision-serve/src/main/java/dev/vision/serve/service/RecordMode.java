package dev.vision.serve.service;

import java.util.Locale;

/** What a camera keeps on disk, under the data folder. */
public enum RecordMode {
    /** Nothing. */
    OFF,
    /**
     * A clip around each line crossing and zone entry ({@code clips/CAMERA/}), or around each new object when
     * the camera has no lines or zones; each event names its clip.
     */
    EVENTS,
    /** Everything, in MP4 segments of ten minutes ({@code recordings/CAMERA/}). */
    CONTINUOUS;

    static RecordMode parse(String word) {
        return valueOf(word.toUpperCase(Locale.ROOT));
    }
}
