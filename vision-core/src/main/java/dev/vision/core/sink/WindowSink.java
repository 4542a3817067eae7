package dev.vision.core.sink;

import dev.vision.core.result.FrameResult;
import java.awt.GraphicsEnvironment;
import org.opencv.core.Mat;
import org.opencv.highgui.HighGui;

/** Shows the annotated frames in a desktop window (OpenCV's HighGui, on Swing). */
public final class WindowSink implements ResultSink {

    private final String title;

    private WindowSink(String title) {
        this.title = title;
    }

    /** A window, or null with the reason when this machine has no display. */
    public static WindowSink openOrExplain(String title, StringBuilder whyNot) {
        if (GraphicsEnvironment.isHeadless()) {
            whyNot.append("no display (headless, or DISPLAY is not set)");
            return null;
        }
        return new WindowSink(title);
    }

    @Override
    public boolean needsPixels() {
        return true;
    }

    @Override
    public void accept(FrameResult result, Mat annotated) {
        HighGui.imshow(title, annotated);
        HighGui.waitKey(1);
    }

    @Override
    public void close() {
        HighGui.destroyAllWindows();
    }
}
