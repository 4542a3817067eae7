package dev.vision.core.track;

import java.util.concurrent.atomic.AtomicLong;

/** Hands out track ids for a run: 1, 2, 3, …, never the same twice, shared by the trackers of all sources. Thread-safe. */
public final class TrackIds {

    private final AtomicLong next = new AtomicLong(1);

    long next() {
        return next.getAndIncrement();
    }
}
