package dev.vision.core.result;

import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * One object found in an image: its class, confidence and box in original image pixels, and, once a
 * tracker has seen it, the id of its track and, where the ground is calibrated, its speed over the ground
 * in metres per second.
 */
public record Detection(
        String label, int classId, float score, Box box, OptionalLong trackId, OptionalDouble speedMps) {

    public Detection {
        trackId = trackId == null ? OptionalLong.empty() : trackId;
        speedMps = speedMps == null ? OptionalDouble.empty() : speedMps;
    }

    /** A detection straight from a model: no track, no speed. */
    public Detection(String label, int classId, float score, Box box) {
        this(label, classId, score, box, OptionalLong.empty(), OptionalDouble.empty());
    }

    /** This detection with another box (scaled to another image size). */
    public Detection withBox(Box other) {
        return new Detection(label, classId, score, other, trackId, speedMps);
    }

    /** This detection as part of track {@code id}. */
    public Detection withTrackId(long id) {
        return new Detection(label, classId, score, box, OptionalLong.of(id), speedMps);
    }

    /** This detection moving at {@code metresPerSecond} over the ground. */
    public Detection withSpeed(double metresPerSecond) {
        return new Detection(label, classId, score, box, trackId, OptionalDouble.of(metresPerSecond));
    }
}
