package dev.vision.core.geometry;

import dev.vision.core.InvalidSettingException;

/**
 * A named, directed counting line in image pixels. Crossing it towards its right-hand side, as seen on
 * screen, is {@link Direction#IN}: for a line drawn left to right, moving down.
 */
public record Line(String name, Point from, Point to) {

    public Line {
        NamedPoints.checkName("line", name);
        if (Math.hypot(to.x() - from.x(), to.y() - from.y()) < 1) {
            throw new InvalidSettingException("line", name + ": the two ends are the same point");
        }
    }

    /**
     * {@code NAME=x1,y1,x2,y2}, as on the command line: {@code Line.parse("door=0,300,768,300")}.
     *
     * @throws InvalidSettingException (setting {@code line}) saying what is wrong with the text
     */
    public static Line parse(String spec) {
        NamedPoints n = NamedPoints.parse("line", spec, "gate=0,300,640,300");
        if (n.numbers().length != 4) {
            throw new InvalidSettingException(
                    "line", spec + ": needs NAME=x1,y1,x2,y2 (4 numbers), got " + n.numbers().length);
        }
        return new Line(n.name(), n.points().get(0), n.points().get(1));
    }
}
