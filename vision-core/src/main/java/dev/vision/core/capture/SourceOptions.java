package dev.vision.core.capture;

import dev.vision.core.InvalidSettingException;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * How a run reads its sources: how long a network read may block before the stream counts as lost, the most
 * frames a second each video, camera or stream passes on, how many threads decode a folder of images (empty:
 * chosen by the number of images), and the side the model needs, so that large JPEGs are decoded at a reduced
 * size (0: decoded in full).
 */
public record SourceOptions(
        Duration readTimeout, OptionalDouble maxFps, OptionalInt decodeThreads, int reduceToAtLeast) {

    /** Default time a network read may block before the stream counts as lost. */
    public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofMillis(Sources.DEFAULT_READ_TIMEOUT_MS);

    /** A folder of at least this many images gets a second decoding thread (on a machine with two cores). */
    public static final int IMAGES_FOR_A_SECOND_DECODER = 16;

    public SourceOptions {
        Objects.requireNonNull(readTimeout);
        Objects.requireNonNull(maxFps);
        Objects.requireNonNull(decodeThreads);
        if (readTimeout.isNegative() || readTimeout.isZero() || readTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new InvalidSettingException(
                    "readTimeout", "must be above 0 ms, got " + readTimeout.toMillis() + " ms");
        }
        if (maxFps.isPresent() && !(maxFps.getAsDouble() > 0 && maxFps.getAsDouble() <= 1000)) {
            throw new InvalidSettingException(
                    "maxFps", "must be above 0 and at most 1000, got " + maxFps.getAsDouble());
        }
        if (decodeThreads.isPresent() && (decodeThreads.getAsInt() < 1 || decodeThreads.getAsInt() > 64)) {
            throw new InvalidSettingException(
                    "decodeThreads", "must be a number from 1 to 64 or auto, got " + decodeThreads.getAsInt());
        }
        if (reduceToAtLeast < 0) {
            throw new InvalidSettingException("reduceToAtLeast", "must be 0 or more, got " + reduceToAtLeast);
        }
    }

    /** The defaults of the command line: 5 s read timeout, no frame rate limit, decoders chosen, full decode. */
    public static SourceOptions defaults() {
        return new SourceOptions(DEFAULT_READ_TIMEOUT, OptionalDouble.empty(), OptionalInt.empty(), 0);
    }

    public SourceOptions withReadTimeout(Duration timeout) {
        return new SourceOptions(timeout, maxFps, decodeThreads, reduceToAtLeast);
    }

    public SourceOptions withMaxFps(double fps) {
        return new SourceOptions(readTimeout, OptionalDouble.of(fps), decodeThreads, reduceToAtLeast);
    }

    public SourceOptions withDecodeThreads(int threads) {
        return new SourceOptions(readTimeout, maxFps, OptionalInt.of(threads), reduceToAtLeast);
    }

    /**
     * These options with decoding threads as a user writes them: {@code auto} (or nothing) for vision's choice,
     * else a number.
     *
     * @throws InvalidSettingException (setting {@code decodeThreads}) for anything else
     */
    public SourceOptions withDecodeThreads(String threads) {
        if (threads == null || threads.trim().equalsIgnoreCase("auto")) {
            return this;
        }
        try {
            return withDecodeThreads(Integer.parseInt(threads.trim()));
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(
                    "decodeThreads", "must be a number from 1 to 64 or auto, got '" + threads + "'");
        }
    }

    /** These options, decoding images at a reduced size no smaller than {@code side} (0: in full). */
    public SourceOptions withReducedDecode(int side) {
        return new SourceOptions(readTimeout, maxFps, decodeThreads, side);
    }

    /** Decoding threads for a source of {@code imageCount} images. */
    public int decodeThreadsFor(int imageCount) {
        if (decodeThreads.isPresent()) {
            return decodeThreads.getAsInt();
        }
        return imageCount >= IMAGES_FOR_A_SECOND_DECODER
                ? Math.min(2, Runtime.getRuntime().availableProcessors())
                : 1;
    }
}
