package dev.vision.core.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.FrameMeta;
import dev.vision.core.geometry.Line;
import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import dev.vision.core.result.TrackEvent;
import dev.vision.core.track.Tracker;
import dev.vision.core.track.Tracking;
import dev.vision.core.track.TrackingStage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Turning movements on a synthetic sequence through the real tracker: three people walk across two lines in
 * known orders (west then east, east then west, west only); the matrix holds the first two, each from the line
 * it crossed first to the one it crossed last, and nothing for the third.
 */
class MovementStageTest {

    private static Detection person(double cx, double cy) {
        return new Detection(
                "person", 0, 0.9f, new Box((float) cx - 20, (float) cy - 50, (float) cx + 20, (float) cy + 50));
    }

    @Test
    void theMatrixHasEachPathsFirstAndLastLine() {
        Tracking tracking = Tracker.builder()
                .line(Line.parse("west=200,0,200,600"))
                .line(Line.parse("east=400,0,400,600"))
                .build();
        TrackingStage stage = tracking.newStage();
        MovementStage movements = new MovementStage();
        List<TrackEvent> events = new ArrayList<>();
        for (int i = 0; i <= 80; i++) { // 8 s: long enough for the tracks to be given up after they stop
            List<Detection> people = new ArrayList<>();
            if (i <= 22) {
                people.add(person(80 + 20 * i, 120)); // west to east
                people.add(person(520 - 20 * i, 300)); // east to west
            }
            if (i <= 11) {
                people.add(person(80 + 20 * i, 480)); // to x = 300: west only
            }
            FrameResult frame =
                    new DetectionResult(new FrameMeta("synthetic", i, i * 100L, 640, 600), people, StageTimings.ZERO);
            events.addAll(((DetectionResult) movements.apply(stage.apply(frame))).events());
        }
        Map<String, Map<String, Map<String, Long>>> matrix = movements.matrix();
        assertEquals(2, matrix.size(), matrix.toString());
        String eastward = matrix.keySet().stream()
                .filter(k -> k.startsWith("west "))
                .findFirst()
                .orElseThrow();
        String westward = matrix.keySet().stream()
                .filter(k -> k.startsWith("east "))
                .findFirst()
                .orElseThrow();
        String wayEast = eastward.substring("west ".length());
        String wayWest = westward.substring("east ".length());
        assertNotEquals(wayEast, wayWest, "the two walk across the lines in opposite directions");
        assertEquals(Map.of("east " + wayEast, Map.of("person", 1L)), matrix.get(eastward), matrix.toString());
        assertEquals(Map.of("west " + wayWest, Map.of("person", 1L)), matrix.get(westward), matrix.toString());
        assertEquals(
                List.of(
                        "Movement east " + wayWest + " -> west " + wayWest + ": 1 person.",
                        "Movement west " + wayEast + " -> east " + wayEast + ": 1 person."),
                MovementStage.lines(matrix, ""));
        // each of the two also as an event, just before its object's departure, once its track was given up
        List<String> sent = new ArrayList<>();
        for (int k = 0; k < events.size(); k++) {
            if (events.get(k) instanceof TrackEvent.Movement m) {
                sent.add(m.origin() + " -> " + m.destination());
                TrackEvent next = events.get(k + 1);
                assertTrue(next instanceof TrackEvent.Lost && next.trackId() == m.trackId(), events.toString());
            }
        }
        assertEquals(
                List.of("east " + wayWest + " -> west " + wayWest, "west " + wayEast + " -> east " + wayEast),
                sent.stream().sorted().toList());
    }
}
