package dev.vision.core.track;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearAssignmentTest {

    @Test
    void aSmallCaseByHand() {
        double[][] cost = {{4, 1, 3}, {2, 0, 5}, {3, 2, 2}};
        LinearAssignment.Result r = LinearAssignment.solve(cost, 10);
        assertArrayEquals(new int[] {1, 0, 2}, r.rowToColumn()); // 1 + 2 + 2 = 5 is the minimum
    }

    @Test
    void pairsAboveTheGateStayUnmatched() {
        double[][] cost = {{0.1, 0.9}, {0.95, 0.99}};
        LinearAssignment.Result r = LinearAssignment.solve(cost, 0.5);
        assertArrayEquals(new int[] {0, -1}, r.rowToColumn());
        assertArrayEquals(new int[] {0, -1}, r.columnToRow());
    }

    @Test
    void emptyAndRectangularMatrices() {
        assertEquals(0, LinearAssignment.solve(new double[0][0], 1).matches());
        LinearAssignment.Result wide = LinearAssignment.solve(new double[][] {{0.5, 0.1, 0.3}}, 1);
        assertArrayEquals(new int[] {1}, wide.rowToColumn());
        LinearAssignment.Result tall = LinearAssignment.solve(new double[][] {{0.5}, {0.2}, {0.9}}, 1);
        assertArrayEquals(new int[] {-1, 0, -1}, tall.rowToColumn());
    }

    /** Against every possible partial assignment, on random gated matrices up to 5 × 5. */
    @Test
    void agreesWithBruteForce() {
        Random random = new Random(42);
        for (int trial = 0; trial < 400; trial++) {
            int rows = random.nextInt(6);
            int cols = random.nextInt(6);
            double[][] cost = new double[rows][cols];
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    cost[r][c] = random.nextDouble();
                }
            }
            double gate = 0.6;
            LinearAssignment.Result result = LinearAssignment.solve(cost, gate);
            double best = brute(cost, gate, 0, new boolean[cols]);
            assertEquals(best, objective(cost, gate, result.rowToColumn(), cols), 1e-9, "trial " + trial);
        }
    }

    /** Matched pairs cost their cost; every unmatched row or column costs the gate. */
    private static double objective(double[][] cost, double gate, int[] rowToColumn, int cols) {
        double total = 0;
        int matched = 0;
        for (int r = 0; r < rowToColumn.length; r++) {
            if (rowToColumn[r] >= 0) {
                total += cost[r][rowToColumn[r]];
                matched++;
            } else {
                total += gate;
            }
        }
        return total + (cols - matched) * gate;
    }

    private static double brute(double[][] cost, double gate, int row, boolean[] usedCols) {
        if (row == cost.length) {
            long free = 0;
            for (boolean u : usedCols) {
                free += u ? 0 : 1;
            }
            return free * gate;
        }
        double best = gate + brute(cost, gate, row + 1, usedCols);
        for (int c = 0; c < usedCols.length; c++) {
            if (!usedCols[c] && cost[row][c] <= gate) {
                usedCols[c] = true;
                best = Math.min(best, cost[row][c] + brute(cost, gate, row + 1, usedCols));
                usedCols[c] = false;
            }
        }
        return best;
    }
}
