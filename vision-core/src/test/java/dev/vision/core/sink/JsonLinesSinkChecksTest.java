package dev.vision.core.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

class JsonLinesSinkChecksTest extends SinkChecks {

    @Override
    protected ResultSink open(Path dir) throws Exception {
        return new JsonLinesSink(Files.newOutputStream(dir.resolve("out.jsonl")), true);
    }

    @Override
    protected List<Long> readBack(Path dir) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<Long> frames = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("out.jsonl"))) {
            var node = mapper.readTree(line); // every line is whole JSON
            frames.add(node.get("frame").asLong());
            // the track id of a tracked detection is written too
            assertEquals(
                    node.get("frame").asLong() + 1,
                    node.get("detections").get(0).get("track_id").asLong());
        }
        return frames;
    }
}
