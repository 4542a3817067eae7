package dev.vision.core.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.frame.FrameMeta;
import dev.vision.core.frame.OpenCvRuntime;
import dev.vision.core.result.Box;
import dev.vision.core.result.Classification;
import dev.vision.core.result.Detection;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.StageTimings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

/**
 * What every {@link ResultSink} promises, run against each implementation (see the subclasses): every
 * result accepted is in the output, in order, once the sink is closed; a sink closed with nothing written
 * leaves a valid, empty output; closing twice is safe; no temporary files are left behind.
 */
public abstract class SinkChecks {

    static {
        OpenCvRuntime.load();
    }

    @TempDir
    protected Path dir;

    /** A new sink writing under {@code dir}. */
    protected abstract ResultSink open(Path dir) throws Exception;

    /** The frame indices found in what the sink wrote under {@code dir}, in the order written. */
    protected abstract List<Long> readBack(Path dir) throws Exception;

    /** Whether the sink writes classification results (CSV of one kind writes only its own). */
    protected boolean classification() {
        return false;
    }

    protected FrameResult result(long index) {
        FrameMeta meta = new FrameMeta("frame" + index + ".jpg", index, index * 100, 64, 48);
        if (classification()) {
            return FrameResult.ofClasses(meta, List.of(new Classification("tabby", 281, 0.7f)), StageTimings.ZERO);
        }
        return FrameResult.ofDetections(
                meta,
                List.of(new Detection("dog", 16, 0.85f, new Box(4, 5, 30, 40)).withTrackId(index + 1)),
                StageTimings.ZERO);
    }

    private static Mat canvas(long index) {
        return new Mat(48, 64, CvType.CV_8UC3, new Scalar(40 + index, 80, 120));
    }

    private void write(ResultSink sink, int frames) throws Exception {
        for (int i = 0; i < frames; i++) {
            Mat pixels = canvas(i);
            try {
                sink.accept(result(i), sink.needsPixels() ? pixels : null);
            } finally {
                pixels.release();
            }
        }
    }

    @Test
    void everyAcceptedResultIsInTheOutputInOrderOnceClosed() throws Exception {
        ResultSink sink = open(dir);
        write(sink, 12);
        sink.close();
        List<Long> expected = new ArrayList<>();
        for (long i = 0; i < 12; i++) {
            expected.add(i);
        }
        assertEquals(expected, readBack(dir));
        assertNoTemporaryFiles();
    }

    @Test
    void aSinkClosedWithNothingWrittenLeavesAnEmptyValidOutput() throws Exception {
        ResultSink sink = open(dir);
        sink.close();
        assertEquals(List.of(), readBack(dir));
        assertNoTemporaryFiles();
    }

    @Test
    void closingTwiceIsSafe() throws Exception {
        ResultSink sink = open(dir);
        write(sink, 2);
        sink.close();
        sink.close();
        assertEquals(List.of(0L, 1L), readBack(dir));
    }

    private void assertNoTemporaryFiles() throws Exception {
        try (var files = Files.walk(dir)) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().contains(".part"))
                    .toList();
            assertTrue(parts.isEmpty(), "temporary files left: " + parts);
        }
    }
}
