package dev.vision.serve.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Writes to the store off the frame path: callers queue writes and never wait; one thread writes them in
 * batches, one transaction each, at least every {@link #FLUSH_MS} ms. When the queue is full (a slow or dead
 * database) a write is dropped and counted, and the first drop is said once.
 */
public final class StoreWriter implements AutoCloseable {

    /** The longest a queued write waits for its batch: a crash loses at most this much. */
    public static final long FLUSH_MS = 250;

    static final int CAPACITY = 20_000;
    private static final int BATCH = 2_000;
    private static final long CLOSE_WAIT_MS = 5_000;

    /** An object of one sink: its stream and its tracker's id, unique while the sink lives. */
    record ObjectKey(long sink, int stream, long trackId) {}

    /** What a sink asks to write. */
    sealed interface Write permits ObjectOpened, ObjectUpdated, EventHappened {}

    record ObjectOpened(ObjectKey key, String camera, String label, Instant at, long mediaMs, float score)
            implements Write {}

    record ObjectUpdated(
            ObjectKey key,
            Instant lastSeen,
            long lastMediaMs,
            float bestScore,
            OptionalDouble topSpeed,
            Optional<String> clip,
            Optional<String> snapshot,
            Optional<String> crop,
            Closing closing)
            implements Write {}

    /** Whether an update closes the object. */
    enum Closing {
        STILL_OPEN,
        CLOSED
    }

    record EventHappened(
            Optional<ObjectKey> object,
            String camera,
            Instant at,
            long mediaMs,
            long frame,
            HistoryEventType type,
            OptionalLong trackId,
            Optional<String> label,
            Optional<String> line,
            Optional<String> zone,
            Optional<String> direction,
            OptionalLong dwellMs,
            Optional<String> detail,
            Optional<String> clip)
            implements Write {}

    /** The writer's figures, for a run's summary and the service's status. */
    public record Figures(long eventsWritten, long objectsWritten, long dropped, long failed, int queued) {}

    private final Connection connection;
    private final String where;
    private final Consumer<String> say;
    private final BlockingQueue<Write> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Map<ObjectKey, Long> objectIds = new HashMap<>();
    private final AtomicLong sinks = new AtomicLong();
    private final AtomicLong events = new AtomicLong();
    private final AtomicLong objects = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicBoolean droppingSaid = new AtomicBoolean();
    private final AtomicBoolean failingSaid = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closing;

