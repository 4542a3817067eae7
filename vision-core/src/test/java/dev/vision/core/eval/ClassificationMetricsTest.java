package dev.vision.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationMetricsTest {

    @Test
    void topOneTopFivePerClassAndConfusions() {
        ClassificationMetrics m = new ClassificationMetrics();
        m.add(1, List.of(1, 2, 3, 4, 5)); // right
        m.add(1, List.of(2, 1, 3, 4, 5)); // right at top-5 only, confused with 2
        m.add(2, List.of(3, 4, 5, 6, 7)); // wrong, confused with 3
        m.add(1, List.of(2, 9, 8, 7, 6)); // wrong, confused with 2 again
        assertEquals(0.25, m.top1(), 1e-9);
        assertEquals(0.5, m.top5(), 1e-9);
        assertEquals(1 / 3.0, m.perClassAccuracy().get(1), 1e-9);
        assertEquals(0.0, m.perClassAccuracy().get(2), 1e-9);
        assertArrayEquals(new int[] {1, 2, 2}, m.topConfusions(5).get(0), "1 taken for 2 twice comes first");
        assertArrayEquals(new int[] {2, 3, 1}, m.topConfusions(5).get(1));
    }
}
