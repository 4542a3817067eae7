package dev.vision.core.pipeline;

import dev.vision.core.VisionException;
import dev.vision.core.capture.FrameSource;
import dev.vision.core.capture.SourceThreadDiedException;
import dev.vision.core.frame.Frame;
import dev.vision.core.overlay.Annotator;
import dev.vision.core.result.FrameResult;
import dev.vision.core.sink.ResultSink;
import dev.vision.core.sink.SinkFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Capture thread → inference on the calling thread (with several workers: a batcher thread deals batches
 * to them, each the only user of its model) → result stages and sinks on an output thread, joined by
 * bounded hand-offs. File input blocks when a stage is behind, so nothing is lost; live input keeps only
 * the latest frame, so latency stays bounded and replaced frames are counted as dropped. The end of input,
 * {@link #stop()} (Ctrl-C) and a failing sink all end the run the same way: every stage drains, frames are
 * closed, and the sinks are left to the caller to close, complete.
 */
public final class Pipeline {

    private final FrameSource source;
    private final FrameProcessor model;
    private final List<ResultStage> stages;
    private final Annotator annotator;
    private final List<ResultSink> sinks;
    private final PipelineOptions options;
    private final RunListener listener;
    private final boolean needsPixels;
    private final RunStats stats;
    private final int workers;
    private final IntFunction<FrameProcessor> moreWorkers;
    private final WorkerShare share;
    private volatile boolean stopRequested;

    /** Longest a live batch waits for frames of other sources after its first frame. */
    static final long LIVE_BATCH_WAIT_MS = 10;

    /**
     * A pipeline over {@code source}; most programs build one through the run builder, {@code VisionRun}.
     *
     * @param stages run in order on each result, in frame order, before the annotator
     * @param stats  where the counters go (live while it runs)
     */
    public Pipeline(
            FrameSource source,
            FrameProcessor model,
            List<ResultStage> stages,
            Annotator annotator,
            List<ResultSink> sinks,
            PipelineOptions options,
            RunListener listener,
            RunStats stats) {
        this(source, model, 1, null, WorkerShare.BATCHES, stages, annotator, sinks, options, listener, stats);
    }

    /**
     * A pipeline whose model step runs on {@code workers} threads: {@code model} on the calling thread, and
     * {@code moreWorkers.apply(i)} for i = 1 … workers-1, each made on (and only used by) its own worker
     * thread, which closes it at the end when it is {@link AutoCloseable}. Batches go to the workers as
     * {@code share} says and their results put back in frame order before the stages, the annotator and the sinks.
     */
    public Pipeline(
            FrameSource source,
            FrameProcessor model,
            int workers,
            IntFunction<FrameProcessor> moreWorkers,
            WorkerShare share,
            List<ResultStage> stages,
            Annotator annotator,
            List<ResultSink> sinks,
            PipelineOptions options,
            RunListener listener,
            RunStats stats) {
        this.source = source;
        this.model = model;
        this.stages = List.copyOf(stages);
        this.annotator = annotator;
        this.sinks = List.copyOf(sinks);
        this.options = options;
        this.listener = listener;
        this.stats = stats;
        this.needsPixels = this.sinks.stream().anyMatch(ResultSink::needsPixels);
        if (workers < 1 || (workers > 1 && moreWorkers == null)) {
            throw new IllegalArgumentException("workers: at least 1, and a factory for more than 1");
        }
        this.workers = workers;
        this.moreWorkers = moreWorkers;
        this.share = share;
    }

    /** The run's counters, live while it runs. */
    public RunStats stats() {
        return stats;
    }

    /** Ends the run early and in order (Ctrl-C): capture stops, frames in flight are finished. Any thread. */
    public void stop() {
        stats.interrupted();
        endEarly();
    }

    /** Ends capture without calling the run interrupted: after a failure, or once the run is over. */
    private void endEarly() {
        stopRequested = true;
        source.requestStop();
    }

    private record Captured(Frame frame, long capturedAtNanos) {}

    /** What reaches the sink side: a result with its frame, a skipped input, or a failure of a stage. */
    private sealed interface Item permits Item.Result, Item.Skip, Item.Failure {
        record Result(Captured captured, FrameResult result) implements Item {}

        record Skip(String input, String reason) implements Item {}

        record Failure(RuntimeException failure) implements Item {}
    }

    /**
     * What a thread of the run threw, as the run reports it: the core's own errors (a source that cannot be
     * read) as they are, anything else as the failure of that part.
     */
    private static RuntimeException failureOf(PartFailedException.Part part, Throwable thrown) {
        if (thrown instanceof VisionException || thrown instanceof PartFailedException) {
            return (RuntimeException) thrown;
        }
        if (thrown instanceof SourceThreadDiedException died) {
            return new PartFailedException(PartFailedException.Part.SOURCE, died.getCause());
        }
        return new PartFailedException(part, thrown);
    }

    /**
     * Runs to the end of input or until {@link #stop()}. Inference runs on the calling thread: PyTorch's
     * intra-op threading only applies on the thread that started the engine (measured: the same model ran
     * at about half speed from another thread), so the model is used where it was loaded.
     */
    public RunStats run() throws SinkFailedException, InterruptedException {
        boolean live = source.isLive();
        // several sources keep their own newest frame each: one shared latest-wins slot would starve all but one
        Handoff<Captured> frames = live && source.streams() == 1
                ? Handoff.latestWins(c -> c.frame().close())
                : Handoff.blocking(options.queueCapacity());
        Handoff<Item> items = Handoff.blocking(options.queueCapacity());
        long expected = source.expectedCount() < 0
                ? -1
                : (source.expectedCount() + options.vidStride() - 1) / options.vidStride();
        source.onSkip((input, reason) -> putQuietly(items, new Item.Skip(input, reason)));
        stats.started();
        Thread capture = new Thread(() -> capture(frames, items), "vision-capture");
        Output output = new Output(items, expected);
        stats.countDropsWith(() -> frames.dropped() + source.dropped());
        Thread writer = new Thread(output, "vision-output");
        capture.setDaemon(true);
        writer.setDaemon(true);
        capture.start();
        writer.start();
        try {
            infer(frames, items, live);
        } finally {
            endEarly();
            capture.join();
            writer.join();
            stats.dropped(frames.dropped() + source.dropped());
            stats.ended();
        }
        if (output.sinkFailure != null) {
            throw output.sinkFailure;
        }
        if (output.stageFailure != null) {
            throw output.stageFailure;
        }
        return stats;
    }

    /** The sink side: annotates, writes, counts and reports each item, in order. */
    private final class Output implements Runnable {
        private final Handoff<Item> items;
        private final long expected;
        private volatile SinkFailedException sinkFailure;
        private volatile RuntimeException stageFailure;

        Output(Handoff<Item> items, long expected) {
            this.items = items;
            this.expected = expected;
        }

        @Override
        public void run() {
            try {
                for (Item item; (item = items.take()) != null; ) {
                    handle(item);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) { // an Error too (out of memory): the run must end, not wait on a dead thread
                stageFailure = stageFailure == null ? failureOf(PartFailedException.Part.OUTPUT, e) : stageFailure;
                endEarly();
                Thread.interrupted(); // a killed thread is also interrupted; draining must still wait for the end
                drainItems();
            }
        }

        private void handle(Item item) {
            if (item instanceof Item.Failure failed) {
                stageFailure = stageFailure == null ? failed.failure() : stageFailure;
                endEarly();
            } else if (item instanceof Item.Skip skip) {
                stats.skip();
                listener.skipped(skip.input(), skip.reason(), stats.processed() + stats.skipped(), expected);
            } else if (sinkFailure != null || stageFailure != null) {
                ((Item.Result) item).captured().frame().close(); // draining after a failure: nothing more is written
            } else {
                try {
                    FrameResult result = deliver((Item.Result) item);
                    listener.processed(result, stats.processed() + stats.skipped(), expected);
                } catch (SinkFailedException e) {
                    sinkFailure = e;
                    endEarly();
                }
            }
        }

        private void drainItems() {
            try {
                for (Item item; (item = items.take()) != null; ) {
                    if (item instanceof Item.Result r) {
                        r.captured().frame().close();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void capture(Handoff<Captured> frames, Handoff<Item> items) {
        try {
            Map<Integer, Long> seenPerStream = new HashMap<>(); // --vid-stride counts per source
            long taken = 0;
            while (!stopRequested && (options.maxFrames() == 0 || taken < options.maxFrames())) {
                long start = System.nanoTime();
                Optional<Frame> next = source.next();
                if (next.isEmpty()) {
                    break;
                }
                stats.countRead();
                Frame frame = next.get();
                long n = seenPerStream.merge(frame.meta().stream(), 1L, Long::sum) - 1;
                if (n % options.vidStride() != 0) {
                    frame.close();
                    continue;
                }
                long now = System.nanoTime();
                stats.stage(Stage.DECODE).record((now - start) / 1e6);
                frames.put(new Captured(frame, now));
                taken++;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            putQuietly(items, new Item.Failure(failureOf(PartFailedException.Part.CAPTURE, e)));
        } finally {
            frames.end();
        }
    }

    /**
     * Batches frames for the model: files fill each batch (nothing is lost by waiting); one live source runs
     * frame by frame (waiting adds latency); several live sources share a model call when frames of other
     * sources arrive within {@link #LIVE_BATCH_WAIT_MS}. With one worker the batches are made and run on
     * this thread; with more, a batcher thread deals them out and this thread is worker 0.
     */
    private void infer(Handoff<Captured> frames, Handoff<Item> items, boolean live) {
        int batchSize = live && source.streams() == 1 ? 1 : options.batchSize();
        InOrder inOrder = new InOrder(items);
        JobQueues queues = new JobQueues(share, workers, Math.max(2, options.queueCapacity() / workers));
        List<Worker> pool = new ArrayList<>();
        Batcher batcher = null;
        try {
            for (int i = 1; i < workers; i++) {
                pool.add(new Worker(i, queues.of(i), inOrder));
            }
            for (Worker w : pool) {
                w.ready.await();
                if (w.loadFailure != null) {
                    throw w.loadFailure;
                }
            }
            if (workers == 1) {
                long seq = 0;
                for (List<Captured> batch; !(batch = nextBatch(frames, batchSize, live)).isEmpty(); ) {
                    inOrder.deposit(seq++, process(model, batch));
                }
            } else {
                batcher = new Batcher(frames, batchSize, live, queues);
                runJobs(model, queues.of(0), inOrder);
                batcher.joinAndRaise();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            putQuietly(items, new Item.Failure(failureOf(PartFailedException.Part.INFERENCE, e)));
        } finally {
            if (batcher != null) {
                batcher.abandonIfAlive(queues.of(0));
            } else {
                queues.endAll(); // the workers were never dealt a batch
            }
            pool.forEach(Worker::join);
            drain(frames);
            items.end();
        }
    }

    /**
     * The next batch of frames, as many as {@code batchSize} (fewer for a live source once its wait is over,
     * or at the end); empty when capture has ended.
     */
    private List<Captured> nextBatch(Handoff<Captured> frames, int batchSize, boolean live)
            throws InterruptedException {
        Captured first = frames.take();
        if (first == null) {
            return List.of();
        }
        List<Captured> batch = new ArrayList<>(batchSize);
        batch.add(first);
        long waitUntil = System.nanoTime() + LIVE_BATCH_WAIT_MS * 1_000_000L;
        try {
            while (batch.size() < batchSize) {
                Captured more = frames.poll(live ? LIVE_BATCH_WAIT_MS : 20);
                if (more == null) {
                    if (frames.ended() || stopRequested || (live && System.nanoTime() >= waitUntil)) {
                        break;
                    }
                    continue;
                }
                batch.add(more);
            }
        } catch (InterruptedException e) {
            batch.forEach(c -> c.frame().close()); // taken from capture, so ours to close
            throw e;
        }
        return batch;
    }

    /**
     * Runs the jobs of {@code jobs} with {@code processor} until its end marker; a job that fails fills its
     * place in the order with the failure (or the output would wait for it for ever).
     */
    private void runJobs(FrameProcessor processor, BlockingQueue<Job> jobs, InOrder inOrder)
            throws InterruptedException {
        for (Job job; (job = jobs.take()) != Job.END; ) {
            List<Item> done;
            try {
                done = process(processor, job.batch());
            } catch (InterruptedException e) {
                throw e;
            } catch (Throwable e) {
                job.batch().forEach(c -> c.frame().close());
                done = List.of(new Item.Failure(failureOf(PartFailedException.Part.INFERENCE, e)));
            }
            job.afterRun().run();
            inOrder.deposit(job.seq(), done);
        }
    }

    /** A batch and its place in the run's order of batches. */
    private record Job(long seq, List<Captured> batch, Runnable afterRun) {
        /** Tells a worker that no more batches come. */
        static final Job END = new Job(-1, List.of(), () -> {});
    }

    /**
     * Where batches wait for the workers: one queue that every worker takes from ({@link WorkerShare#BATCHES}),
     * or a queue per worker ({@link WorkerShare#STREAMS}).
     */
    private static final class JobQueues {
        private final List<BlockingQueue<Job>> queues = new ArrayList<>();
        private final int workers;

        JobQueues(WorkerShare share, int workers, int capacityEach) {
            this.workers = workers;
            int count = share == WorkerShare.STREAMS ? workers : 1;
            for (int i = 0; i < count; i++) {
                queues.add(new ArrayBlockingQueue<>(share == WorkerShare.STREAMS ? capacityEach : workers));
            }
        }

        BlockingQueue<Job> of(int worker) {
            return queues.get(queues.size() == 1 ? 0 : worker);
        }

        /** One end marker for each worker, once each queue has room for it. */
        void endAll() {
            try {
                for (int i = 0; i < workers; i++) {
                    of(i).put(Job.END);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Makes batches on a thread of its own and deals them out to the workers' queues, then ends them. */
    private final class Batcher {
        private final Thread thread;
        private volatile boolean abandoned;
        private volatile Throwable died;

        Batcher(Handoff<Captured> frames, int batchSize, boolean live, JobQueues queues) {
            thread = new Thread(() -> deal(frames, batchSize, live, queues), "vision-batcher");
            thread.setDaemon(true);
            thread.start();
        }

        /**
         * Takes a batch only when a worker is free (one batch in flight a worker): frames wait in the hand-off
         * from capture, where a live source keeps its newest, rather than in a queue behind busy workers.
         */
        private void deal(Handoff<Captured> frames, int batchSize, boolean live, JobQueues queues) {
            long seq = 0;
            StreamRouter router = new StreamRouter(workers);
            Semaphore free = new Semaphore(workers);
            try {
                while (!abandoned) {
                    if (!free.tryAcquire(50, TimeUnit.MILLISECONDS)) {
                        continue;
                    }
                    List<Captured> batch = nextBatch(frames, batchSize, live);
                    if (batch.isEmpty()) {
                        break;
                    }
                    List<List<Captured>> byWorker =
                            share == WorkerShare.STREAMS ? byStream(batch, router) : List.of(batch);
                    AtomicInteger jobsLeft = new AtomicInteger((int)
                            byWorker.stream().filter(job -> !job.isEmpty()).count());
                    for (int worker = 0; worker < byWorker.size(); worker++) {
                        List<Captured> job = byWorker.get(worker);
                        if (job.isEmpty()) {
                            continue;
                        }
                        List<Integer> streams =
                                job.stream().map(c -> c.frame().meta().stream()).toList();
                        Runnable afterRun = () -> {
                            if (share == WorkerShare.STREAMS) {
                                streams.forEach(router::done);
                            }
                            if (jobsLeft.decrementAndGet() == 0) {
                                free.release(); // the batch's worker time is over
                            }
                        };
                        if (!offer(queues.of(worker), new Job(seq++, job, afterRun))) {
                            job.forEach(c -> c.frame().close());
                            afterRun.run();
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) { // a bug or out of memory: the workers are ended, and the run with this
                died = e;
            } finally {
                queues.endAll();
            }
        }

        /** After the workers ended: raises what killed the batcher, if anything did. */
        void joinAndRaise() throws Throwable {
            thread.join(); // it has put the end markers: it is ending
            if (died != null) {
                throw died;
            }
        }

        /** Waits for room, unless the run gave up on this batcher (worker 0 stopped taking). */
        private boolean offer(BlockingQueue<Job> queue, Job job) throws InterruptedException {
            while (!abandoned) {
                if (queue.offer(job, 50, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            }
            return false;
        }

        /**
         * When worker 0 (the calling thread) stopped before the end (interrupted): capture is ended, the
         * batcher stops dealing, and the batches waiting for worker 0 are closed so that its end marker finds
         * room. End markers are left where they are: another worker may need one.
         */
        void abandonIfAlive(BlockingQueue<Job> ownQueue) {
            if (!thread.isAlive()) {
                return;
            }
            abandoned = true;
            endEarly();
            boolean interrupted = Thread.interrupted(); // cleared while waiting, so that the wait works
            try {
                while (thread.isAlive()) {
                    ownQueue.removeIf(Batcher::closeUnlessEnd);
                    thread.join(50);
                }
            } catch (InterruptedException e) {
                interrupted = true;
            }
            ownQueue.removeIf(Batcher::closeUnlessEnd);
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }

        private static boolean closeUnlessEnd(Job job) {
            if (job == Job.END) {
                return false;
            }
            job.batch().forEach(c -> c.frame().close());
            return true;
        }
    }

    /** The batch's frames for each worker (index 0 is the calling thread), as {@code router} places streams. */
    private List<List<Captured>> byStream(List<Captured> batch, StreamRouter router) {
        List<List<Captured>> byWorker = new ArrayList<>(workers);
        for (int i = 0; i < workers; i++) {
            byWorker.add(new ArrayList<>());
        }
        for (Captured c : batch) {
            byWorker.get(router.route(c.frame().meta().stream())).add(c);
        }
        return byWorker;
    }

    /** Puts the batches' items into the output hand-off in batch order, whichever worker finishes first. */
    private static final class InOrder {
        private final Handoff<Item> items;
        private final TreeMap<Long, List<Item>> waiting = new TreeMap<>();
        private long expected;

        InOrder(Handoff<Item> items) {
            this.items = items;
        }

        synchronized void deposit(long seq, List<Item> done) throws InterruptedException {
            waiting.put(seq, done);
            while (!waiting.isEmpty() && waiting.firstKey() == expected) {
                for (Item item : waiting.pollFirstEntry().getValue()) {
                    items.put(item);
                }
                expected++;
            }
        }
    }

    /** An inference thread with its own model, made and closed on that thread. */
    private final class Worker {
        final Thread thread;
        final CountDownLatch ready = new CountDownLatch(1);
        volatile RuntimeException loadFailure;

        Worker(int index, BlockingQueue<Job> jobs, InOrder inOrder) {
            thread = new Thread(() -> run(index, jobs, inOrder), "vision-worker-" + index);
            thread.setDaemon(true);
            thread.start();
        }

        private void run(int index, BlockingQueue<Job> jobs, InOrder inOrder) {
            FrameProcessor own;
            try {
                own = moreWorkers.apply(index);
            } catch (Throwable e) {
                loadFailure = failureOf(PartFailedException.Part.INFERENCE, e);
                ready.countDown();
                discardJobs(jobs);
                return;
            }
            ready.countDown();
            try {
                runJobs(own, jobs, inOrder);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                if (own instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception ignored) {
                        // the run is over; a model that fails to close holds nothing we still need
                    }
                }
            }
        }

        /** After a failed load: frames sent here are closed, so the run ends with its failure, not a hang. */
        private void discardJobs(BlockingQueue<Job> jobs) {
            try {
                for (Job job; (job = jobs.take()) != Job.END; ) {
                    job.batch().forEach(c -> c.frame().close());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void join() {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Runs one batch; a failing batch is retried frame by frame so that only the frame at fault is skipped.
     * Only a frame's fault ({@link FrameFault}) is skipped; a bug ends the run.
     */
    private List<Item> process(FrameProcessor processor, List<Captured> batch) throws InterruptedException {
        List<FrameOutcome> outcomes;
        try {
            outcomes = processor.processEach(batch.stream().map(Captured::frame).toList());
        } catch (RuntimeException bug) {
            batch.forEach(c -> c.frame().close());
            throw bug;
        }
        List<Item> out = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Captured c = batch.get(i);
            if (outcomes.get(i) instanceof FrameOutcome.Processed processed) {
                out.add(new Item.Result(c, processed.result()));
            } else {
                Frame f = c.frame();
                String input = f.meta().index() > 0 || source.isLive()
                        ? f.meta().source() + " frame " + f.meta().index()
                        : f.meta().source();
                f.close();
                out.add(new Item.Skip(input, ((FrameOutcome.Skipped) outcomes.get(i)).reason()));
            }
        }
        return out;
    }

    /** Runs the result stages, draws, writes; returns the result as the stages left it. */
    private FrameResult deliver(Item.Result item) throws SinkFailedException {
        Frame frame = item.captured().frame();
        try {
            FrameResult result = item.result();
            for (ResultStage stage : stages) {
                result = stage.apply(result, frame.image());
            }
            long t0 = System.nanoTime();
            if (needsPixels) {
                annotator.annotate(frame.image(), result);
            }
            long t1 = System.nanoTime();
            for (ResultSink sink : sinks) {
                sink.accept(result, needsPixels ? frame.image() : null);
            }
            long t2 = System.nanoTime();
            stats.add(result);
            stats.stage(Stage.ANNOTATE).record((t1 - t0) / 1e6);
            stats.stage(Stage.WRITE).record((t2 - t1) / 1e6);
            double latencyMs = (t2 - item.captured().capturedAtNanos()) / 1e6;
            stats.stage(Stage.LATENCY).record(latencyMs);
            stats.latency(result.meta().stream(), latencyMs);
            return result;
        } catch (IOException e) {
            throw new SinkFailedException(e.getMessage(), e);
        } finally {
            frame.close();
        }
    }

    /** Closes what capture still delivers after inference stopped, until capture has ended too. */
    private static void drain(Handoff<Captured> frames) {
        try {
            for (Captured left; (left = frames.take()) != null; ) {
                left.frame().close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> void putQuietly(Handoff<T> handoff, T item) {
        try {
            handoff.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
