package dev.vision.serve.store;

import dev.vision.core.capture.SourceStatus;
import dev.vision.core.pipeline.ResultStage;
import dev.vision.core.result.Detection;
import dev.vision.core.result.DetectionResult;
import dev.vision.core.result.FrameResult;
import dev.vision.core.result.TrackEvent;
import dev.vision.core.sink.ResultSink;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.function.IntFunction;
import org.opencv.core.Mat;

/**
 * Feeds a run's tracked results into the event store: each tracked object once when first seen, refreshed
 * about once a second while it lives and closed when its track ends (or the run does), and every event with
 * the object it concerns. It only queues: the frame path never waits for the database.
 */
public final class StoreSink implements ResultSink {

    /** How often a living object's row is refreshed. */
    static final long REFRESH_MS = 1_000;

    private final StoreWriter writer;
    private final IntFunction<String> cameraOf;
    private final Clock clock;
    private final long sinkId;
    private final Map<StoreWriter.ObjectKey, Seen> live = new HashMap<>();
    private long lastRefresh;
    private boolean picturesFailed;
    private final Optional<Path> snapshots;
    private final Optional<BestShots> shots;

    /** How often a living object's pictures are written again when a better one was found. */
    static final long PICTURE_REFRESH_NANOS = 5_000_000_000L;

    /** What the sink knows of a living object. */
    private static final class Seen {
        String camera;
        Instant firstSeen;
        long lastPictureNanos;
        Optional<String> snapshot = Optional.empty();
        Optional<String> crop = Optional.empty();
        Instant lastSeen;
        long lastMediaMs;
        float bestScore;
        OptionalDouble topSpeed = OptionalDouble.empty();
        Optional<String> clip = Optional.empty();
        boolean changed;
    }

    /**
     * @param cameraOf the camera name of a stream
     * @param clock    the wall clock events are stamped with
     */
    public StoreSink(EventStore store, IntFunction<String> cameraOf, Clock clock) {
        this(store, cameraOf, clock, Optional.empty());
    }

    /**
     * @param snapshots where each object's best picture is written ({@code CAMERA/FIRSTSEEN-TRACK.jpg} and
     *                  {@code …-crop.jpg}); the run must then also run {@link #pictures()} after tracking
     */
    public StoreSink(EventStore store, IntFunction<String> cameraOf, Clock clock, Optional<Path> snapshots) {
        this.writer = store.writer();
        this.cameraOf = cameraOf;
        this.clock = clock;
        this.sinkId = writer.newSinkId();
        this.snapshots = snapshots;
        this.shots = snapshots.map(folder -> new BestShots());
    }

    /** The stage that picks each object's best picture, when pictures are kept; run it after tracking. */
    public Optional<ResultStage> pictures() {
        return shots.map(ResultStage.class::cast);
    }

    @Override
    public synchronized void accept(FrameResult result, Mat annotated) {
        if (!(result instanceof DetectionResult frame)) {
            return;
        }
        Instant now = clock.instant();
        int stream = frame.meta().stream();
        String camera = cameraOf.apply(stream);
        long media = frame.meta().timestampMs();
        for (Detection d : frame.detections()) {
            if (d.trackId().isEmpty()) {
                continue;
            }
            StoreWriter.ObjectKey key =
                    new StoreWriter.ObjectKey(sinkId, stream, d.trackId().getAsLong());
            Seen seen = live.get(key);
            if (seen == null) {
                seen = new Seen();
                seen.camera = camera;
                seen.firstSeen = now;
                live.put(key, seen);
                writer.submit(new StoreWriter.ObjectOpened(key, camera, d.label(), now, media, d.score()));
            }
            seen.lastSeen = now;
            seen.lastMediaMs = media;
            seen.bestScore = Math.max(seen.bestScore, d.score());
            if (d.speedMps().isPresent()
                    && (seen.topSpeed.isEmpty() || d.speedMps().getAsDouble() > seen.topSpeed.getAsDouble())) {
                seen.topSpeed = d.speedMps();
            }
            seen.changed = true;
        }
        for (TrackEvent e : frame.events()) {
            StoreWriter.ObjectKey key = new StoreWriter.ObjectKey(sinkId, stream, e.trackId());
            Seen seen = live.get(key);
            if (seen != null && e.clip().isPresent()) {
                seen.clip = e.clip();
            }
            writer.submit(event(e, key, camera, now, media, frame.meta().index()));
            if (e instanceof TrackEvent.Lost && seen != null) {
                live.remove(key);
                writePictures(key, seen);
                shots.ifPresent(s -> s.forget(key.stream(), key.trackId()));
                writer.submit(update(key, seen, StoreWriter.Closing.CLOSED));
            }
        }
        if (now.toEpochMilli() - lastRefresh >= REFRESH_MS) {
            lastRefresh = now.toEpochMilli();
            long nanos = System.nanoTime();
            live.forEach((key, seen) -> {
                if (seen.changed) {
                    seen.changed = false;
                    if (nanos - seen.lastPictureNanos >= PICTURE_REFRESH_NANOS) {
                        seen.lastPictureNanos = nanos;
                        writePictures(key, seen);
                    }
                    writer.submit(update(key, seen, StoreWriter.Closing.STILL_OPEN));
                }
            });
        }
    }

