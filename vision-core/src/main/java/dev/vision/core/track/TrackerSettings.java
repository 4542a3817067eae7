package dev.vision.core.track;

import dev.vision.core.InvalidSettingException;
import java.time.Duration;

/**
 * How a tracker associates detections with tracks.
 *
 * @param highScore     detections at or above it take part in the first association and may start tracks
 * @param lowScore      detections between it and {@code highScore} only keep existing tracks alive (ByteTrack's
 *                      second association); below it they are ignored
 * @param newTrackScore lowest score that starts a new track
 * @param trackBuffer   how long a lost track is kept to be found again by its motion
 * @param reidBuffer    how long a lost track may be found again by its appearance (trackers that compare
 *                      appearance); a track is given up once both have passed
 */
public record TrackerSettings(
        float highScore, float lowScore, float newTrackScore, Duration trackBuffer, Duration reidBuffer) {

    /** ByteTrack's published values (its 30 frames at 30 frames per second are one second), re-ID for 3 s. */
    public static final TrackerSettings DEFAULTS =
            new TrackerSettings(0.5f, 0.1f, 0.6f, Duration.ofSeconds(1), Duration.ofSeconds(3));

    public TrackerSettings {
        if (!(lowScore >= 0 && lowScore <= highScore && highScore <= 1)) {
            throw new InvalidSettingException(
                    "trackThresholds", "need 0 <= low <= high <= 1, got low " + lowScore + ", high " + highScore);
        }
        if (trackBuffer.isNegative() || trackBuffer.isZero()) {
            throw new InvalidSettingException("trackBuffer", "must be longer than 0, got " + trackBuffer);
        }
        if (reidBuffer.isNegative()) {
            throw new InvalidSettingException("reidBuffer", "must not be negative, got " + reidBuffer);
        }
    }

    /** These settings with a track buffer of {@code buffer}. */
    public TrackerSettings withTrackBuffer(Duration buffer) {
        return new TrackerSettings(highScore, lowScore, newTrackScore, buffer, reidBuffer);
    }

    /** These settings with a re-identification buffer of {@code buffer}. */
    public TrackerSettings withReidBuffer(Duration buffer) {
        return new TrackerSettings(highScore, lowScore, newTrackScore, trackBuffer, buffer);
    }

    /** A buffer given in frames at 30 frames per second (ByteTrack's unit), as time: 30 frames are 1 s. */
    public static Duration framesAt30Fps(int frames) {
        if (frames < 1) {
            throw new InvalidSettingException("trackBuffer", "must be at least 1 frame, got " + frames);
        }
        return Duration.ofMillis(Math.round(frames * 1000 / KalmanBoxFilter.REFERENCE_FPS));
    }
}
