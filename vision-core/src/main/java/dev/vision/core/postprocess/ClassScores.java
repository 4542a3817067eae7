package dev.vision.core.postprocess;

/** The class a detector scores highest for one anchor, among the classes the user asked for. */
final class ClassScores {

    private ClassScores() {}

    /**
     * @param offset index of class 0's score in {@code d}
     * @param step   distance between consecutive classes' scores
     * @return the best allowed class with a positive score, or -1
     */
    static int best(float[] d, int offset, int step, int classes, DetectionFilter filter) {
        int best = -1;
        float bestScore = 0;
        for (int c = 0, i = offset; c < classes; c++, i += step) {
            if (d[i] > bestScore && filter.allows(c)) {
                bestScore = d[i];
                best = c;
            }
        }
        return best;
    }
}
