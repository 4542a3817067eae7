package dev.vision.core.overlay;

import org.opencv.core.Mat;

/** Sizes that keep overlays legible from thumbnails to 4K frames. */
final class Style {

    private Style() {
    }

    static int lineWidth(Mat canvas) {
        return Math.max(1, (int) Math.round((canvas.cols() + canvas.rows()) / 2.0 * 0.003));
    }

    static double fontScale(Mat canvas) {
        return Math.max(0.4, (canvas.cols() + canvas.rows()) / 2.0 / 1000.0);
    }
}
