package dev.vision.core.preprocess;

/**
 * What a model expects of its input image, as the exporter trained it.
 *
 * @param width    input width in pixels
 * @param height   input height in pixels
 * @param resize   how the image is fitted into width × height
 * @param rgb      true for RGB channel order, false for OpenCV's BGR
 * @param mean     subtracted from each channel after {@code scale} (in the model's channel order)
 * @param std      each channel is divided by this after subtracting the mean
 * @param scale    multiplies raw 0–255 values first (1/255 for models trained on 0–1 input)
 * @param padValue grey level of the letterbox padding
 */
public final class InputSpec {

    private final int width;
    private final int height;
    private final Resize resize;
    private final boolean rgb;
    private final double[] mean;
    private final double[] std;
    private final double scale;
    private final double padValue;

    public enum Resize {
        /** Keep aspect ratio, image at the top-left, pad right and bottom (YOLOX). */
        LETTERBOX_TOP_LEFT,
        /** Keep aspect ratio, image centred, pad all sides equally (YOLOv5, YOLOv8). */
        LETTERBOX_CENTER,
        /** Stretch to the input size, ignoring aspect ratio (PicoDet). */
        STRETCH,
        /** Resize the short side to 256/224 of the input, then crop the centre (ImageNet classifiers). */
        RESIZE_SHORT_CENTER_CROP
    }

    public InputSpec(
            int width,
            int height,
            Resize resize,
            boolean rgb,
            double[] mean,
            double[] std,
            double scale,
            double padValue) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("input size must be positive: " + width + "x" + height);
        }
        mean = mean.clone();
        std = std.clone();
        this.width = width;
        this.height = height;
        this.resize = resize;
        this.rgb = rgb;
        this.mean = mean;
        this.std = std;
        this.scale = scale;
        this.padValue = padValue;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Resize resize() {
        return resize;
    }

    public boolean rgb() {
        return rgb;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] std() {
        return std.clone();
    }

    public double scale() {
        return scale;
    }

    public double padValue() {
        return padValue;
    }

    /**
     * The smallest side an image needs to be fitted into this input without being enlarged: the larger
     * input side for letterbox and stretch, the resized short side (256/224 of the input) for a centre crop.
     */
    public int neededSide() {
        return resize == Resize.RESIZE_SHORT_CENTER_CROP
                ? (int) Math.ceil(Math.min(width, height) * 256.0 / 224.0)
                : Math.max(width, height);
    }

    public int floatsPerImage() {
        return 3 * width * height;
    }
}
