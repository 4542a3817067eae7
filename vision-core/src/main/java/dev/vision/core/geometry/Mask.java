package dev.vision.core.geometry;

import dev.vision.core.InvalidSettingException;
import java.util.List;

/**
 * A named polygon in image pixels that hides, or makes vision ignore, part of a camera's picture.
 *
 * @param style how a {@link MaskKind#PRIVACY} mask hides; the other kinds draw nothing and ignore it
 */
public record Mask(String name, List<Point> corners, MaskKind kind, MaskStyle style) {

    /** @throws InvalidSettingException (the kind's setting) for a bad name or a polygon that is not simple */
    public Mask {
        NamedPoints.checkName(kind.setting(), name);
        corners = List.copyOf(corners);
        new Polygon(kind.setting(), name, corners); // refused now, not at the first frame
    }

    /** The polygon, checked. */
    public Polygon polygon() {
        return new Polygon(kind.setting(), name, corners);
    }

    /**
     * {@code NAME=x1,y1,x2,y2,x3,y3[,…]}, the syntax of {@code --zone}: {@code Mask.parse("garden=0,0,384,0,384,576",
     * MaskKind.PRIVACY, MaskStyle.BLACK)}.
     *
     * @throws InvalidSettingException (the kind's setting) saying what is wrong with the text
     */
    public static Mask parse(String spec, MaskKind kind, MaskStyle style) {
        NamedPoints n = NamedPoints.parse(kind.setting(), spec, "garden=0,0,384,0,384,576");
        if (n.numbers().length < 6 || n.numbers().length % 2 != 0) {
            throw new InvalidSettingException(
                    kind.setting(),
                    spec + ": needs NAME=x1,y1,x2,y2,x3,y3[,...] (at least three x,y points), got " + n.numbers().length
                            + " numbers");
        }
        return new Mask(n.name(), n.points(), kind, style);
    }
}
