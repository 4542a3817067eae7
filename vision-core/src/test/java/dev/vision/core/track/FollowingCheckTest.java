package dev.vision.core.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.result.Box;
import dev.vision.core.result.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

class FollowingCheckTest {

    /** Three tracked people 40 px wide, each frame 100 ms apart, their centres at x(frame). */
    private static List<String> run(IntToDoubleFunction x) {
        FollowingCheck check = new FollowingCheck();
        List<String> said = new ArrayList<>();
        for (int f = 0; f < 60; f++) {
            List<Detection> tracked = new ArrayList<>();
            for (int id = 1; id <= 3; id++) {
                double cx = x.applyAsDouble(f) + 200 * id;
                tracked.add(new Detection("person", 0, 0.9f, new Box((float) cx - 20, 100, (float) cx + 20, 200))
                        .withTrackId(id));
            }
            check.update(tracked, f * 100L, "door").ifPresent(said::add);
        }
        check.verdict().ifPresent(v -> assertEquals(said.get(0), v));
        return said;
    }

    @Test
    void steadyMotionIsFollowedAtAnyStepAndSmallWobblesAreToo() {
        assertEquals(List.of(), run(f -> 60.0 * f), "1.5 widths a frame, straight: predicted");
        assertEquals(List.of(), run(f -> 60.0 * f + (f % 2 == 0 ? 4 : -4)), "a wobble of 0.2 widths");
    }

    @Test
    void motionThatChangesByMoreThanHalfAWidthBetweenFramesIsSaidOnceWithTheRateToReach() {
        List<String> said = run(f -> f % 2 == 0 ? 0 : 32); // to and fro by 0.8 widths: surprise 1.6 widths
        assertEquals(1, said.size(), said.toString());
        String line = said.get(0);
        assertTrue(line.startsWith("stream door: 10.0 frames/s processed: objects stray 1.60 of their width"), line);
        assertTrue(line.contains("ids and counts are unreliable"), line);
        assertTrue(line.contains("Process at least 17.9 frames/s"), line);
        assertEquals(Optional.empty(), new FollowingCheck().verdict());
    }
}
