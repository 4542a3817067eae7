package dev.vision.serve.store;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An event as the store keeps it.
 *
 * @param id        its key, larger for later events (the cursor of a page)
 * @param camera    the camera (a run's stream name)
 * @param at        when it happened, by the wall clock of the node that saw it
 * @param mediaMs   when it happened in the source's own time
 * @param frame     the frame it happened in
 * @param objectId  the stored object it concerns
 * @param line      the line crossed
 * @param zone      the zone entered or left
 * @param direction {@code in} or {@code out}, for a crossing
 * @param dwellMs   how long the object was inside, for a zone left
 * @param detail    a camera state's detail ({@code reconnecting: connection refused})
 * @param clip      the clip that records it
 */
public record StoredEvent(
        long id,
        String camera,
        Instant at,
        long mediaMs,
        long frame,
        HistoryEventType type,
        OptionalLong objectId,
        OptionalLong trackId,
        Optional<String> label,
        Optional<String> line,
        Optional<String> zone,
        Optional<String> direction,
        OptionalLong dwellMs,
        Optional<String> detail,
        Optional<String> clip) {}
