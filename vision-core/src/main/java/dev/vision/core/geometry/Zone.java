package dev.vision.core.geometry;

import dev.vision.core.InvalidSettingException;
import java.util.List;

/** A named polygon in image pixels, at least three corners in order: occupancy, entries and dwell time. */
public record Zone(String name, List<Point> corners) {

    public Zone {
        NamedPoints.checkName("zone", name);
        corners = List.copyOf(corners);
        if (corners.size() < 3) {
            throw new InvalidSettingException("zone", name + ": needs at least three corners, got " + corners.size());
        }
    }

    /**
     * {@code NAME=x1,y1,x2,y2,x3,y3[,…]}, as on the command line: {@code Zone.parse("bay=10,10,200,10,200,150")}.
     *
     * @throws InvalidSettingException (setting {@code zone}) saying what is wrong with the text
     */
    public static Zone parse(String spec) {
        NamedPoints n = NamedPoints.parse("zone", spec, "bay=10,10,200,10,200,150");
        if (n.numbers().length < 6 || n.numbers().length % 2 != 0) {
            throw new InvalidSettingException(
                    "zone",
                    spec + ": needs NAME=x1,y1,x2,y2,x3,y3[,...] (at least three x,y points), got " + n.numbers().length
                            + " numbers");
        }
        return new Zone(n.name(), n.points());
    }
}
