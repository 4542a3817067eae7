package dev.vision.spark;

import dev.vision.core.frame.Frame;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.pipeline.FrameOutcome;
import dev.vision.core.pipeline.FrameProcessor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * The rows of one task, made a batch at a time: up to {@code batch} frames go through the model in one
 * call, then their rows (and those of inputs that could not be read, in their place) are handed out.
 * Frames are closed as soon as their batch is done.
 */
final class BatchedRows implements Iterator<Row> {

    /** What a task reads: frames, or inputs that failed (a row with an error). */
    interface Input {
        /** The next frame or failure, or null at the end. */
        Item next();
    }

    /** A frame to run the model on, or an input that failed. */
    sealed interface Item permits Decoded, Failed {}

    /** A frame to run the model on; its batch closes it. */
    record Decoded(Frame frame) implements Item {}

    /** An input that could not be read: a row with its reason as {@code error}. */
    record Failed(String source, String reason) implements Item {}

    private final Input input;
    private final FrameProcessor processor;
    private final int batch;
    private final ModelFamily.Task task;
    private final ArrayDeque<Row> ready = new ArrayDeque<>();
    private boolean ended;

    BatchedRows(Input input, ImageModel<?> model, int batch, ModelFamily.Task task) {
        this.input = input;
        this.processor = FrameProcessor.of(model);
        this.batch = batch;
        this.task = task;
    }

    @Override
    public boolean hasNext() {
        while (ready.isEmpty() && !ended) {
            fill();
        }
        return !ready.isEmpty();
    }

    @Override
    public Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return ready.poll();
    }

    private void fill() {
        List<Item> items = new ArrayList<>();
        List<Frame> frames = new ArrayList<>();
        while (frames.size() < batch) {
            Item item = input.next();
            if (item == null) {
                ended = true;
                break;
            }
            items.add(item);
            if (item instanceof Decoded d) {
                frames.add(d.frame());
            }
        }
        try {
            List<FrameOutcome> outcomes = frames.isEmpty() ? List.of() : run(frames);
            int next = 0;
            for (Item item : items) {
                if (item instanceof Failed f) {
                    ready.add(ResultRows.error(f.source(), f.reason()));
                } else if (item instanceof Decoded d) {
                    FrameOutcome outcome = outcomes.get(next++);
                    ready.add(
                            outcome instanceof FrameOutcome.Processed processed
                                    ? ResultRows.of(processed.result(), task)
                                    : ResultRows.error(
                                            d.frame().meta().source(), ((FrameOutcome.Skipped) outcome).reason()));
                }
            }
        } finally {
            frames.forEach(Frame::close);
        }
    }

    /**
     * The batch's outcomes: a frame at fault is an error row ({@link FrameOutcome.Skipped}); a bug fails the
     * task, as Spark then reports it.
     */
    private List<FrameOutcome> run(List<Frame> frames) {
        try {
            return processor.processEach(frames);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("the task was interrupted", e);
        }
    }
}
