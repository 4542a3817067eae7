package dev.vision.core.sink;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opencv.imgcodecs.Imgcodecs;

class AnnotatedImageSinkChecksTest extends SinkChecks {

    @Override
    protected ResultSink open(Path dir) throws Exception {
        return new AnnotatedImageSink(dir);
    }

    /** Each image is named after its source ("frame7_7.jpg") and must decode. */
    @Override
    protected List<Long> readBack(Path dir) throws Exception {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(name -> name.endsWith(".jpg"))
                    .peek(name -> {
                        var m = Imgcodecs.imread(dir.resolve(name).toString());
                        if (m.empty()) {
                            throw new AssertionError(name + " does not decode");
                        }
                        m.release();
                    })
                    .map(name -> Long.parseLong(name.replaceAll("^frame(\\d+).*", "$1")))
                    .sorted()
                    .toList();
        }
    }
}
