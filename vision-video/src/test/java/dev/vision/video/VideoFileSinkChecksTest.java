package dev.vision.video;

import dev.vision.core.frame.Frame;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.sink.SinkChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The MP4 sink under the sink contract: every frame accepted is a frame of the finished, playable file. */
class VideoFileSinkChecksTest extends SinkChecks {

    @Override
    protected ResultSink open(Path dir) throws Exception {
        return new VideoFileSink(dir.resolve("out.mp4"), 10, false);
    }

    @Override
    protected List<Long> readBack(Path dir) throws Exception {
        Path video = dir.resolve("out.mp4");
        List<Long> frames = new ArrayList<>();
        if (!Files.exists(video)) {
            return frames; // nothing accepted: no video at all rather than a broken one
        }
        try (FfmpegSource source = FfmpegSource.openFile(video.toString())) {
            for (Optional<Frame> f; (f = source.next()).isPresent(); ) {
                try (Frame frame = f.get()) {
                    frames.add(frame.meta().index());
                }
            }
        }
        return frames;
    }
}
