package dev.vision.core.track;

/**
 * A colour histogram of an object: hue, saturation and value of its upper and lower half, each half
 * normalised to sum 1. Immutable.
 */
public final class AppearanceDescriptor {

    private final float[] upper;
    private final float[] lower;

    AppearanceDescriptor(float[] upper, float[] lower) {
        this.upper = upper;
        this.lower = lower;
    }

    /**
     * How unlike two objects look: 0 the same colours, 1 nothing in common (one minus the Bhattacharyya
     * coefficient, averaged over the two halves).
     */
    public double distance(AppearanceDescriptor other) {
        return 1 - (bhattacharyya(upper, other.upper) + bhattacharyya(lower, other.lower)) / 2;
    }

    /** {@code keep} of this and {@code 1 - keep} of {@code newer}: a running mean over observations. */
    AppearanceDescriptor blend(AppearanceDescriptor newer, float keep) {
        return new AppearanceDescriptor(mix(upper, newer.upper, keep), mix(lower, newer.lower, keep));
    }

    private static float[] mix(float[] a, float[] b, float keep) {
        float[] m = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            m[i] = keep * a[i] + (1 - keep) * b[i];
        }
        return m;
    }

    private static double bhattacharyya(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += Math.sqrt((double) a[i] * b[i]);
        }
        return Math.min(1, sum);
    }
}
