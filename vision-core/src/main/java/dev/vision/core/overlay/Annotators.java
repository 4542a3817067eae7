package dev.vision.core.overlay;

/** The standard drawings, so every command draws results the same way. */
public final class Annotators {

    private Annotators() {
    }

    /** Boxes, then "label score" tags, in one class-colour palette, sized to the image. */
    public static Annotator detections() {
        ColorPalette palette = new ColorPalette();
        return new BoxAnnotator(palette, 0).andThen(new LabelAnnotator(palette, 0));
    }
}
