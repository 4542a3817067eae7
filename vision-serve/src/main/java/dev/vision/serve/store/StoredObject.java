package dev.vision.serve.store;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * A tracked object as the store keeps it: one row per track, written when it is first seen, refreshed while
 * it lives and closed when the tracker gives it up.
 *
 * @param id          its key
 * @param trackId     the id its tracker gave it (unique in its camera's run, not across runs)
 * @param bestScore   its highest detection score
 * @param topSpeedMps its highest speed, where the camera's ground is calibrated
 * @param snapshot    the frame it was seen best in, as a JPEG file
 * @param crop        its box in that frame, as a JPEG file
 * @param open        whether it was still being tracked when last written
 */
public record StoredObject(
        long id,
        String camera,
        long trackId,
        String label,
        Instant firstSeen,
        Instant lastSeen,
        long firstMediaMs,
        long lastMediaMs,
        float bestScore,
        OptionalDouble topSpeedMps,
        Optional<String> clip,
        Optional<String> snapshot,
        Optional<String> crop,
        boolean open) {}
