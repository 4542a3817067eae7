package dev.vision.core.geometry;

import dev.vision.core.InvalidSettingException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A named polygon in image pixels, at least three corners in order: occupancy, entries and dwell time.
 *
 * @param loiter an object inside this long is loitering (one event a visit); empty: never
 */
public record Zone(String name, List<Point> corners, Optional<Duration> loiter) {

    public Zone {
        NamedPoints.checkName("zone", name);
        corners = List.copyOf(corners);
        if (corners.size() < 3) {
            throw new InvalidSettingException("zone", name + ": needs at least three corners, got " + corners.size());
        }
        if (loiter.isPresent() && (loiter.get().isNegative() || loiter.get().isZero())) {
            throw new InvalidSettingException(
                    "loiter", name + ": a loitering time is more than 0 s, got " + loiter.get());
        }
    }

    /** A zone where nobody is said to loiter. */
    public Zone(String name, List<Point> corners) {
        this(name, corners, Optional.empty());
    }

    /** The same zone, where an object inside for {@code after} is loitering. */
    public Zone withLoiter(Duration after) {
        return new Zone(name, corners, Optional.of(after));
    }

    /**
     * {@code zones} with the loitering times of {@code specs}, each {@code NAME=SECONDS} as on the command line.
     *
     * @throws InvalidSettingException (setting {@code loiter}) for a bad spec or a zone that is not there
     */
    public static List<Zone> withLoiters(List<Zone> zones, List<String> specs) {
        List<Zone> out = new ArrayList<>(zones);
        for (String spec : specs) {
            int eq = spec.lastIndexOf('=');
            double seconds;
            try {
                seconds = eq > 0 ? Double.parseDouble(spec.substring(eq + 1).trim()) : Double.NaN;
            } catch (NumberFormatException e) {
                seconds = Double.NaN;
            }
            if (!(seconds > 0 && seconds <= 86_400)) {
                throw new InvalidSettingException("loiter", spec + ": needs ZONE=SECONDS, 0 to 86400 s (e.g. hall=30)");
            }
            String name = spec.substring(0, eq).trim();
            int i = 0;
            while (i < out.size() && !out.get(i).name().equals(name)) {
                i++;
            }
            if (i == out.size()) {
                throw new InvalidSettingException(
                        "loiter", spec + ": no zone named '" + name + "' (give it with --zone)");
            }
            out.set(i, out.get(i).withLoiter(Duration.ofMillis(Math.round(seconds * 1000))));
        }
        return out;
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
