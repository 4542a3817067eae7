package dev.vision.core.analytics;

import dev.vision.core.InvalidSettingException;

/**
 * Where image points lie on the ground, in metres: a flat scale ({@link Scale}, a camera looking straight
 * down or a scene at one depth) or a plane seen in perspective ({@link Homography}, from four image points
 * whose ground positions were measured).
 */
public sealed interface GroundPlane permits GroundPlane.Scale, GroundPlane.Homography {

    /** The ground position, in metres, of image pixel (x, y). */
    double[] toMetres(double x, double y);

    /** Every pixel is {@code metresPerPixel} wide and high on the ground. */
    record Scale(double metresPerPixel) implements GroundPlane {
        /** The most one pixel may cover: 10 m (a wide aerial view); more is a mistaken unit. */
        public static final double MAX_METRES_PER_PIXEL = 10;

        public Scale {
            if (!(metresPerPixel > 0 && metresPerPixel <= MAX_METRES_PER_PIXEL)) {
                throw new InvalidSettingException(
                        "speedScale",
                        "metres per pixel must be positive and at most " + (long) MAX_METRES_PER_PIXEL + ", got "
                                + metresPerPixel);
            }
        }

        @Override
        public double[] toMetres(double x, double y) {
            return new double[] {x * metresPerPixel, y * metresPerPixel};
        }
    }

    /** A plane homography: image (x, y, 1) times {@code h} (row-major 3×3, h33 = 1) gives ground metres. */
    final class Homography implements GroundPlane {

        private final double[] h;

        public Homography(double[] h) {
            h = h.clone();
            this.h = h;
        }

        public double[] h() {
            return h;
        }

        @Override
        public double[] toMetres(double x, double y) {
            double w = h[6] * x + h[7] * y + h[8];
            return new double[] {(h[0] * x + h[1] * y + h[2]) / w, (h[3] * x + h[4] * y + h[5]) / w};
        }

        /**
         * The homography that takes four image points to their ground positions.
         *
         * @param image  x1, y1, …, x4, y4 in pixels
         * @param ground X1, Y1, …, X4, Y4 in metres
         * @throws InvalidSettingException when three of the points lie on one line
         */
        public static Homography fromPoints(double[] image, double[] ground) {
            double[][] a = new double[8][9];
            for (int i = 0; i < 4; i++) {
                double x = image[2 * i];
                double y = image[2 * i + 1];
                double gx = ground[2 * i];
                double gy = ground[2 * i + 1];
                a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -gx * x, -gx * y, gx};
                a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -gy * x, -gy * y, gy};
            }
            for (int col = 0; col < 8; col++) { // Gauss-Jordan with partial pivoting on the 8×8 system
                int pivot = col;
                for (int r = col + 1; r < 8; r++) {
                    if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) {
                        pivot = r;
                    }
                }
                if (Math.abs(a[pivot][col]) < 1e-12) {
                    throw new InvalidSettingException(
                            "calibrate",
                            "the four points do not define a plane (three "
                                    + "of them lie on one line, in the image or on the ground)");
                }
                double[] t = a[col];
                a[col] = a[pivot];
                a[pivot] = t;
                for (int r = 0; r < 8; r++) {
                    if (r != col) {
                        double f = a[r][col] / a[col][col];
                        for (int c = col; c < 9; c++) {
                            a[r][c] -= f * a[col][c];
                        }
                    }
                }
            }
            double[] h = new double[9];
            for (int i = 0; i < 8; i++) {
                h[i] = a[i][8] / a[i][i];
            }
            h[8] = 1;
            return new Homography(h);
        }
    }

    /**
     * Parses {@code --calibrate}: four {@code x,y,X,Y} groups separated by {@code ;} (image pixels, then
     * ground metres).
     */
    static GroundPlane parseCalibration(String spec) {
        String[] groups = spec.split(";", -1);
        if (groups.length != 4) {
            throw new InvalidSettingException(
                    "calibrate",
                    "'" + spec + "': needs four points x,y,X,Y separated by "
                            + "';' (image pixels, ground metres), got " + groups.length);
        }
        double[] image = new double[8];
        double[] ground = new double[8];
        for (int i = 0; i < 4; i++) {
            String[] v = groups[i].split(",", -1);
            if (v.length != 4) {
                throw new InvalidSettingException("calibrate", "'" + groups[i].trim() + "': a point is x,y,X,Y");
            }
            double[] n = new double[4];
            for (int k = 0; k < 4; k++) {
                try {
                    n[k] = Double.parseDouble(v[k].trim());
                } catch (NumberFormatException e) {
                    throw new InvalidSettingException("calibrate", "'" + v[k].trim() + "' is not a number");
                }
                if (!Double.isFinite(n[k])) {
                    throw new InvalidSettingException("calibrate", "'" + v[k].trim() + "' is not a finite number");
                }
            }
            image[2 * i] = n[0];
            image[2 * i + 1] = n[1];
            ground[2 * i] = n[2];
            ground[2 * i + 1] = n[3];
        }
        return Homography.fromPoints(image, ground);
    }
}
