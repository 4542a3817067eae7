package dev.vision.core.postprocess;

import java.util.Arrays;

/**
 * Boxes a decoder proposes for one image, before NMS: parallel primitive arrays that grow as needed and
 * are reused across frames, so decoding thousands of anchors creates no objects.
 */
public final class Candidates {

    private float[] x1 = new float[256];
    private float[] y1 = new float[256];
    private float[] x2 = new float[256];
    private float[] y2 = new float[256];
    private float[] score = new float[256];
    private int[] classId = new int[256];
    private int size;

    public void clear() {
        size = 0;
    }

    public int size() {
        return size;
    }

    public void add(float bx1, float by1, float bx2, float by2, float s, int cls) {
        if (size == score.length) {
            int n = size * 2;
            x1 = Arrays.copyOf(x1, n);
            y1 = Arrays.copyOf(y1, n);
            x2 = Arrays.copyOf(x2, n);
            y2 = Arrays.copyOf(y2, n);
            score = Arrays.copyOf(score, n);
            classId = Arrays.copyOf(classId, n);
        }
        x1[size] = bx1;
        y1[size] = by1;
        x2[size] = bx2;
        y2[size] = by2;
        score[size] = s;
        classId[size] = cls;
        size++;
    }

    /** Adds a box given by its centre and size. */
    public void addCentered(float cx, float cy, float w, float h, float s, int cls) {
        add(cx - w / 2f, cy - h / 2f, cx + w / 2f, cy + h / 2f, s, cls);
    }

    public float x1(int i) {
        return x1[i];
    }

    public float y1(int i) {
        return y1[i];
    }

    public float x2(int i) {
        return x2[i];
    }

    public float y2(int i) {
        return y2[i];
    }

    public float score(int i) {
        return score[i];
    }

    public int classId(int i) {
        return classId[i];
    }

    public float iou(int a, int b) {
        float iw = Math.min(x2[a], x2[b]) - Math.max(x1[a], x1[b]);
        float ih = Math.min(y2[a], y2[b]) - Math.max(y1[a], y1[b]);
        if (iw <= 0 || ih <= 0) {
            return 0f;
        }
        float inter = iw * ih;
        float areaA = (x2[a] - x1[a]) * (y2[a] - y1[a]);
        float areaB = (x2[b] - x1[b]) * (y2[b] - y1[b]);
        float union = areaA + areaB - inter;
        return union <= 0 ? 0f : inter / union;
    }
}
