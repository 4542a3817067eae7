package dev.vision.core.overlay;

/** The standard drawings, so every command draws results the same way. */
public final class Annotators {

    private Annotators() {}

    /** Boxes, then "label score" tags, in one class-colour palette, sized to the image. */
    public static Annotator detections() {
        return detections(ColorLookup.byClass(new ColorPalette()));
    }

    /** Boxes and "#id label score" tags, one colour per track, so each object keeps its colour. */
    public static Annotator tracks() {
        return detections(ColorLookup.byTrack(new ColorPalette()));
    }

    /** Boxes, then tags, coloured by {@code colors}. */
    public static Annotator detections(ColorLookup colors) {
        return new BoxAnnotator(colors, 0).andThen(new LabelAnnotator(colors, 0));
    }
}