    private static StoreWriter.EventHappened event(
            TrackEvent e, StoreWriter.ObjectKey key, String camera, Instant at, long media, long frame) {
        Optional<String> line = Optional.empty();
        Optional<String> zone = Optional.empty();
        Optional<String> direction = Optional.empty();
        OptionalLong dwell = OptionalLong.empty();
        Optional<String> detail = Optional.empty();
        if (e instanceof TrackEvent.LineCrossed crossed) {
            line = Optional.of(crossed.line());
            direction = Optional.of(crossed.direction().id());
        } else if (e instanceof TrackEvent.ZoneEntered entered) {
            zone = Optional.of(entered.zone());
        } else if (e instanceof TrackEvent.ZoneLeft left) {
            zone = Optional.of(left.zone());
            dwell = OptionalLong.of(left.dwell().toMillis());
        } else if (e instanceof TrackEvent.Loitering loitering) {
            zone = Optional.of(loitering.zone());
            dwell = OptionalLong.of(loitering.dwell().toMillis());
        } else if (e instanceof TrackEvent.Movement movement) {
            detail = Optional.of(MovementDetail.of(movement.origin(), movement.destination()));
        }
        return new StoreWriter.EventHappened(
                Optional.of(key),
                camera,
                at,
                media,
                frame,
                HistoryEventType.of(e.type()),
                OptionalLong.of(e.trackId()),
                Optional.of(e.label()),
                line,
                zone,
                direction,
                dwell,
                detail,
                e.clip());
    }

    private static StoreWriter.ObjectUpdated update(StoreWriter.ObjectKey key, Seen seen, StoreWriter.Closing closing) {
        return new StoreWriter.ObjectUpdated(
                key,
                seen.lastSeen,
                seen.lastMediaMs,
                seen.bestScore,
                seen.topSpeed,
                seen.clip,
                seen.snapshot,
                seen.crop,
                closing);
    }

    /**
     * Writes the object's newest best picture, if it has one not yet written: under a hidden name, then renamed,
     * so that no half JPEG is ever under the name a row gives. A failure (a full disk) is said once; the
     * history goes on without pictures.
     */
    private void writePictures(StoreWriter.ObjectKey key, Seen seen) {
        if (shots.isEmpty() || picturesFailed) {
            return;
        }
        Optional<byte[][]> pictures = shots.get().takeNew(key.stream(), key.trackId());
        if (pictures.isEmpty()) {
            return;
        }
        Path folder = snapshots.get().resolve(seen.camera);
        String stem = seen.firstSeen.toEpochMilli() + "-" + key.trackId();
        try {
            Files.createDirectories(folder);
            Path frame = folder.resolve(stem + ".jpg");
            Path crop = folder.resolve(stem + "-crop.jpg");
            writeWhole(frame, pictures.get()[0]);
            writeWhole(crop, pictures.get()[1]);
            seen.snapshot = Optional.of(frame.toString());
            seen.crop = Optional.of(crop.toString());
        } catch (IOException e) {
            picturesFailed = true;
            writer.say("event store: cannot write an object's pictures into " + folder + ": " + e.getMessage()
                    + "; the history goes on without pictures");
        }
    }

    private static void writeWhole(Path target, byte[] bytes) throws IOException {
        Path temp = target.resolveSibling("." + target.getFileName() + ".part");
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** A camera's change of state, as an event of the history; any thread. */
    public void status(int stream, SourceStatus state, String detail) {
        writer.submit(new StoreWriter.EventHappened(
                Optional.empty(),
                cameraOf.apply(stream),
                clock.instant(),
                0,
                0,
                HistoryEventType.CAMERA_STATE,
                OptionalLong.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.of(state.id() + (detail.isEmpty() ? "" : ": " + detail)),
                Optional.empty()));
    }

    /** The run is over: every object still tracked is closed at its last sight, with its best picture. */
    @Override
    public synchronized void close() {
        live.forEach((key, seen) -> {
            writePictures(key, seen);
            writer.submit(update(key, seen, StoreWriter.Closing.CLOSED));
        });
        live.clear();
        shots.ifPresent(BestShots::reset);
    }
}
