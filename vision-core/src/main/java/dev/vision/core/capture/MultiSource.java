package dev.vision.core.capture;

import dev.vision.core.frame.Frame;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Several sources read as one: each has its own reader thread and its own small buffer, and {@link #next()}
 * takes from them in turn (round robin), skipping any that has nothing ready, so a slow, stalled or
 * reconnecting source never holds the others back. A live source keeps only its newest frame (replaced
 * frames are counted in {@link #dropped()}); a file source waits when its buffer is full, so nothing of a
 * file is lost. Every frame comes out with its {@link dev.vision.core.frame.FrameMeta#stream() stream}, the
 * source's position in the list given. Ends when every source has ended.
 *
 * <p>Takes ownership of the sources: one that ends of its own accord is closed by its reader thread; those
 * stopped by {@link #requestStop()} (and all, if reading never started) are closed by {@link #close()}, which
 * the owner calls once the run's outputs are finished. Releasing a camera takes FFmpeg's decoder apart and
 * trims the native heap under a lock that JavaCV's video recorders share: 64 cameras stopped at once, each
 * releasing on its reader thread, kept the recorders from finishing their videos within the 8 s a stop may
 * take.
 */
public final class MultiSource implements FrameSource {

    /** Frames a file source may read ahead of the model. */
    static final int FILE_BUFFER = 4;

    private final List<FrameSource> sources;
    private final List<String> names;
    private final List<String> streamNames;
    private final List<Lane> lanes = new ArrayList<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition frameReady = lock.newCondition();
    private final Condition spaceFree = lock.newCondition();
    private final List<Thread> readers = new ArrayList<>();
    private volatile boolean stopping;
    private volatile SkipListener skipListener = (input, reason) -> {};
    /** What killed a reader thread (an Error: out of memory, a broken native library); ends the whole run. */
    private volatile Throwable readerDied;

    private int cursor;
    private boolean started;
    private boolean closed;

    private static final class Lane {
        final ArrayDeque<Frame> frames = new ArrayDeque<>();
        final boolean live;
        boolean ended;
        /** Its source was closed (by its reader, or by {@link MultiSource#close()}). */
        boolean sourceClosed;

        long dropped;

        Lane(boolean live) {
            this.live = live;
        }
    }

    /**
     * @param sources at least one; their order gives the stream numbers
     * @param names   what the user calls each source (its spec), for messages
     */
    public MultiSource(List<FrameSource> sources, List<String> names) {
        this(sources, names, SourceSpec.positionNames(sources.size()));
    }

    /**
     * @param sources     at least one; their order gives the stream numbers
     * @param names       what the user gave for each source (its spec), for messages
     * @param streamNames what each stream is called in results ({@link dev.vision.core.frame.FrameMeta#streamName()})
     */
    public MultiSource(List<FrameSource> sources, List<String> names, List<String> streamNames) {
        if (sources.isEmpty() || names.size() != sources.size() || streamNames.size() != sources.size()) {
            throw new IllegalArgumentException("one name per source, at least one source");
        }
        this.sources = List.copyOf(sources);
        this.names = List.copyOf(names);
        this.streamNames = List.copyOf(streamNames);
        for (FrameSource s : this.sources) {
            lanes.add(new Lane(s.isLive()));
            s.onSkip((input, reason) -> skipListener.skipped(input, reason));
        }
    }

    /** The sources, in stream order (for their rates and names; do not read from them). */
    public List<FrameSource> sources() {
        return sources;
    }

    @Override
    public Optional<Frame> next() {
        lock.lock();
        try {
            if (!started) {
                started = true;
                for (int i = 0; i < sources.size(); i++) {
                    int stream = i;
                    Thread t = new Thread(() -> read(stream), "vision-source-" + i);
                    t.setDaemon(true);
                    readers.add(t);
                    t.start();
                }
            }
            while (true) {
                if (readerDied != null) {
                    throw new SourceThreadDiedException(readerDied);
                }
                boolean allEnded = true;
                for (int k = 0; k < lanes.size(); k++) {
                    int i = (cursor + k) % lanes.size();
                    Lane lane = lanes.get(i);
                    Frame f = lane.frames.poll();
                    if (f != null) {
                        cursor = i + 1;
                        spaceFree.signalAll();
                        return Optional.of(f);
                    }
                    allEnded &= lane.ended;
                }
                if (allEnded) {
                    return Optional.empty();
                }
                frameReady.await(200, TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            lock.unlock();
        }
    }

    private void read(int stream) {
        FrameSource source = sources.get(stream);
        Lane lane = lanes.get(stream);
        try {
            while (!stopping) {
                Optional<Frame> next = source.next();
                if (next.isEmpty()) {
                    break;
                }
                Frame raw = next.get();
                Frame frame = new Frame(
                        raw.image(), raw.meta().withStream(stream, streamNames.get(stream))); // takes over the Mat
                lock.lock();
                try {
                    if (lane.live) {
                        for (Frame old; (old = lane.frames.poll()) != null; ) {
                            old.close();
                            lane.dropped++;
                        }
                    } else {
                        while (lane.frames.size() >= FILE_BUFFER && !stopping) {
                            spaceFree.await(200, TimeUnit.MILLISECONDS);
                        }
                    }
                    if (stopping) {
                        frame.close();
                        break;
                    }
                    lane.frames.add(frame);
                    frameReady.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            skipListener.skipped(names.get(stream), "stream " + stream + " ended after an error: " + e.getMessage());
        } catch (Error e) { // not one stream's problem: the process itself is short of something
            readerDied = e;
        } finally {
            try {
                boolean closeNow;
                lock.lock();
                try {
                    closeNow = !stopping || closed; // stopped by the run: close() closes it, unless it ran already
                } finally {
                    lock.unlock();
                }
                if (closeNow) {
                    closeSource(stream);
                }
            } finally {
                lock.lock();
                try {
                    lane.ended = true;
                    frameReady.signalAll();
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /** Closes source {@code stream} once, whichever thread gets there first. */
    private void closeSource(int stream) {
        Lane lane = lanes.get(stream);
        lock.lock();
        try {
            if (lane.sourceClosed) {
                return;
            }
            lane.sourceClosed = true;
        } finally {
            lock.unlock();
        }
        sources.get(stream).close();
    }

    @Override
    public boolean isLive() {
        return lanes.stream().anyMatch(l -> l.live);
    }

    /** The highest nominal rate among the sources. */
    @Override
    public double nominalFps() {
        return sources.stream().mapToDouble(FrameSource::nominalFps).max().orElse(0);
    }

    @Override
    public long expectedCount() {
        long sum = 0;
        for (FrameSource s : sources) {
            if (s.expectedCount() < 0) {
                return -1;
            }
            sum += s.expectedCount();
        }
        return sum;
    }

    @Override
    public void onSkip(SkipListener listener) {
        this.skipListener = listener;
    }

    @Override
    public int streams() {
        return sources.size();
    }

    @Override
    public long dropped() {
        lock.lock();
        try {
            long sum = 0;
            for (int i = 0; i < lanes.size(); i++) {
                sum += lanes.get(i).dropped + sources.get(i).dropped();
            }
            return sum;
        } finally {
            lock.unlock();
        }
    }

    /** Frames stream {@code i} replaced before they were taken. */
    public long dropped(int i) {
        lock.lock();
        try {
            return lanes.get(i).dropped + sources.get(i).dropped();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void requestStop() {
        stopping = true;
        sources.forEach(FrameSource::requestStop);
        lock.lock();
        try {
            spaceFree.signalAll();
            frameReady.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the readers, waits for them to end, closes the sources still open, frees frames never taken. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            started = true; // no reader starts after this
        } finally {
            lock.unlock();
        }
        requestStop();
        for (Thread t : readers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        for (int i = 0; i < sources.size(); i++) {
            if (i >= readers.size() || !readers.get(i).isAlive()) { // a reader still running closes its own
                closeSource(i);
            }
        }
        lock.lock();
        try {
            lanes.forEach(l -> l.frames.forEach(Frame::close));
            lanes.forEach(l -> l.frames.clear());
        } finally {
            lock.unlock();
        }
    }
}
