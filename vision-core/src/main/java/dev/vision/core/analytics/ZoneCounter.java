package dev.vision.core.analytics;

import dev.vision.core.geometry.Anchor;
import dev.vision.core.geometry.Point;
import dev.vision.core.geometry.Polygon;
import dev.vision.core.geometry.Zone;
import dev.vision.core.result.Detection;
import dev.vision.core.result.TrackEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A polygon zone: which tracked objects are inside (by their anchor), {@code zone_entered} and
 * {@code zone_left} events with the time spent inside, and the occupancy per class in each frame. A change
 * of inside/outside counts once it has held for two frames in a row, so a box jittering on the edge raises
 * nothing; an object lost inside stays inside until it is seen outside or the tracker gives it up. Not
 * thread-safe.
 */
public final class ZoneCounter {

    private static final int FRAMES_TO_CHANGE = 2;

    private final String name;
    private final Zone zone;
    private final Polygon polygon;
    private final Anchor anchor;
    private final Optional<Duration> loiter;
    private final Map<Long, Presence> presence = new HashMap<>();
    private final List<Long> dwellsMs = new ArrayList<>();
    private long entered;

    private static final class Presence {
        boolean inside;
        boolean loitered;
        long enteredMs;
        String label;
        int pendingFrames;
        long pendingSinceMs;
    }

    /** A counter of {@code zone}, whose edges must not cross; {@code anchor} is the point of a box tested. */
    public ZoneCounter(Zone zone, Anchor anchor) {
        this.name = zone.name();
        this.zone = zone;
        this.polygon = new Polygon("zone", name, zone.corners());
        this.anchor = anchor;
        this.loiter = zone.loiter();
    }

    public String name() {
        return name;
    }

    /** The polygon it counts in. */
    public Zone zone() {
        return zone;
    }

    /**
     * Checks the zone against a frame of {@code width} × {@code height}. Called with the first frame.
     *
     * @return a warning when the polygon lies wholly outside the frame (it is kept and counts nothing)
     */
    public Optional<String> fitTo(int width, int height) {
        if (polygon.overlapsFrame(width, height)) {
            return Optional.empty();
        }
        return Optional.of(String.format(
                Locale.ROOT,
                "zone %s lies wholly outside the %dx%d frame: it counts " + "nothing",
                name,
                width,
                height));
    }

    /** Looks at this frame's tracked detections at {@code timestampMs}; returns entered and left events. */
    public List<TrackEvent> update(List<Detection> tracked, long timestampMs) {
        List<TrackEvent> events = new ArrayList<>();
        for (Detection d : tracked) {
            if (d.trackId().isEmpty()) {
                continue;
            }
            long id = d.trackId().getAsLong();
            boolean inside = contains(anchor.of(d.box()));
            Presence s = presence.computeIfAbsent(id, k -> new Presence());
            s.label = d.label();
            if (inside == s.inside) {
                s.pendingFrames = 0;
                if (inside
                        && !s.loitered
                        && loiter.isPresent()
                        && timestampMs - s.enteredMs >= loiter.get().toMillis()) {
                    s.loitered = true;
                    events.add(new TrackEvent.Loitering(
                            id, d.label(), name, Duration.ofMillis(timestampMs - s.enteredMs)));
                }
                continue;
            }
            if (s.pendingFrames++ == 0) {
                s.pendingSinceMs = timestampMs;
            }
            if (s.pendingFrames < FRAMES_TO_CHANGE) {
                continue;
            }
            s.inside = inside;
            s.pendingFrames = 0;
            if (inside) {
                s.enteredMs = s.pendingSinceMs;
                s.loitered = false;
                entered++;
                events.add(new TrackEvent.ZoneEntered(id, d.label(), name));
            } else {
                events.add(left(id, s, s.pendingSinceMs));
            }
        }
        return events;
    }

    /** A track given up: if it was inside, it leaves now. */
    public List<TrackEvent> forget(long trackId, long timestampMs) {
        Presence s = presence.remove(trackId);
        return s != null && s.inside ? List.of(left(trackId, s, timestampMs)) : List.of();
    }

    private TrackEvent left(long id, Presence s, long atMs) {
        long dwell = Math.max(0, atMs - s.enteredMs);
        dwellsMs.add(dwell);
        return new TrackEvent.ZoneLeft(id, s.label, name, Duration.ofMillis(dwell));
    }

    /** Objects inside now, per class (those seen in this frame or lost inside). */
    public Map<String, Long> occupancy() {
        Map<String, Long> perClass = new TreeMap<>();
        presence.values().stream().filter(s -> s.inside).forEach(s -> perClass.merge(s.label, 1L, Long::sum));
        return perClass;
    }

    /** Times an object entered. */
    public long entered() {
        return entered;
    }

    /** The time spent inside of each visit that has ended, in milliseconds. */
    public List<Long> dwellsMs() {
        return List.copyOf(dwellsMs);
    }

    /** Whether {@code p} lies inside the polygon, by the even-odd rule (ray casting). */
    public boolean contains(Point p) {
        return polygon.contains(p);
    }
}
