package dev.vision.core.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.InvalidSettingException;
import dev.vision.core.analytics.LineCounter;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Line;
import dev.vision.core.geometry.Point;
import dev.vision.core.geometry.Zone;
import dev.vision.core.pipeline.PerStreamStage;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.Direction;
import dev.vision.core.result.StageTimings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackingBuilderTest {

    @Test
    void linesAndZonesParseAsOnTheCommandLine() {
        Line door = Line.parse("door=0,300,768,300");
        assertEquals(new Line("door", new Point(0, 300), new Point(768, 300)), door);
        Zone bay = Zone.parse(" bay = 10,10, 200,10, 200,150");
        assertEquals("bay", bay.name());
        assertEquals(List.of(new Point(10, 10), new Point(200, 10), new Point(200, 150)), bay.corners());
    }

    @Test
    void aMalformedLineOrZoneNamesItsSettingAndWhatIsWrong() {
        String[][] cases = {
            {"line", "gate=1,2,3", "4 numbers"},
            {"line", "gate=a,b,c,d", "not a number"},
            {"line", "0,0,10,10", "NAME="},
            {"line", "x=5,5,5,5", "same point"},
            {"line", "two words=0,0,10,10", "a name is letters"},
            {"zone", "bay=0,0,10,10", "three x,y points"},
            {"zone", "bay=0,0,10,10,NaN,3", "not a finite number"},
        };
        for (String[] c : cases) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> {
                if (c[0].equals("line")) {
                    Line.parse(c[1]);
                } else {
                    Zone.parse(c[1]);
                }
            });
            assertEquals(c[0], e.setting(), c[1]);
            assertTrue(e.getMessage().contains(c[2]), c[1] + ": " + e.getMessage());
        }
    }

    @Test
    void theBuilderRefusesANameTwiceAndAZoneWhoseEdgesCross() {
        Tracking.Builder b = Tracker.builder().line(Line.parse("same=0,0,10,10"));
        InvalidSettingException twice =
                assertThrows(InvalidSettingException.class, () -> b.zone(Zone.parse("same=0,0,100,0,100,100")));
        assertEquals("zone", twice.setting());
        InvalidSettingException crossing =
                assertThrows(InvalidSettingException.class, () -> b.zone(Zone.parse("bow=0,0,100,100,100,0,0,100")));
        assertTrue(crossing.getMessage().contains("cross"), crossing.getMessage());
    }

    @Test
    void theDetectorIsAskedForTheTrackersLowScoreAndEachStageHasItsOwnCounters() {
        Tracking tracking = Tracker.builder()
                .kind(TrackerKind.BYTETRACK)
                .trackBuffer(Duration.ofSeconds(2))
                .thresholds(0.6f, 0.05f, 0.7f)
                .anchor(Anchor.BOTTOM)
                .line(Line.parse("gate=0,300,640,300"))
                .build();
        assertEquals(0.05f, tracking.detectionThreshold());
        assertEquals(Duration.ofSeconds(2), tracking.settings().trackBuffer());
        TrackingStage one = tracking.newStage();
        TrackingStage two = tracking.newStage();
        assertNotSame(one.line("gate"), two.line("gate"));
        assertThrows(IllegalArgumentException.class, () -> one.line("door"));
        // a box walking down through the gate counts "in" on the stage that saw it, and only there
        LineCounter gate = one.line("gate");
        for (int y = 200; y <= 400; y += 50) {
            gate.update(List.of(new Detection("person", 0, 0.9f, new Box(100, y - 40, 140, y)).withTrackId(7)));
        }
        assertEquals(1, gate.tally().total(Direction.IN));
        assertEquals(0, gate.tally().total(Direction.OUT));
        assertEquals(1L, gate.tally().perClass(Direction.IN).get("person"));
        assertEquals(0, two.line("gate").tally().total(Direction.IN));
    }

    @Test
    void perStreamGivesEachStreamItsOwnTrackerAndCounters() {
        Tracking tracking =
                Tracker.builder().line(Line.parse("gate=0,300,640,300")).build();
        PerStreamStage<TrackingStage> stage = tracking.perStream();
        for (int i = 0; i < 30; i++) {
            for (int stream = 0; stream < 2; stream++) {
                int y = stream == 0 ? 220 + 5 * i : 100; // stream 0's person walks down through the gate
                FrameMeta meta =
                        new FrameMeta("s" + stream, i, i * 100L, 640, 480, stream, stream == 0 ? "door" : "yard");
                stage.apply(new DetectionResult(
                        meta,
                        List.of(new Detection("person", 0, 0.9f, new Box(100, y - 40, 140, y))),
                        StageTimings.ZERO));
            }
        }
        assertEquals(2, stage.byStream().size());
        assertEquals(1, stage.byStream().get(0).line("gate").tally().total(Direction.IN));
        assertEquals(0, stage.byStream().get(1).line("gate").tally().total(Direction.IN));
        assertEquals("yard", stage.name(1));
    }

    @Test
    void reshapingKeepsTheTracksAndTheTotalsOfUnchangedLinesAndStartsChangedOnesAtZero() {
        Tracking tracking = Tracker.builder()
                .line(Line.parse("gate=0,300,640,300"))
                .line(Line.parse("door=0,200,640,200"))
                .build();
        TrackingStage stage = tracking.newStage();
        int frame = 0;
        for (int y = 150; y <= 400; y += 5, frame++) { // down through both lines
            stage.apply(frame(frame, y));
        }
        assertEquals(1, stage.line("gate").tally().total(Direction.IN));
        assertEquals(1, stage.line("door").tally().total(Direction.IN));
        LineCounter gate = stage.line("gate");

        stage.reshape(
                List.of(Line.parse("gate=0,300,640,300"), Line.parse("door=0,180,640,180")),
                List.of(),
                tracking.anchor());
        DetectionResult next = (DetectionResult) stage.apply(frame(frame++, 400));
        assertEquals(1, next.counts().lines().get("gate").total(Direction.IN), "unchanged: kept");
        assertEquals(0, next.counts().lines().get("door").total(Direction.IN), "moved: from zero");
        assertEquals(gate, stage.line("gate"));
        assertEquals(1, next.detections().size());
        long id = next.detections().get(0).trackId().getAsLong();
        for (int y = 395; y >= 100; y -= 5, frame++) { // back up through both: the same track, counted out
            DetectionResult r = (DetectionResult) stage.apply(frame(frame, y));
            assertEquals(id, r.detections().get(0).trackId().getAsLong());
        }
        assertEquals(1, stage.line("gate").tally().total(Direction.OUT));
        assertEquals(1, stage.line("door").tally().total(Direction.OUT));

        stage.reshape(List.of(), List.of(), tracking.anchor());
        stage.apply(frame(frame, 100));
        assertTrue(stage.lines().isEmpty());
    }

    private static DetectionResult frame(int index, int y) {
        return new DetectionResult(
                new FrameMeta("cam", index, index * 100L, 640, 480),
                List.of(new Detection("person", 0, 0.9f, new Box(300, y - 40, 340, y))),
                StageTimings.ZERO);
    }
}
