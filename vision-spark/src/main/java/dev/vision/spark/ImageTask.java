package dev.vision.spark;

import dev.vision.core.capture.ImageDecoder;
import dev.vision.core.capture.OrderedAhead;
import dev.vision.core.capture.UnreadableInputException;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.inference.ImageModel;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.security.AccessControlException;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.util.TaskCompletionListener;

/**
 * One partition of images (the paths Spark's binaryFile source lists) through the executor's model, a batch at
 * a time. Each file is read on the executor's decoder threads; one that cannot be read (removed after the
 * listing, no permission, an I/O error) or decoded becomes a row with {@code error} and the reason. Images are
 * decoded as {@code vision classify|detect --no-save} decodes them: a large JPEG at a reduced size.
 */
final class ImageTask implements MapPartitionsFunction<Row, Row> {

    /** The executor's decoder threads, one per core, shared by its tasks. */
    private static final ExecutorService DECODERS =
            Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(), r -> {
                Thread t = new Thread(r, "vision-decode");
                t.setDaemon(true);
                return t;
            });

    private final JobSettings settings;

    ImageTask(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        ImageModel<?> model = ExecutorModels.borrowForTask(settings.model());
        ImageDecoder decoder = new ImageDecoder();
        int needed = model.neededImageSide();
        // one Hadoop configuration for the task: made per file, it read Hadoop's default XML files again for
        // each image (the job ran at half the rate of vision classify)
        Configuration hadoop = new Configuration();
        // the task's thread reads the files and runs the model; the images of the next two batches are
        // decoded meanwhile on the executor's decoder threads
        OrderedAhead<BatchedRows.Item> decoded = new OrderedAhead<>(
                OrderedAhead.<Row, BatchedRows.Item>jobs(files, file -> {
                    String path = file.getString(file.fieldIndex("path"));
                    return () -> decode(decoder, hadoop, path, needed);
                }),
                DECODERS,
                2 * settings.batch(),
                item -> {
                    if (item instanceof BatchedRows.Decoded d) {
                        d.frame().close();
                    }
                });
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> decoded.close());
        }
        return new BatchedRows(
                () -> decoded.next().orElse(null),
                model,
                settings.batch(),
                settings.model().task());
    }

    private static BatchedRows.Item decode(ImageDecoder decoder, Configuration hadoop, String path, int needed) {
        try {
            byte[] content = read(hadoop, path);
            if (content.length == 0) {
                throw new UnreadableInputException(path, "empty file (0 bytes)");
            }
            ImageDecoder.Decoded image = decoder.decode(path, content, needed);
            return new BatchedRows.Decoded(
                    new Frame(image.image(), new FrameMeta(path, 0, 0, image.fullWidth(), image.fullHeight())));
        } catch (UnreadableInputException e) {
            return new BatchedRows.Failed(path, e.reason());
        }
    }

    /** The file's bytes, through Hadoop's file system (local, HDFS, S3A: whatever the path names). */
    private static byte[] read(Configuration hadoop, String path) throws UnreadableInputException {
        Optional<String> dangling = DanglingLinks.reason(path);
        if (dangling.isPresent()) {
            throw new UnreadableInputException(path, dangling.get());
        }
        Path file = new Path(path);
        try (FSDataInputStream in = file.getFileSystem(hadoop).open(file)) {
            return in.readAllBytes();
        } catch (FileNotFoundException e) { // Hadoop's local file system says "(Permission denied)" this way too
            throw new UnreadableInputException(
                    path,
                    String.valueOf(e.getMessage()).contains("Permission denied")
                            ? "permission denied"
                            : "no such file (removed after the input was listed?)");
        } catch (AccessControlException e) {
            throw new UnreadableInputException(path, "permission denied");
        } catch (IOException e) {
            String why = String.valueOf(e.getMessage());
            throw new UnreadableInputException(
                    path, why.contains("Permission denied") ? "permission denied" : "cannot read it: " + why);
        }
    }
}
