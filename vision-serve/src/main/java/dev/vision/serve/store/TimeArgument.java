package dev.vision.serve.store;

import dev.vision.core.InvalidSettingException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * A time as {@code --from}, {@code --to} and the API's {@code from} and {@code to} take it: an instant
 * ({@code 2026-12-01T15:00:00Z}), a local date and time ({@code 2026-12-01T15:00}, in the given zone), a date
 * ({@code 2026-12-01}, its start) or milliseconds since 1970.
 */
public final class TimeArgument {

    private TimeArgument() {}

    /** @throws InvalidSettingException naming {@code setting} for anything else */
    public static Instant parse(String setting, String text, ZoneId zone) {
        String s = text.trim();
        try {
            if (s.matches("\\d{10,}")) {
                return Instant.ofEpochMilli(Long.parseLong(s));
            }
            if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                return s.endsWith("Z")
                        ? Instant.parse(s)
                        : OffsetDateTime.parse(s).toInstant();
            }
            if (s.contains("T")) {
                return LocalDateTime.parse(s).atZone(zone).toInstant();
            }
            return LocalDate.parse(s).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new InvalidSettingException(
                    setting,
                    "'" + text + "' is not a time: give 2026-12-01T15:00:00Z, 2026-12-01T15:00 (local), 2026-12-01 "
                            + "or milliseconds since 1970");
        }
    }
}
