package dev.vision.core.postprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NmsTest {

    @Test
    void overlappingBoxOfSameClassIsSuppressedButOtherClassIsKept() {
        Candidates c = new Candidates();
        c.add(10, 10, 110, 110, 0.6f, 0); // 0: lower-scoring duplicate of 1
        c.add(12, 12, 112, 112, 0.9f, 0); // 1: best
        c.add(12, 12, 112, 112, 0.5f, 3); // 2: same place, other class: kept
        c.add(300, 300, 350, 350, 0.7f, 0); // 3: far away: kept
        int[] kept = Nms.classWise(c, 0.45f, 100);
        assertArrayEquals(new int[] {1, 3, 2}, kept, "kept in descending score order");
    }

    @Test
    void boxesBelowTheIouThresholdBothSurvive() {
        Candidates c = new Candidates();
        c.add(0, 0, 100, 100, 0.9f, 1);
        c.add(60, 0, 160, 100, 0.8f, 1); // IoU = 40*100 / (2*10000 - 4000) = 0.25
        assertEquals(2, Nms.classWise(c, 0.45f, 100).length);
        assertEquals(1, Nms.classWise(c, 0.2f, 100).length);
    }

    @Test
    void maxDetectionsCapsTheResultKeepingTheBest() {
        Candidates c = new Candidates();
        for (int i = 0; i < 50; i++) {
            c.add(i * 20, 0, i * 20 + 10, 10, i / 100f, 0);
        }
        int[] kept = Nms.classWise(c, 0.5f, 5);
        assertArrayEquals(new int[] {49, 48, 47, 46, 45}, kept);
    }

    @Test
    void emptyInputGivesEmptyOutput() {
        assertEquals(0, Nms.classWise(new Candidates(), 0.5f, 10).length);
    }
}
