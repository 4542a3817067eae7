package dev.vision.core.track;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Minimum-cost assignment of rows to columns (the Hungarian method with potentials, O(n³)), for
 * rectangular cost matrices, with a gate: pairs whose cost exceeds {@code maxCost} are never matched, and a
 * row or column may stay unmatched. Used to match tracks (rows) with detections (columns). The rows and
 * columns that the gate leaves connected are solved group by group, so a scene of many objects apart from
 * each other costs little more than the cost matrix itself.
 */
public final class LinearAssignment {

    /** The matched pairs and what stayed unmatched. {@code rowToColumn[r]} is -1 for an unmatched row. */
    public static final class Result {

        private final int[] rowToColumn;
        private final int[] columnToRow;

        public Result(int[] rowToColumn, int[] columnToRow) {
            this.rowToColumn = rowToColumn;
            this.columnToRow = columnToRow;
        }

        public int[] rowToColumn() {
            return rowToColumn;
        }

        public int[] columnToRow() {
            return columnToRow;
        }

        public int matches() {
            return (int) Arrays.stream(rowToColumn).filter(c -> c >= 0).count();
        }
    }

    private LinearAssignment() {}

    /**
     * @param cost    cost[row][column]; any value above {@code maxCost} (or infinite, or NaN) forbids the pair
     * @param maxCost the highest cost a matched pair may have
     */
    public static Result solve(double[][] cost, double maxCost) {
        return solve(cost, cost.length == 0 ? 0 : cost[0].length, maxCost);
    }

    /** As {@link #solve(double[][], double)}, saying the number of columns (a matrix of no rows has some). */
    public static Result solve(double[][] cost, int columns, double maxCost) {
        int rows = cost.length;
        int[] rowToColumn = new int[rows];
        int[] columnToRow = new int[columns];
        Arrays.fill(rowToColumn, -1);
        Arrays.fill(columnToRow, -1);
        // groups of rows and columns joined by allowed pairs (union-find over rows, then columns)
        int[] parent = new int[rows + columns];
        for (int i = 0; i < parent.length; i++) {
            parent[i] = i;
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (allowed(cost[r][c], maxCost)) {
                    union(parent, r, rows + c);
                }
            }
        }
        Map<Integer, List<Integer>> groupRows = new HashMap<>();
        Map<Integer, List<Integer>> groupColumns = new HashMap<>();
        for (int r = 0; r < rows; r++) {
            groupRows.computeIfAbsent(find(parent, r), k -> new ArrayList<>()).add(r);
        }
        for (int c = 0; c < columns; c++) {
            groupColumns
                    .computeIfAbsent(find(parent, rows + c), k -> new ArrayList<>())
                    .add(c);
        }
        for (var entry : groupRows.entrySet()) {
            List<Integer> rs = entry.getValue();
            List<Integer> cs = groupColumns.getOrDefault(entry.getKey(), List.of());
            if (cs.isEmpty()) {
                continue; // a row no column may join
            }
            double[][] part = new double[rs.size()][cs.size()];
            for (int i = 0; i < rs.size(); i++) {
                for (int j = 0; j < cs.size(); j++) {
                    part[i][j] = cost[rs.get(i)][cs.get(j)];
                }
            }
            int[] assigned = solveDense(part, maxCost);
            for (int i = 0; i < rs.size(); i++) {
                if (assigned[i] >= 0) {
                    rowToColumn[rs.get(i)] = cs.get(assigned[i]);
                    columnToRow[cs.get(assigned[i])] = rs.get(i);
                }
            }
        }
        return new Result(rowToColumn, columnToRow);
    }

    private static boolean allowed(double cost, double maxCost) {
        return !Double.isNaN(cost) && cost <= maxCost;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        parent[find(parent, a)] = find(parent, b);
    }

    /** Row → column (or -1) for one connected group. */
    private static int[] solveDense(double[][] cost, double maxCost) {
        int rows = cost.length;
        int columns = cost[0].length;
        int[] rowToColumn = new int[rows];
        Arrays.fill(rowToColumn, -1);
        // Square matrix of size n = rows + columns: every row may instead take a "stay unmatched" column and
        // every column a "stay unmatched" row, both at cost maxCost, so a forbidden pair is never better.
        int n = rows + columns;
        double forbidden = 2 * Math.abs(maxCost) + 1e6;
        double[][] a = new double[n][n];
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                if (r < rows && c < columns) {
                    double v = cost[r][c];
                    a[r][c] = allowed(v, maxCost) ? v : forbidden;
                } else if (r < rows) {
                    a[r][c] = c - columns == r ? maxCost : forbidden; // row r unmatched
                } else if (c < columns) {
                    a[r][c] = r - rows == c ? maxCost : forbidden; // column c unmatched
                } else {
                    a[r][c] = 0; // dummy with dummy
                }
            }
        }
        int[] assignment = hungarian(a);
        for (int r = 0; r < rows; r++) {
            int c = assignment[r];
            if (c < columns && allowed(cost[r][c], maxCost)) {
                rowToColumn[r] = c;
            }
        }
        return rowToColumn;
    }

    /** Row → column of a minimum-cost perfect matching of the square matrix {@code a}. */
    private static int[] hungarian(double[][] a) {
        int n = a.length;
        double[] u = new double[n + 1];
        double[] v = new double[n + 1];
        int[] p = new int[n + 1]; // p[column] = row matched to it (1-based; 0 = none)
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            double[] minv = new double[n + 1];
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        double cur = a[i0 - 1][j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] rowToColumn = new int[n];
        for (int j = 1; j <= n; j++) {
            if (p[j] != 0) {
                rowToColumn[p[j] - 1] = j - 1;
            }
        }
        return rowToColumn;
    }
}