    StoreWriter(Connection connection, String where, Consumer<String> say) {
        this.connection = connection;
        this.where = where;
        this.say = say;
        this.thread = new Thread(this::loop, "vision-store-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Says a line to the user (the store's own voice). */
    void say(String line) {
        say.accept(line);
    }

    /** A number that tells one sink's objects from another's. */
    long newSinkId() {
        return sinks.incrementAndGet();
    }

    /** Queues {@code write}; never blocks. */
    void submit(Write write) {
        if (closing || !queue.offer(write)) {
            long n = dropped.incrementAndGet();
            if (droppingSaid.compareAndSet(false, true)) {
                say.accept("event store " + where + ": writes fall behind (" + CAPACITY + " queued): " + n
                        + " dropped so far; the run goes on, and the summary counts the drops");
            }
        }
    }

    public Figures figures() {
        return new Figures(events.get(), objects.get(), dropped.get(), failed.get(), queue.size());
    }

    private void loop() {
        List<Write> batch = new ArrayList<>();
        while (true) {
            try {
                Write first = queue.poll(FLUSH_MS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Write> batch) {
        try {
            connection.setAutoCommit(false);
            try (PreparedStatement open = connection.prepareStatement(
                            "INSERT INTO objects (camera, track_id, label, first_seen_ms, last_seen_ms, "
                                    + "first_media_ms, last_media_ms, best_score, is_open) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1)",
                            Statement.RETURN_GENERATED_KEYS);
                    PreparedStatement update = connection.prepareStatement(
                            "UPDATE objects SET last_seen_ms = ?, last_media_ms = ?, best_score = ?, "
                                    + "top_speed_mps = ?, clip = COALESCE(?, clip), snapshot = COALESCE(?, snapshot), "
                                    + "crop = COALESCE(?, crop), is_open = ? WHERE id = ?");
                    PreparedStatement event = connection.prepareStatement(
                            "INSERT INTO events (camera, at_ms, media_ms, frame, type, object_id, track_id, label, "
                                    + "line, zone, direction, dwell_ms, detail, clip) "
                                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                long newEvents = 0;
                long newObjects = 0;
                for (Write w : batch) {
                    if (w instanceof ObjectOpened o) {
                        open.setString(1, o.camera());
                        open.setLong(2, o.key().trackId());
                        open.setString(3, o.label());
                        open.setLong(4, o.at().toEpochMilli());
                        open.setLong(5, o.at().toEpochMilli());
                        open.setLong(6, o.mediaMs());
                        open.setLong(7, o.mediaMs());
                        open.setFloat(8, o.score());
                        open.executeUpdate();
                        try (ResultSet keys = open.getGeneratedKeys()) {
                            keys.next();
                            objectIds.put(o.key(), keys.getLong(1));
                        }
                        newObjects++;
                    } else if (w instanceof ObjectUpdated u) {
                        Long id = u.closing() == Closing.CLOSED ? objectIds.remove(u.key()) : objectIds.get(u.key());
                        if (id == null) {
                            continue; // its opening was dropped
                        }
                        update.setLong(1, u.lastSeen().toEpochMilli());
                        update.setLong(2, u.lastMediaMs());
                        update.setFloat(3, u.bestScore());
                        setDouble(update, 4, u.topSpeed());
                        setString(update, 5, u.clip());
                        setString(update, 6, u.snapshot());
                        setString(update, 7, u.crop());
                        update.setInt(8, u.closing() == Closing.CLOSED ? 0 : 1);
                        update.setLong(9, id);
                        update.executeUpdate();
                    } else if (w instanceof EventHappened e) {
                        Long objectId = e.object().map(objectIds::get).orElse(null);
                        event.setString(1, e.camera());
                        event.setLong(2, e.at().toEpochMilli());
                        event.setLong(3, e.mediaMs());
                        event.setLong(4, e.frame());
                        event.setString(5, e.type().id());
                        setLong(event, 6, objectId == null ? OptionalLong.empty() : OptionalLong.of(objectId));
                        setLong(event, 7, e.trackId());
                        setString(event, 8, e.label());
                        setString(event, 9, e.line());
                        setString(event, 10, e.zone());
                        setString(event, 11, e.direction());
                        setLong(event, 12, e.dwellMs());
                        setString(event, 13, e.detail());
                        setString(event, 14, e.clip());
                        event.addBatch();
                        newEvents++;
                    }
                }
                event.executeBatch();
                connection.commit();
                events.addAndGet(newEvents);
                objects.addAndGet(newObjects);
            }
        } catch (SQLException e) {
            failed.addAndGet(batch.size());
            try {
                connection.rollback();
            } catch (SQLException ignored) {
                // the connection is gone: the next batch says so again
            }
            if (failingSaid.compareAndSet(false, true)) {
                say.accept("event store " + where + ": cannot write: " + e.getMessage()
                        + "; the run goes on, and the summary counts what was lost");
            }
        }
    }

    private static void setString(PreparedStatement s, int i, Optional<String> v) throws SQLException {
        if (v.isPresent()) {
            s.setString(i, v.get());
        } else {
            s.setNull(i, Types.VARCHAR);
        }
    }

    private static void setLong(PreparedStatement s, int i, OptionalLong v) throws SQLException {
        if (v.isPresent()) {
            s.setLong(i, v.getAsLong());
        } else {
            s.setNull(i, Types.BIGINT);
        }
    }

    private static void setDouble(PreparedStatement s, int i, OptionalDouble v) throws SQLException {
        if (v.isPresent()) {
            s.setDouble(i, v.getAsDouble());
        } else {
            s.setNull(i, Types.REAL);
        }
    }

    void closeConnection() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // the batches were committed or counted as failed: nothing more to save
        }
    }

    /** Writes what is queued (waiting at most a few seconds), then stops. */
    @Override
    public void close() {
        closing = true;
        try {
            thread.join(CLOSE_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            thread.interrupt();
            long lost = queue.size();
            dropped.addAndGet(lost);
            say.accept("event store " + where + ": " + lost + " write(s) not done within " + CLOSE_WAIT_MS / 1000
                    + " s of the end");
        }
    }
}
