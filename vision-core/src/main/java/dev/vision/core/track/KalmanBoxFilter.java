package dev.vision.core.track;

import dev.vision.core.result.Box;

/**
 * A constant-velocity Kalman filter over a box as centre x, centre y, aspect ratio (w/h) and height, with
 * their velocities per second. Noise scales with the box's height, so small and large objects are followed
 * alike (the parametrisation of SORT, DeepSORT and ByteTrack), and with the time between frames: the noise
 * of one step is that of ByteTrack's one frame at 30 frames per second times the number of such frames the
 * step spans, so a thinned or variable-rate source is followed as the full-rate one would be. Mutable; one
 * per track.
 */
final class KalmanBoxFilter {

    /** The frame rate ByteTrack's noise weights were chosen for. */
    static final double REFERENCE_FPS = 30;

    private static final double POSITION_WEIGHT = 1.0 / 20;
    private static final double VELOCITY_WEIGHT = 1.0 / 160 * REFERENCE_FPS; // per second

    private final double[] mean = new double[8];
    private final double[][] cov = new double[8][8];

    KalmanBoxFilter(Box box) {
        double[] z = measurement(box);
        System.arraycopy(z, 0, mean, 0, 4);
        double h = z[3];
        double[] std = {
            2 * POSITION_WEIGHT * h,
            2 * POSITION_WEIGHT * h,
            1e-2,
            2 * POSITION_WEIGHT * h,
            10 * VELOCITY_WEIGHT * h,
            10 * VELOCITY_WEIGHT * h,
            1e-5 * REFERENCE_FPS,
            10 * VELOCITY_WEIGHT * h
        };
        for (int i = 0; i < 8; i++) {
            cov[i][i] = std[i] * std[i];
        }
    }

    private KalmanBoxFilter(KalmanBoxFilter other) {
        System.arraycopy(other.mean, 0, mean, 0, 8);
        for (int i = 0; i < 8; i++) {
            System.arraycopy(other.cov[i], 0, cov[i], 0, 8);
        }
    }

    /** An independent copy of this state (to go back to it later). */
    KalmanBoxFilter copy() {
        return new KalmanBoxFilter(this);
    }

    /** Stops the box's height from changing (a track nobody sees must not grow or shrink away). */
    void freezeHeight() {
        mean[7] = 0;
    }

    /** Moves the state {@code dt} seconds ahead. */
    void predict(double dt) {
        double h = mean[3];
        double steps = dt * REFERENCE_FPS; // how many reference frames this step spans
        double[] q = {
            POSITION_WEIGHT * h,
            POSITION_WEIGHT * h,
            1e-2,
            POSITION_WEIGHT * h,
            VELOCITY_WEIGHT * h,
            VELOCITY_WEIGHT * h,
            1e-5 * REFERENCE_FPS,
            VELOCITY_WEIGHT * h
        };
        for (int i = 0; i < 4; i++) {
            mean[i] += dt * mean[i + 4];
        }
        // cov = F cov Fᵀ + Q with F = [[I, dt·I], [0, I]]
        double[][] fc = new double[8][8];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                fc[i][j] = cov[i][j] + (i < 4 ? dt * cov[i + 4][j] : 0);
            }
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                cov[i][j] = fc[i][j] + (j < 4 ? dt * fc[i][j + 4] : 0);
            }
            cov[i][i] += q[i] * q[i] * steps;
        }
        if (mean[3] < 1e-3) {
            mean[3] = 1e-3; // a box that shrinks to nothing stays a (tiny) box
        }
    }

    /** Corrects the state with a measured box. */
    void update(Box box) {
        double[] z = measurement(box);
        double h = mean[3];
        double[] r = {POSITION_WEIGHT * h, POSITION_WEIGHT * h, 1e-1, POSITION_WEIGHT * h};
        // S = H cov Hᵀ + R (the top-left 4×4 block), K = cov Hᵀ S⁻¹ (the left 8×4 block times S⁻¹)
        double[][] s = new double[4][4];
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                s[i][j] = cov[i][j];
            }
            s[i][i] += r[i] * r[i];
        }
        double[][] sInv = invert4(s);
        double[][] k = new double[8][4];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 4; j++) {
                double sum = 0;
                for (int m = 0; m < 4; m++) {
                    sum += cov[i][m] * sInv[m][j];
                }
                k[i][j] = sum;
            }
        }
        double[] innovation = new double[4];
        for (int i = 0; i < 4; i++) {
            innovation[i] = z[i] - mean[i];
        }
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 4; j++) {
                mean[i] += k[i][j] * innovation[j];
            }
        }
        // cov = cov - K H cov (H cov is the top 4 rows of cov)
        double[][] next = new double[8][8];
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                double sum = 0;
                for (int m = 0; m < 4; m++) {
                    sum += k[i][m] * cov[m][j];
                }
                next[i][j] = cov[i][j] - sum;
            }
        }
        for (int i = 0; i < 8; i++) {
            System.arraycopy(next[i], 0, cov[i], 0, 8);
        }
    }

    /** The box the state says, in pixels. */
    Box box() {
        double h = Math.max(mean[3], 1e-3);
        double w = mean[2] * h;
        return new Box((float) (mean[0] - w / 2), (float) (mean[1] - h / 2), (float) (mean[0] + w / 2), (float)
                (mean[1] + h / 2));
    }

    private static double[] measurement(Box b) {
        double w = Math.max(b.width(), 1e-3);
        double h = Math.max(b.height(), 1e-3);
        return new double[] {(b.x1() + b.x2()) / 2.0, (b.y1() + b.y2()) / 2.0, w / h, h};
    }

    /** Gauss-Jordan inverse of a symmetric positive definite 4×4 matrix. */
    private static double[][] invert4(double[][] m) {
        double[][] a = new double[4][8];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(m[i], 0, a[i], 0, 4);
            a[i][4 + i] = 1;
        }
        for (int col = 0; col < 4; col++) {
            int pivot = col;
            for (int row = col + 1; row < 4; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            double[] t = a[col];
            a[col] = a[pivot];
            a[pivot] = t;
            double d = a[col][col];
            for (int j = 0; j < 8; j++) {
                a[col][j] /= d;
            }
            for (int row = 0; row < 4; row++) {
                if (row != col) {
                    double f = a[row][col];
                    for (int j = 0; j < 8; j++) {
                        a[row][j] -= f * a[col][j];
                    }
                }
            }
        }
        double[][] inv = new double[4][4];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(a[i], 4, inv[i], 0, 4);
        }
        return inv;
    }
}
