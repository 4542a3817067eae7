package dev.vision.serve.store;

import java.util.OptionalDouble;

/**
 * How long the history keeps what: events and objects for {@code eventsDays}, clip and recording files for
 * {@code clipsDays}, and the files together under {@code maxGb}. Each empty: kept.
 */
public record RetainPolicy(OptionalDouble eventsDays, OptionalDouble clipsDays, OptionalDouble maxGb) {

    /** Everything kept. */
    public static final RetainPolicy KEEP_ALL =
            new RetainPolicy(OptionalDouble.empty(), OptionalDouble.empty(), OptionalDouble.empty());

    /** This policy's settings, and {@code fallback}'s where this one has none. */
    public RetainPolicy over(RetainPolicy fallback) {
        return new RetainPolicy(
                eventsDays.isPresent() ? eventsDays : fallback.eventsDays,
                clipsDays.isPresent() ? clipsDays : fallback.clipsDays,
                maxGb.isPresent() ? maxGb : fallback.maxGb);
    }
}
