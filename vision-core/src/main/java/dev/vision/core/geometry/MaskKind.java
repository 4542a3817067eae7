package dev.vision.core.geometry;

import dev.vision.core.InvalidSettingException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** What a mask does to the part of the picture it covers. */
public enum MaskKind {
    /** Blacked out or pixelated as the frame leaves the decoder: nothing after it sees those pixels. */
    PRIVACY("privacy", "privacyMask"),
    /** Ignored by motion gating only: a tree in the wind or a clock does not wake the model. */
    MOTION("motion", "motionMask"),
    /** Detections whose anchor lies inside are dropped before tracking: a poster, a parked car. */
    IGNORE("ignore", "ignoreMask");

    private final String id;
    private final String setting;

    MaskKind(String id, String setting) {
        this.id = id;
        this.setting = setting;
    }

    /** Its name in configuration files and the REST API. */
    public String id() {
        return id;
    }

    /** The setting named when a mask of this kind is refused. */
    public String setting() {
        return setting;
    }

    /** @throws InvalidSettingException (setting {@code masks}) for a name that is not a kind */
    public static MaskKind parse(String text) {
        String wanted = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(k -> k.id.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new InvalidSettingException(
                        "masks",
                        "unknown mask kind '" + text + "' ("
                                + Arrays.stream(values()).map(MaskKind::id).collect(Collectors.joining(", ")) + ")"));
    }
}
