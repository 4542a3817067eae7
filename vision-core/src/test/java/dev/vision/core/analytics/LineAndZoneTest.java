package dev.vision.core.analytics;

import static dev.vision.core.track.Boxes.person;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Point;
import dev.vision.core.geometry.Zone;
import dev.vision.core.result.Detection;
import dev.vision.core.result.Direction;
import dev.vision.core.result.TrackEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineAndZoneTest {

    /** A horizontal line drawn left to right at y = 300 from x = 0 to 600: moving down is "in". */
    private static LineCounter gate() {
        return new LineCounter(new Line("gate", new Point(0, 300), new Point(600, 300)), Anchor.CENTER);
    }

    private static Detection at(long id, double x, double y) {
        return person(x, y, 0.9f).withTrackId(id);
    }

    private static List<TrackEvent> walk(LineCounter line, long id, double x, double... ys) {
        List<TrackEvent> events = new ArrayList<>();
        for (double y : ys) {
            events.addAll(line.update(List.of(at(id, x, y))));
        }
        return events;
    }

    @Test
    void movingDownAcrossALineDrawnLeftToRightIsInAndUpIsOut() {
        LineCounter line = gate();
        List<TrackEvent> down = walk(line, 1, 100, 250, 280, 310, 340);
        assertEquals(1, down.size());
        assertEquals(new TrackEvent.LineCrossed(1, "person", "gate", Direction.IN), down.get(0));
        List<TrackEvent> up = walk(line, 2, 200, 350, 320, 290, 260);
        assertEquals(new TrackEvent.LineCrossed(2, "person", "gate", Direction.OUT), up.get(0));
        assertEquals(1, line.tally().total(Direction.IN));
        assertEquals(1, line.tally().total(Direction.OUT));
        assertEquals(1L, line.tally().perClass(Direction.IN).get("person"));
    }

    @Test
    void aBoxJitteringOnTheLineCountsNothingAndATrackCountsOncePerDirection() {
        LineCounter line = gate();
        assertTrue(walk(line, 1, 100, 250, 299, 302, 298, 303, 297, 301, 250).isEmpty(), "jitter within the margin");
        List<TrackEvent> back = walk(line, 2, 100, 250, 350, 250, 350, 250, 350);
        assertEquals(2, back.size(), "one in and one out, however often it goes back and forth");
        assertEquals(1, line.tally().total(Direction.IN));
        assertEquals(1, line.tally().total(Direction.OUT));
    }

    @Test
    void aTrackLostNearTheLineStillCountsWhenFoundOnTheOtherSide() {
        LineCounter line = gate();
        walk(line, 7, 100, 240, 270);
        line.update(List.of()); // not detected for a few frames while it crosses
        line.update(List.of());
        List<TrackEvent> events = walk(line, 7, 100, 335, 360);
        assertEquals(1, events.size());
        assertEquals(new TrackEvent.LineCrossed(7, "person", "gate", Direction.IN), events.get(0));
    }

    @Test
    void passingBesideTheSegmentIsNoCrossing() {
        LineCounter line = gate();
        assertTrue(walk(line, 1, 800, 250, 350).isEmpty(), "x = 800 is past the segment's end");
    }

    /** A 200 px square from (100, 100) to (300, 300). */
    private static ZoneCounter bay() {
        return new ZoneCounter(
                new Zone(
                        "bay",
                        List.of(new Point(100, 100), new Point(300, 100), new Point(300, 300), new Point(100, 300))),
                Anchor.CENTER);
    }

    @Test
    void anObjectInsideForTheLoiteringTimeLoitersOnceAVisit() {
        Zone bay = Zone.withLoiters(List.of(bay().zone()), List.of("bay=0.5")).get(0);
        ZoneCounter zone = new ZoneCounter(bay, Anchor.CENTER);
        List<TrackEvent> events = new ArrayList<>();
        long t = 0;
        // in at 200 ms (the second frame inside), stays to 1,000 ms, out, then back in for 300 ms only
        double[] xs = {50, 150, 160, 170, 180, 190, 200, 210, 220, 230, 350, 360, 150, 160, 170, 180, 350, 360};
        for (double x : xs) {
            events.addAll(zone.update(List.of(at(4, x, 200)), t));
            t += 100;
        }
        List<TrackEvent> loitering =
                events.stream().filter(TrackEvent.Loitering.class::isInstance).toList();
        assertEquals(
                List.of(new TrackEvent.Loitering(4, "person", "bay", Duration.ofMillis(500))),
                loitering,
                "once, when the first visit reached 500 ms; the 300 ms visit does not loiter: " + events);
        assertThrows(InvalidSettingException.class, () -> Zone.withLoiters(List.of(bay), List.of("hall=5")));
        assertThrows(InvalidSettingException.class, () -> Zone.withLoiters(List.of(bay), List.of("bay=-1")));
    }

    @Test
    void aZoneReportsEnteringLeavingDwellAndOccupancy() {
        ZoneCounter zone = bay();
        List<TrackEvent> events = new ArrayList<>();
        long t = 0;
        double[] xs = {50, 60, 150, 160, 170, 180, 190, 200, 350, 360, 370};
        for (double x : xs) {
            events.addAll(zone.update(List.of(at(3, x, 200)), t));
            if (x == 170) {
                assertEquals(1L, zone.occupancy().get("person"));
            }
            t += 100;
        }
        assertEquals(2, events.size(), events.toString());
        assertEquals(new TrackEvent.ZoneEntered(3, "person", "bay"), events.get(0));
        assertEquals(
                new TrackEvent.ZoneLeft(3, "person", "bay", Duration.ofMillis(600)),
                events.get(1),
                "inside from 200 ms to 800 ms");
        assertTrue(zone.occupancy().isEmpty());
        assertEquals(List.of(600L), zone.dwellsMs());
    }

    @Test
    void jitterOnAZoneEdgeRaisesNothing() {
        ZoneCounter zone = bay();
        List<TrackEvent> events = new ArrayList<>();
        double[] xs = {90, 101, 99, 102, 98, 101, 97};
        long t = 0;
        for (double x : xs) {
            events.addAll(zone.update(List.of(at(1, x, 200)), t += 40));
        }
        assertTrue(events.isEmpty(), events.toString());
    }

    @Test
    void absurdCoordinatesAreRefusedWithTheirLimits() {
        InvalidSettingException far =
                assertThrows(InvalidSettingException.class, () -> Line.parse("door=0,300,1e308,300"));
        assertTrue(far.getMessage().contains("from -100000 to 100000"), far.getMessage());
        assertThrows(InvalidSettingException.class, () -> Zone.parse("bay=0,0,-200000,0,0,100"));
        assertEquals(-5000.0, Line.parse("past=-5000,300,9000,300").from().x(), "past the frame is fine");
        InvalidSettingException scale = assertThrows(InvalidSettingException.class, () -> new GroundPlane.Scale(1e300));
        assertTrue(scale.getMessage().contains("at most 10"), scale.getMessage());
    }

    @Test
    void badPolygonsAndLinesAreRefused() {
        assertThrows(
                InvalidSettingException.class,
                () -> new ZoneCounter(new Zone("z", List.of(new Point(0, 0), new Point(10, 10))), Anchor.CENTER));
        var bowtie = assertThrows(
                InvalidSettingException.class,
                () -> new ZoneCounter(
                        new Zone(
                                "z",
                                List.of(new Point(0, 0), new Point(100, 100), new Point(100, 0), new Point(0, 100))),
                        Anchor.CENTER));
        assertTrue(bowtie.getMessage().contains("cross"), bowtie.getMessage());
        assertThrows(
                InvalidSettingException.class,
                () -> new LineCounter(new Line("l", new Point(5, 5), new Point(5, 5)), Anchor.CENTER));
    }

    @Test
    void aLineDrawnFarPastTheFrameCountsAsTheSameLineInsideIt() {
        LineCounter inside = new LineCounter(new Line("door", new Point(0, 300), new Point(768, 300)), Anchor.CENTER);
        LineCounter past =
                new LineCounter(new Line("door", new Point(-5000, 300), new Point(9000, 300)), Anchor.CENTER);
        assertTrue(inside.fitTo(768, 576).isEmpty());
        assertTrue(past.fitTo(768, 576).isEmpty(), "partly inside: no warning");
        assertEquals(new Line("door", new Point(0, 300), new Point(768, 300)), past.line(), "clipped to the frame");
        // a person stepping 12 px past the line each way: beyond the dead band of 1 % of 768 px, whatever
        // the length of the line as drawn (before, 1 % of 14,000 px hid it)
        for (LineCounter line : List.of(inside, past)) {
            assertEquals(1, walk(line, 1, 200, 280, 290, 312, 320).size(), line.name());
            assertEquals(1, walk(line, 2, 400, 320, 310, 288, 280).size(), line.name());
            assertEquals(1, line.tally().total(Direction.IN));
            assertEquals(1, line.tally().total(Direction.OUT));
        }
    }

    @Test
    void aLineOrZoneWhollyOutsideTheFrameIsNamedInAWarning() {
        LineCounter away =
                new LineCounter(new Line("away", new Point(1000, 1000), new Point(2000, 1000)), Anchor.CENTER);
        assertTrue(away.fitTo(768, 576).orElseThrow().contains("away"), "wholly outside");
        ZoneCounter far = new ZoneCounter(
                new Zone("far", List.of(new Point(2000, 2000), new Point(2100, 2000), new Point(2100, 2100))),
                Anchor.CENTER);
        assertTrue(far.fitTo(768, 576).orElseThrow().contains("far"));
        ZoneCounter covering = new ZoneCounter(
                new Zone(
                        "all",
                        List.of(
                                new Point(-100, -100),
                                new Point(900, -100),
                                new Point(900, 700),
                                new Point(-100, 700))),
                Anchor.CENTER);
        assertTrue(covering.fitTo(768, 576).isEmpty(), "a zone larger than the frame covers it");
        ZoneCounter across = new ZoneCounter(
                new Zone(
                        "band",
                        List.of(new Point(-50, 200), new Point(900, 200), new Point(900, 250), new Point(-50, 250))),
                Anchor.CENTER);
        assertTrue(across.fitTo(768, 576).isEmpty(), "a zone whose corners are all outside but crosses the frame");
    }
}
