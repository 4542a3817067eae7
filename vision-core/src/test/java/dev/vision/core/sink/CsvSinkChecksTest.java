package dev.vision.core.sink;

import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;

class CsvSinkChecksTest extends SinkChecks {

    @Override
    protected ResultSink open(Path dir) throws Exception {
        return new CsvSink(
                new OutputStreamWriter(Files.newOutputStream(dir.resolve("out.csv")), StandardCharsets.UTF_8),
                CsvSink.Rows.DETECTIONS);
    }

    @Override
    protected List<Long> readBack(Path dir) throws Exception {
        List<Long> frames = new ArrayList<>();
        try (var reader = Files.newBufferedReader(dir.resolve("out.csv"))) {
            for (CSVRecord row : CSVFormat.DEFAULT
                    .builder()
                    .setHeader()
                    .setSkipHeaderRecord(true)
                    .get()
                    .parse(reader)) {
                frames.add(Long.parseLong(row.get("frame")));
            }
        }
        return frames;
    }
}
