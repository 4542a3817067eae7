package dev.vision.core.overlay;

import org.opencv.core.Scalar;

/** A colour per class id, distinct for neighbouring ids, and the text colour that reads on each. */
public final class ColorPalette {

    // 20 well-separated colours (RGB hex), cycled by class id
    private static final int[] RGB = {
        0xFF3838, 0x2C99A8, 0xFF9D97, 0x00C2FF, 0xFFB21D, 0x344593, 0xCFD231, 0x6473FF, 0x48F90A, 0x0018EC,
        0x92CC17, 0x8438FF, 0x3DDB86, 0x520085, 0x1A9334, 0xCB38FF, 0x00D4BB, 0xFF95C8, 0xFF701F, 0xFF37C7,
    };

    private final Scalar[] colors = new Scalar[RGB.length];

    public ColorPalette() {
        for (int i = 0; i < RGB.length; i++) {
            int c = RGB[i];
            colors[i] = new Scalar(c & 0xFF, (c >> 8) & 0xFF, (c >> 16) & 0xFF); // OpenCV wants BGR
        }
    }

    public Scalar color(int classId) {
        return colors[Math.floorMod(classId, colors.length)];
    }

    /** Black on light colours, white on dark ones (by perceived luminance). */
    public static Scalar textColorOn(Scalar bgr) {
        double luminance = 0.114 * bgr.val[0] + 0.587 * bgr.val[1] + 0.299 * bgr.val[2];
        return luminance > 150 ? new Scalar(0, 0, 0) : new Scalar(255, 255, 255);
    }
}
