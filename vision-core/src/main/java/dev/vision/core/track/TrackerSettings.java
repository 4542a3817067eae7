package dev.vision.core.track;

import dev.vision.core.InvalidSettingException;

/**
 * How a tracker associates detections with tracks.
 *
 * @param highScore     detections at or above it take part in the first association and may start tracks
 * @param lowScore      detections between it and {@code highScore} only keep existing tracks alive (ByteTrack's
 *                      second association); below it they are ignored
 * @param newTrackScore lowest score that starts a new track
 * @param trackBuffer   frames a lost track is kept, to be found again when its object reappears
 */
public record TrackerSettings(float highScore, float lowScore, float newTrackScore, int trackBuffer) {

    /** ByteTrack's published values at 30 frames per second. */
    public static final TrackerSettings DEFAULTS = new TrackerSettings(0.5f, 0.1f, 0.6f, 30);

    public TrackerSettings {
        if (!(lowScore >= 0 && lowScore <= highScore && highScore <= 1)) {
            throw new InvalidSettingException("trackThresholds", "need 0 <= low <= high <= 1, got low " + lowScore
                    + ", high " + highScore);
        }
        if (trackBuffer < 1) {
            throw new InvalidSettingException("trackBuffer", "must be at least 1 frame, got " + trackBuffer);
        }
    }

    /** These settings with a track buffer of {@code frames}. */
    public TrackerSettings withTrackBuffer(int frames) {
        return new TrackerSettings(highScore, lowScore, newTrackScore, frames);
    }

    /**
     * A buffer given for 30 frames per second, scaled to the source's rate, as ByteTrack does
     * ({@code 30} at 30 fps, {@code 10} at 10 fps); at least one frame.
     */
    public static int scaledBuffer(int framesAt30Fps, double fps) {
        return fps > 0 ? Math.max(1, (int) Math.round(framesAt30Fps * fps / 30.0)) : framesAt30Fps;
    }
}
