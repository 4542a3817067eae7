package dev.vision.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The progress bar's rate follows the last seconds without swinging (issue 16, item 12). */
class RateWindowTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aSteadyRateReadsSteadyThroughAHiccup() {
        RateWindow window = new RateWindow(5 * SECOND);
        long t = 0;
        for (int i = 0; i < 450; i++) { // 45 frames a second for ten seconds
            t += SECOND / 45;
            window.record(t);
        }
        assertEquals(45, window.perSecond(t), 1.0);
        for (int i = 0; i < 10; i++) { // a burst of ten frames in 0.1 s after a short stall
            t += SECOND / 100;
            window.record(t);
        }
        double afterBurst = window.perSecond(t);
        assertTrue(afterBurst > 40 && afterBurst < 55, "no swing to 80 and more: " + afterBurst);
    }

    @Test
    void aRealChangeShowsWithinTheWindow() {
        RateWindow window = new RateWindow(5 * SECOND);
        long t = 0;
        for (int i = 0; i < 200; i++) {
            t += SECOND / 40;
            window.record(t);
        }
        for (int i = 0; i < 160; i++) { // the machine frees up: 20 frames a second for eight seconds
            t += SECOND / 20;
            window.record(t);
        }
        assertEquals(20, window.perSecond(t), 1.0);
        assertEquals(0, new RateWindow(SECOND).perSecond(t), "nothing seen yet");
    }
}
