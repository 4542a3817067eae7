package dev.vision.core.geometry;

import dev.vision.core.InvalidSettingException;
import java.util.Locale;

/** How a privacy mask hides what it covers. */
public enum MaskStyle {
    /** Filled with black: nothing of it is left. */
    BLACK,
    /** Cut into coarse blocks, each one colour: shapes and movement stay, faces and plates do not. */
    PIXELATE;

    /** Its name in configuration files, the REST API and on the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws InvalidSettingException (setting {@code privacyStyle}) for a name that is not a style */
    public static MaskStyle parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "black" -> BLACK;
            case "pixelate" -> PIXELATE;
            default ->
                throw new InvalidSettingException("privacyStyle", "unknown style '" + text + "' (black or pixelate)");
        };
    }
}
