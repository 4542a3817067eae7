package dev.vision.core.sink;

import dev.vision.core.result.Box;
import dev.vision.core.result.Classification;
import dev.vision.core.result.ClassificationResult;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.opencv.core.Mat;

/**
 * CSV with one row per detection (or per class of a classification), carrying the frame's fields on each
 * row. A frame with nothing found still gets one row, with empty object fields, so every frame processed
 * appears in the file.
 */
public final class CsvSink implements ResultSink {

    public static final List<String> DETECTION_HEADER = List.of(
            "source",
            "frame",
            "timestamp_ms",
            "width",
            "height",
            "label",
            "class_id",
            "score",
            "x1",
            "y1",
            "x2",
            "y2",
            "preprocess_ms",
            "inference_ms",
            "postprocess_ms");
    public static final List<String> TRACKED_HEADER = List.of(
            "source",
            "frame",
            "timestamp_ms",
            "width",
            "height",
            "label",
            "class_id",
            "track_id",
            "score",
            "x1",
            "y1",
            "x2",
            "y2",
            "preprocess_ms",
            "inference_ms",
            "postprocess_ms");
    public static final List<String> CLASSIFICATION_HEADER = List.of(
            "source",
            "frame",
            "timestamp_ms",
            "width",
            "height",
            "rank",
            "label",
            "class_id",
            "score",
            "preprocess_ms",
            "inference_ms",
            "postprocess_ms");

    private final CSVPrinter printer;
    private final boolean tracked;
    private boolean closed;

    /** What a row of the file describes, and so its columns. */
    public enum Rows {
        /** One row per detection. */
        DETECTIONS,
        /** One row per detection, with a {@code track_id} column after {@code class_id} (tracked runs). */
        TRACKED_DETECTIONS,
        /** One row per class of a classification, with its rank. */
        CLASSES
    }

    public CsvSink(Writer writer, Rows rows) throws IOException {
        this.tracked = rows == Rows.TRACKED_DETECTIONS;
        List<String> header = switch (rows) {
            case DETECTIONS -> DETECTION_HEADER;
            case TRACKED_DETECTIONS -> TRACKED_HEADER;
            case CLASSES -> CLASSIFICATION_HEADER;
        };
        this.printer = new CSVPrinter(
                writer,
                CSVFormat.DEFAULT
                        .builder()
                        .setHeader(header.toArray(String[]::new))
                        .setRecordSeparator("\n")
                        .get());
        printer.flush();
    }

    @Override
    public void accept(FrameResult r, Mat annotated) throws IOException {
        if (r instanceof DetectionResult dr) {
            if (dr.detections().isEmpty()) {
                printer.printRecord(
                        tracked ? row(r, "", "", "", "", "", "", "", "") : row(r, "", "", "", "", "", "", ""));
            }
            for (Detection d : dr.detections()) {
                Box b = d.box();
                List<Object> fields = new ArrayList<>(List.of(d.label(), d.classId()));
                if (tracked) {
                    fields.add(d.trackId().isPresent() ? d.trackId().getAsLong() : "");
                }
                fields.addAll(List.of(
                        ResultJson.round(d.score(), 1000),
                        ResultJson.round(b.x1(), 10),
                        ResultJson.round(b.y1(), 10),
                        ResultJson.round(b.x2(), 10),
                        ResultJson.round(b.y2(), 10)));
                printer.printRecord(row(r, fields.toArray()));
            }
        } else if (r instanceof ClassificationResult cr) {
            int rank = 1;
            for (Classification c : cr.classes()) {
                printer.printRecord(row(r, rank++, c.label(), c.classId(), ResultJson.round(c.score(), 1000)));
            }
        }
        printer.flush();
    }

    private static List<Object> row(FrameResult r, Object... fields) {
        List<Object> row = new ArrayList<>(fields.length + 8);
        row.add(r.meta().source());
        row.add(r.meta().index());
        row.add(r.meta().timestampMs());
        row.add(r.meta().width());
        row.add(r.meta().height());
        row.addAll(List.of(fields));
        StageTimings t = r.timings();
        row.add(ResultJson.round(t.preprocessMs(), 100));
        row.add(ResultJson.round(t.inferenceMs(), 100));
        row.add(ResultJson.round(t.postprocessMs(), 100));
        return row;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        printer.close(true);
    }
}
