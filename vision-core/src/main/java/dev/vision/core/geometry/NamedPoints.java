package dev.vision.core.geometry;

import dev.vision.core.InvalidSettingException;
import java.util.ArrayList;
import java.util.List;

/** The one parser of {@code NAME=x1,y1,x2,y2,…}, shared by {@link Line} and {@link Zone}. */
@SuppressWarnings("ArrayRecordComponent") // package-private, read once by Line and Zone
record NamedPoints(String name, double[] numbers) {

    /**
     * The farthest a point may lie from the frame's origin, in pixels: lines and zones may reach past a
     * frame's edges (they are clipped to it), but not to where no frame of any camera reaches.
     */
    static final double MAX_COORDINATE = 100_000;

    /** Letters of any script, digits, '_', '.' and '-'. */
    static final String NAME_PATTERN = "[\\p{L}\\p{M}\\p{N}_.-]+";

    static void checkName(String kind, String name) {
        if (!name.matches(NAME_PATTERN)) {
            throw new InvalidSettingException(
                    kind, "'" + name + "': a name is letters (any script), digits, '_', '.' or '-'");
        }
    }

    /**
     * @param kind    the setting named in errors: {@code line} or {@code zone}
     * @param example a correct spec, shown when this one has no name
     */
    static NamedPoints parse(String kind, String spec, String example) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw new InvalidSettingException(kind, "'" + spec + "': needs NAME=numbers, e.g. " + example);
        }
        String name = spec.substring(0, eq).trim();
        checkName(kind, name);
        String[] parts = spec.substring(eq + 1).split(",", -1);
        double[] numbers = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            numbers[i] = number(kind, spec, parts[i]);
        }
        return new NamedPoints(name, numbers);
    }

    /** The numbers as x,y points (an even count, checked by the caller). */
    List<Point> points() {
        List<Point> points = new ArrayList<>();
        for (int i = 0; i + 1 < numbers.length; i += 2) {
            points.add(new Point(numbers[i], numbers[i + 1]));
        }
        return List.copyOf(points);
    }

    private static double number(String kind, String spec, String part) {
        double v;
        try {
            v = Double.parseDouble(part.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingException(kind, spec + ": '" + part + "' is not a number");
        }
        if (!Double.isFinite(v)) {
            throw new InvalidSettingException(kind, spec + ": '" + part + "' is not a finite number");
        }
        if (Math.abs(v) > MAX_COORDINATE) {
            throw new InvalidSettingException(
                    kind,
                    spec + ": '" + part.trim() + "' is out of range: coordinates are pixels from -"
                            + (long) MAX_COORDINATE + " to " + (long) MAX_COORDINATE);
        }
        return v;
    }
}
