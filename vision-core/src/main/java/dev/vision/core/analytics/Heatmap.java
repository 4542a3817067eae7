package dev.vision.core.analytics;

import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Point;
import dev.vision.core.pipeline.PerStreamStage;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;
import org.opencv.core.Size;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;

/**
 * Where tracked objects were over a run: each tracked detection adds one to the cell of its anchor point
 * (cells of {@value #CELL} pixels), so a place is as hot as the object-frames spent there. {@link #render()}
 * blurs the counts, scales them to the hottest place and lays them, coloured from blue to red, over the
 * source's last frame. A result stage after tracking; one per source. Not thread-safe.
 */
public final class Heatmap implements ResultStage, AutoCloseable {

    static final int CELL = 4;

    private final Anchor anchor;
    private double[] counts;
    private int columns;
    private int rows;
    private int width;
    private int height;
    private final Mat lastFrame = new Mat();

    public Heatmap(Anchor anchor) {
        this.anchor = anchor;
    }

    @Override
    public FrameResult apply(FrameResult result) {
        if (result instanceof DetectionResult frame) {
            accumulate(frame);
        }
        return result;
    }

    @Override
    public FrameResult apply(FrameResult result, Mat image) {
        if (result instanceof DetectionResult frame) {
            accumulate(frame);
            if (image != null && !image.empty()) {
                image.copyTo(lastFrame); // reuses the buffer after the first frame
            }
        }
        return result;
    }

    private void accumulate(DetectionResult frame) {
        if (counts == null) {
            width = frame.meta().width();
            height = frame.meta().height();
            columns = Math.max(1, (width + CELL - 1) / CELL);
            rows = Math.max(1, (height + CELL - 1) / CELL);
            counts = new double[columns * rows];
        }
        for (Detection d : frame.detections()) {
            if (d.trackId().isEmpty()) {
                continue;
            }
            Point p = anchor.of(d.box());
            int c = (int) Math.floor(p.x() / CELL);
            int r = (int) Math.floor(p.y() / CELL);
            if (c >= 0 && c < columns && r >= 0 && r < rows) {
                counts[r * columns + c]++;
            }
        }
    }

    /**
     * The blurred counts at full frame size, 0 … 1 (1 at the hottest place), as a one-channel 32-bit float
     * image; empty before the first frame. The caller owns and releases it.
     */
    public Mat density() {
        Mat grid = new Mat();
        if (counts == null) {
            return grid;
        }
        Mat cells = new Mat(rows, columns, CvType.CV_32F);
        float[] values = new float[counts.length];
        for (int i = 0; i < counts.length; i++) {
            values[i] = (float) counts[i];
        }
        cells.put(0, 0, values);
        double sigma = Math.max(1.5, 0.015 * Math.max(columns, rows) * 2);
        Imgproc.GaussianBlur(cells, cells, new Size(0, 0), sigma);
        Imgproc.resize(cells, grid, new Size(width, height), 0, 0, Imgproc.INTER_LINEAR);
        cells.release();
        double max = Core.minMaxLoc(grid).maxVal;
        if (max > 0) {
            Core.multiply(grid, new Scalar(1 / max), grid);
        }
        return grid;
    }

    /**
     * The heat, coloured (blue cold, red hot), laid over the last frame where there is any: a BGR image the
     * size of the frames; empty before the first frame. The caller owns and releases it.
     */
    public Mat render() {
        Mat density = density();
        if (density.empty()) {
            return density;
        }
        Mat bytes = new Mat();
        Mat colours = new Mat();
        Mat base = lastFrame.empty() ? Mat.zeros(height, width, CvType.CV_8UC3) : new Mat();
        try {
            density.convertTo(bytes, CvType.CV_8U, 255);
            Imgproc.applyColorMap(bytes, colours, Imgproc.COLORMAP_JET);
            if (!lastFrame.empty()) {
                Imgproc.resize(lastFrame, base, new Size(width, height));
            }
            // heat shows in proportion to itself, up to 70 % where hottest; the frame shows through elsewhere
            Mat out = new Mat(height, width, CvType.CV_8UC3);
            byte[] b = new byte[(int) (base.total() * 3)];
            byte[] c = new byte[b.length];
            float[] d = new float[(int) density.total()];
            base.get(0, 0, b);
            colours.get(0, 0, c);
            density.get(0, 0, d);
            for (int i = 0; i < d.length; i++) {
                double a = d[i] < 0.02 ? 0 : 0.3 + 0.4 * d[i];
                for (int k = 0; k < 3; k++) {
                    int j = 3 * i + k;
                    b[j] = (byte) Math.round((1 - a) * (b[j] & 0xff) + a * (c[j] & 0xff));
                }
            }
            out.put(0, 0, b);
            return out;
        } finally {
            density.release();
            bytes.release();
            colours.release();
            base.release();
        }
    }

    /**
     * Writes each stream's heatmap and closes it: to {@code file} for a run's only stream, else to FILE-N.png
     * for stream N.
     *
     * @return the files written
     */
    public static List<Path> writeAll(PerStreamStage<Heatmap> heatmaps, Path file) throws IOException {
        Map<Integer, Heatmap> byStream = heatmaps.byStream();
        boolean several = byStream.size() > 1 || (!byStream.isEmpty() && !byStream.containsKey(0));
        List<Path> written = new ArrayList<>();
        for (var e : byStream.entrySet()) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            Path target = several
                    ? file.resolveSibling(name.substring(0, dot) + "-" + e.getKey() + name.substring(dot))
                    : file;
            try (Heatmap heatmap = e.getValue()) {
                heatmap.write(target);
            }
            written.add(target);
        }
        return written;
    }

    /** Writes {@link #render()} as an image file (PNG for a .png name), making its folder if need be. */
    public void write(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        if (folder != null) {
            Files.createDirectories(folder);
        }
        Mat image = render();
        try {
            if (image.empty()) {
                throw new IOException("cannot write the heatmap " + file + ": no frame was tracked");
            }
            if (!Imgcodecs.imwrite(file.toString(), image)) {
                throw new IOException("cannot write the heatmap " + file);
            }
        } finally {
            image.release();
        }
    }

    @Override
    public void close() {
        lastFrame.release();
    }
}
