package dev.vision.spark;

import dev.vision.core.capture.ImageDecoder;
import dev.vision.core.capture.UnreadableInputException;
import dev.vision.core.frame.Frame;
import dev.vision.core.frame.FrameMeta;
import dev.vision.core.inference.ImageModel;
import java.util.Iterator;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;

/**
 * One partition of images (rows of Spark's binaryFile source: path and content) through the executor's
 * model, a batch at a time. An image that cannot be decoded becomes a row with {@code error}. Images are
 * decoded as {@code vision classify|detect --no-save} decodes them: a large JPEG at a reduced size.
 */
final class ImageTask implements MapPartitionsFunction<Row, Row> {

    private final JobSettings settings;

    ImageTask(JobSettings settings) {
        this.settings = settings;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> files) {
        ImageModel<?> model = ExecutorModels.borrowForTask(settings.model());
        ImageDecoder decoder = new ImageDecoder();
        int needed = model.neededImageSide();
        return new BatchedRows(
                () -> {
                    if (!files.hasNext()) {
                        return null;
                    }
                    Row file = files.next();
                    String path = file.getString(file.fieldIndex("path"));
                    byte[] content = file.getAs("content");
                    try {
                        if (content == null || content.length == 0) {
                            throw new UnreadableInputException(path, "empty file (0 bytes)");
                        }
                        ImageDecoder.Decoded image = decoder.decode(path, content, needed);
                        return BatchedRows.Item.frame(new Frame(
                                image.image(), new FrameMeta(path, 0, 0, image.fullWidth(), image.fullHeight())));
                    } catch (UnreadableInputException e) {
                        return BatchedRows.Item.failed(path, e.reason());
                    }
                },
                model,
                settings.batch(),
                settings.model().classification());
    }
}
