package dev.vision.serve.store;

import dev.vision.core.VisionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The history of every tracked object and event: SQLite in one file (WAL mode) or PostgreSQL, migrated by
 * Flyway on open. Writes go through its {@link #writer()}, queued off the frame path; queries read what was
 * written.
 */
public final class EventStore implements AutoCloseable {

    private final StoreLocation location;
    private final Connection reads;
    private final StoreWriter writer;
    private boolean closed;

    private EventStore(StoreLocation location, Connection reads, StoreWriter writer) {
        this.location = location;
        this.reads = reads;
        this.writer = writer;
    }

    /**
     * Opens (creating and migrating) the store at {@code location}. Objects a crashed run left open are closed,
     * and how many is said.
     *
     * @param say takes a line the user should read (recovery, writes falling behind)
     * @throws VisionException when the database cannot be reached or migrated
     */
    public static EventStore open(StoreLocation location, Consumer<String> say) {
        try {
            if (location.dialect() == StoreLocation.Dialect.SQLITE) {
                Path file = Path.of(location.shown()).toAbsolutePath();
                if (file.getParent() != null) {
                    Files.createDirectories(file.getParent());
                }
            }
            Flyway.configure()
                    .dataSource(location.jdbcUrl(), null, null)
                    .locations("classpath:dev/vision/serve/store/migration")
                    .placeholders(Map.of("id_column", location.dialect().idColumn()))
                    .load()
                    .migrate();
            Connection writes = connect(location);
            Connection reads = connect(location);
            closeLeftOpen(location, writes, say);
            return new EventStore(location, reads, new StoreWriter(writes, location.shown(), say));
        } catch (SQLException | FlywayException | IOException e) {
            throw new VisionException("event store " + location.shown() + ": cannot open: " + rootMessage(e));
        }
    }

    /**
     * Opens a store that must exist already (to read it): a SQLite file that is not there is refused rather
     * than created.
     */
    public static EventStore openExisting(StoreLocation location, Consumer<String> say) {
        if (location.dialect() == StoreLocation.Dialect.SQLITE && !Files.isRegularFile(Path.of(location.shown()))) {
            throw new VisionException("event store " + location.shown()
                    + ": no such file (a run writes one with --db, the service in its data folder)");
        }
        return open(location, say);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static Connection connect(StoreLocation location) throws SQLException {
        Connection c = DriverManager.getConnection(location.jdbcUrl());
        if (location.dialect() == StoreLocation.Dialect.SQLITE) {
            try (Statement s = c.createStatement()) {
                s.execute("PRAGMA journal_mode=WAL");
                s.execute("PRAGMA synchronous=NORMAL");
                s.execute("PRAGMA busy_timeout=5000");
            }
        }
        return c;
    }

    /**
     * A SQLite store has one writing process: an object still open when it opens was left by a run that ended
     * without closing it (killed, or the machine went down). A PostgreSQL store may have other nodes writing
     * now, so their objects are left alone.
     */
    private static void closeLeftOpen(StoreLocation location, Connection c, Consumer<String> say) throws SQLException {
        if (location.dialect() != StoreLocation.Dialect.SQLITE) {
            return;
        }
        try (Statement s = c.createStatement()) {
            int closed = s.executeUpdate("UPDATE objects SET is_open = 0 WHERE is_open = 1");
            if (closed > 0) {
                say.accept("event store " + location.shown() + ": " + closed
                        + " object(s) were left open by a run that did not end in order; closed at their last sight");
            }
        }
    }

    public StoreLocation location() {
        return location;
    }

    /** Where sinks queue their writes. */
    public StoreWriter writer() {
        return writer;
    }

    /** The events {@code filter} selects, newest first. */
    public List<StoredEvent> events(EventFilter filter) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, camera, at_ms, media_ms, frame, type, object_id, track_id, label, line, zone, "
                        + "direction, dwell_ms, detail, clip FROM events WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        filter.camera().ifPresent(v -> condition(sql, args, "camera = ?", v));
        filter.label().ifPresent(v -> condition(sql, args, "label = ?", v));
        filter.type().ifPresent(v -> condition(sql, args, "type = ?", v.id()));
        filter.line().ifPresent(v -> condition(sql, args, "line = ?", v));
        filter.zone().ifPresent(v -> condition(sql, args, "zone = ?", v));
        filter.direction().ifPresent(v -> condition(sql, args, "direction = ?", v.id()));
        filter.from().ifPresent(v -> condition(sql, args, "at_ms >= ?", v.toEpochMilli()));
        filter.to().ifPresent(v -> condition(sql, args, "at_ms < ?", v.toEpochMilli()));
        if (filter.before().isPresent()) {
            condition(sql, args, "id < ?", filter.before().getAsLong());
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(filter.limit());
        return events(sql.toString(), args);
    }

    /** The events of one object, oldest first. */
    public List<StoredEvent> eventsOf(long objectId) {
        return events(
                "SELECT id, camera, at_ms, media_ms, frame, type, object_id, track_id, label, line, zone, "
                        + "direction, dwell_ms, detail, clip FROM events WHERE object_id = ? ORDER BY id",
                List.of(objectId));
    }

    private List<StoredEvent> events(String sql, List<Object> args) {
        List<StoredEvent> out = new ArrayList<>();
        query(
                sql,
                args,
                rs -> out.add(new StoredEvent(
                        rs.getLong(1),
                        rs.getString(2),
                        Instant.ofEpochMilli(rs.getLong(3)),
                        rs.getLong(4),
                        rs.getLong(5),
                        HistoryEventType.byId(rs.getString(6)).orElseThrow(),
                        optionalLong(rs, 7),
                        optionalLong(rs, 8),
                        Optional.ofNullable(rs.getString(9)),
                        Optional.ofNullable(rs.getString(10)),
                        Optional.ofNullable(rs.getString(11)),
                        Optional.ofNullable(rs.getString(12)),
                        optionalLong(rs, 13),
                        Optional.ofNullable(rs.getString(14)),
                        Optional.ofNullable(rs.getString(15)))));
        return out;
    }

    /**
     * The tracked objects first seen in the window, newest first.
     *
     * @param before a page's cursor: only objects whose id is below it
     */
    public List<StoredObject> objects(
            Optional<String> camera,
            Optional<String> label,
            Optional<Instant> from,
            Optional<Instant> to,
            OptionalLong before,
            int limit) {
        StringBuilder sql = new StringBuilder(
                "SELECT id, camera, track_id, label, first_seen_ms, last_seen_ms, first_media_ms, last_media_ms, "
                        + "best_score, top_speed_mps, clip, is_open, snapshot, crop FROM objects WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        camera.ifPresent(v -> condition(sql, args, "camera = ?", v));
        label.ifPresent(v -> condition(sql, args, "label = ?", v));
        from.ifPresent(v -> condition(sql, args, "first_seen_ms >= ?", v.toEpochMilli()));
        to.ifPresent(v -> condition(sql, args, "first_seen_ms < ?", v.toEpochMilli()));
        if (before.isPresent()) {
            condition(sql, args, "id < ?", before.getAsLong());
        }
        sql.append(" ORDER BY id DESC LIMIT ").append(Math.max(1, Math.min(limit, EventFilter.MAX_LIMIT)));
        List<StoredObject> out = new ArrayList<>();
        query(sql.toString(), args, rs -> out.add(object(rs)));
        return out;
    }

    /** The object with id {@code id}. */
    public Optional<StoredObject> object(long id) {
        List<StoredObject> out = new ArrayList<>();
        query(
                "SELECT id, camera, track_id, label, first_seen_ms, last_seen_ms, first_media_ms, last_media_ms, "
                        + "best_score, top_speed_mps, clip, is_open, snapshot, crop FROM objects WHERE id = ?",
                List.of(id),
                rs -> out.add(object(rs)));
        return out.stream().findFirst();
    }

    private static StoredObject object(ResultSet rs) throws SQLException {
        double speed = rs.getDouble(10);
        OptionalDouble topSpeed = rs.wasNull() ? OptionalDouble.empty() : OptionalDouble.of(speed);
        return new StoredObject(
                rs.getLong(1),
                rs.getString(2),
                rs.getLong(3),
                rs.getString(4),
                Instant.ofEpochMilli(rs.getLong(5)),
                Instant.ofEpochMilli(rs.getLong(6)),
                rs.getLong(7),
                rs.getLong(8),
                rs.getFloat(9),
                topSpeed,
                Optional.ofNullable(rs.getString(11)),
                Optional.ofNullable(rs.getString(13)),
                Optional.ofNullable(rs.getString(14)),
                rs.getInt(12) == 1);
    }

    /** The counts of a line (in, out) or a zone (entered, left) per bucket and class, oldest bucket first. */
    public List<CountBucket> counts(CountQuery q) {
        long bucketMs = q.bucket().length().toMillis();
        boolean line = q.place() instanceof CountQuery.Place.OfLine;
        StringBuilder sql = new StringBuilder("SELECT (at_ms / " + bucketMs + ") * " + bucketMs + " AS bucket, "
                + (line ? "direction" : "type") + ", label, COUNT(*) FROM events WHERE ");
        List<Object> args = new ArrayList<>();
        if (line) {
            sql.append("line = ? AND type = ?");
            args.add(q.place().name());
            args.add(HistoryEventType.LINE_CROSSED.id());
        } else {
            sql.append("zone = ? AND type IN (?, ?)");
            args.add(q.place().name());
            args.add(HistoryEventType.ZONE_ENTERED.id());
            args.add(HistoryEventType.ZONE_LEFT.id());
        }
        q.camera().ifPresent(v -> condition(sql, args, "camera = ?", v));
        q.from().ifPresent(v -> condition(sql, args, "at_ms >= ?", v.toEpochMilli() / bucketMs * bucketMs));
        q.to().ifPresent(v -> condition(sql, args, "at_ms < ?", v.toEpochMilli()));
        sql.append(" GROUP BY 1, 2, 3 ORDER BY 1");
        Map<Long, Map<String, Map<String, Long>>> buckets = new TreeMap<>();
        query(sql.toString(), args, rs -> {
            String what = line
                    ? rs.getString(2)
                    : rs.getString(2).equals(HistoryEventType.ZONE_ENTERED.id()) ? "entered" : "left";
            buckets.computeIfAbsent(rs.getLong(1), b -> new LinkedHashMap<>())
                    .computeIfAbsent(what, w -> new TreeMap<>())
                    .merge(rs.getString(3), rs.getLong(4), Long::sum);
        });
        List<CountBucket> out = new ArrayList<>();
        buckets.forEach((start, counts) -> out.add(new CountBucket(Instant.ofEpochMilli(start), counts)));
        return out;
    }

    /** Objects of one class that went from one line or zone to another on one camera. */
    public record MovementCount(String camera, String origin, String destination, String label, long objects) {}

    /**
     * The turning movements of the events {@code filter} selects by camera, class and time, per camera, origin,
     * destination and class.
     */
    public List<MovementCount> movements(EventFilter filter) {
        StringBuilder sql = new StringBuilder("SELECT camera, detail, label, COUNT(*) FROM events WHERE type = ?");
        List<Object> args = new ArrayList<>();
        args.add(HistoryEventType.MOVEMENT.id());
        filter.camera().ifPresent(v -> condition(sql, args, "camera = ?", v));
        filter.label().ifPresent(v -> condition(sql, args, "label = ?", v));
        filter.from().ifPresent(v -> condition(sql, args, "at_ms >= ?", v.toEpochMilli()));
        filter.to().ifPresent(v -> condition(sql, args, "at_ms < ?", v.toEpochMilli()));
        sql.append(" GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");
        List<MovementCount> out = new ArrayList<>();
        query(sql.toString(), args, rs -> {
            String[] way = MovementDetail.parse(rs.getString(2));
            out.add(new MovementCount(rs.getString(1), way[0], way[1], rs.getString(3), rs.getLong(4)));
        });
        return out;
    }

    /** What a retention pass deleted. */
    public record Deleted(int events, int objects) {}

    /** The cameras the store has events or objects of. */
    public List<String> cameras() {
        List<String> out = new ArrayList<>();
        query("SELECT camera FROM events UNION SELECT camera FROM objects", List.of(), rs -> out.add(rs.getString(1)));
        return out;
    }

    /** The files (clips, snapshots) named by the camera's rows older than {@code cutoff} (which a retention pass deletes). */
    public List<String> clipsBefore(String camera, Instant cutoff) {
        List<String> out = new ArrayList<>();
        query(
                "SELECT clip FROM events WHERE camera = ? AND at_ms < ? AND clip IS NOT NULL UNION "
                        + "SELECT clip FROM objects WHERE camera = ? AND last_seen_ms < ? AND is_open = 0 "
                        + "AND clip IS NOT NULL UNION "
                        + "SELECT snapshot FROM objects WHERE camera = ? AND last_seen_ms < ? AND is_open = 0 "
                        + "AND snapshot IS NOT NULL UNION "
                        + "SELECT crop FROM objects WHERE camera = ? AND last_seen_ms < ? AND is_open = 0 "
                        + "AND crop IS NOT NULL",
                List.of(
                        camera,
                        cutoff.toEpochMilli(),
                        camera,
                        cutoff.toEpochMilli(),
                        camera,
                        cutoff.toEpochMilli(),
                        camera,
                        cutoff.toEpochMilli()),
                rs -> out.add(rs.getString(1)));
        return out;
    }

    /** Every file (clip, snapshot) a row names. */
    public List<String> allClips() {
        List<String> out = new ArrayList<>();
        query(
                "SELECT clip FROM events WHERE clip IS NOT NULL UNION SELECT clip FROM objects WHERE clip IS NOT NULL "
                        + "UNION SELECT snapshot FROM objects WHERE snapshot IS NOT NULL "
                        + "UNION SELECT crop FROM objects WHERE crop IS NOT NULL",
                List.of(),
                rs -> out.add(rs.getString(1)));
        return out;
    }

    /** Deletes the camera's events older than {@code cutoff}, and its objects last seen before it. */
    public Deleted deleteBefore(String camera, Instant cutoff) {
        int events = update("DELETE FROM events WHERE camera = ? AND at_ms < ?", camera, cutoff.toEpochMilli());
        int objects = update(
                "DELETE FROM objects WHERE camera = ? AND last_seen_ms < ? AND is_open = 0",
                camera,
                cutoff.toEpochMilli());
        return new Deleted(events, objects);
    }

    /** No row names {@code clip} any more (its file was deleted). */
    public void forgetClip(String clip) {
        update("UPDATE events SET clip = NULL WHERE clip = ?", clip);
        update("UPDATE objects SET clip = NULL WHERE clip = ?", clip);
        update("UPDATE objects SET snapshot = NULL WHERE snapshot = ?", clip);
        update("UPDATE objects SET crop = NULL WHERE crop = ?", clip);
    }

    /**
     * Rows that name a clip file that is not there are made to name none, except recent ones (a clip is named
     * when its event happens and written up to {@link #CLIP_WRITING} later).
     */
    public void forgetMissingClips(Instant now) {
        long settled = now.minus(CLIP_WRITING).toEpochMilli();
        List<String> missing = new ArrayList<>();
        query(
                "SELECT clip FROM events WHERE clip IS NOT NULL AND at_ms < ? UNION "
                        + "SELECT clip FROM objects WHERE clip IS NOT NULL AND last_seen_ms < ? UNION "
                        + "SELECT snapshot FROM objects WHERE snapshot IS NOT NULL UNION "
                        + "SELECT crop FROM objects WHERE crop IS NOT NULL",
                List.of(settled, settled),
                rs -> {
                    String clip = rs.getString(1);
                    if (!Files.exists(Path.of(clip))) {
                        missing.add(clip);
                    }
                });
        missing.forEach(this::forgetClip);
    }

    /** How long after its event a clip may still be being written. */
    static final Duration CLIP_WRITING = Duration.ofMinutes(10);

    private int update(String sql, Object... args) {
        synchronized (reads) {
            try (PreparedStatement s = reads.prepareStatement(sql)) {
                for (int i = 0; i < args.length; i++) {
                    s.setObject(i + 1, args[i]);
                }
                return s.executeUpdate();
            } catch (SQLException e) {
                throw new VisionException("event store " + location.shown() + ": cannot write: " + e.getMessage());
            }
        }
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        sql.append(" AND ").append(clause);
        args.add(value);
    }

    private interface Row {
        void read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, List<Object> args, Row row) {
        synchronized (reads) {
            try (PreparedStatement s = reads.prepareStatement(sql)) {
                for (int i = 0; i < args.size(); i++) {
                    s.setObject(i + 1, args.get(i));
                }
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        row.read(rs);
                    }
                }
            } catch (SQLException e) {
                throw new VisionException("event store " + location.shown() + ": cannot read: " + e.getMessage());
            }
        }
    }

    private static OptionalLong optionalLong(ResultSet rs, int column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Writes what is queued, then closes the connections; again, nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        writer.close();
        try {
            reads.close();
        } catch (SQLException ignored) {
            // closing a read connection that failed: nothing is lost
        }
        writer.closeConnection();
    }
}
