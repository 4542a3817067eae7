package dev.vision.core.track;

import dev.vision.core.InvalidSettingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The trackers vision has, by the name the command line and run.json use. */
public enum TrackerKind {
    /** Motion, IoU, direction and appearance, with recovery and re-identification ({@link OcSortTracker}). */
    OCSORT,
    /** Motion, IoU and direction with ByteTrack's second pass over low scores ({@link ByteTracker}). */
    BYTETRACK,
    /** Plain SORT as a baseline ({@link SortTracker}, its published max age 1 and min hits 3). */
    SORT;

    /** The name on the command line and in run.json. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A new tracker of this kind for one source. */
    public Tracker create(TrackerSettings settings, TrackIds ids) {
        return switch (this) {
            case OCSORT -> new OcSortTracker(settings, ids);
            case BYTETRACK -> new ByteTracker(settings, ids);
            case SORT -> new SortTracker(settings, ids, 1, 3);
        };
    }

    /** @throws InvalidSettingException naming the choices for an unknown name */
    public static TrackerKind parse(String name) {
        for (TrackerKind k : values()) {
            if (k.id().equalsIgnoreCase(name.trim())) {
                return k;
            }
        }
        throw new InvalidSettingException(
                "tracker",
                "unknown tracker '" + name + "' ("
                        + Arrays.stream(values()).map(TrackerKind::id).collect(Collectors.joining(", ")) + ")");
    }
}
