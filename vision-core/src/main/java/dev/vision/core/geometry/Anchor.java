package dev.vision.core.geometry;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.result.Box;
import java.util.Locale;

/** The point of a box that lines and zones test: its centre, or the middle of its bottom edge (the feet). */
public enum Anchor {
    CENTER,
    BOTTOM;

    /** This point of {@code box}. */
    public Point of(Box box) {
        double x = (box.x1() + box.x2()) / 2.0;
        double y = this == CENTER ? (box.y1() + box.y2()) / 2.0 : box.y2();
        return new Point(x, y);
    }

    public static Anchor parse(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "center", "centre" -> CENTER;
            case "bottom", "bottom_center", "bottom-center" -> BOTTOM;
            default -> throw new InvalidSettingException("anchor", "unknown anchor '" + s + "' (center or bottom)");
        };
    }
}
