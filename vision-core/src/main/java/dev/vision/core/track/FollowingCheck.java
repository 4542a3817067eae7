package dev.vision.core.track;

import dev.vision.core.result.Detection;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a stream is processed often enough for its tracker to follow its objects. A tracker predicts where each
 * object will be from its motion so far and matches the box found there; once objects stray from that prediction
 * by more than about half their width between processed frames, the boxes no longer overlap, identities are
 * swapped or lost and counts go wrong, however good the detector. Steady motion is predicted at any rate; what
 * the tracker cannot foresee is the change of motion, which grows with the square of the time between processed
 * frames. This measures that surprise (the median over the last {@value #WINDOW} moves of confirmed tracks, in
 * box widths: how far each move differs from the one before it) and the stream's processed rate, and says so
 * once when the surprise passes the tracker's reach.
 */
final class FollowingCheck {

    /** How far, in box widths, an object may move between processed frames and still be matched. */
    static final double REACH = 0.5;

    static final int WINDOW = 60;
    /** Moves seen before anything is said: a few frames of a fast object are not a trend. */
    static final int ENOUGH = 30;

    /** Where a track's box was, how wide, and its last move (none at its first sighting). */
    private record Seen(double x, double y, double width, Optional<Move> move) {}

    private record Move(double dx, double dy) {}

    private final Map<Long, Seen> last = new HashMap<>();
    private final ArrayDeque<Double> steps = new ArrayDeque<>();
    private final ArrayDeque<Long> times = new ArrayDeque<>();
    private Optional<String> verdict = Optional.empty();

    /**
     * One processed frame's tracked objects.
     *
     * @return what to tell the user, the first time the stream is found too slow
     */
    Optional<String> update(List<Detection> tracked, long timestampMs, String stream) {
        if (verdict.isPresent()) {
            return Optional.empty(); // said once: nothing more to measure
        }
        times.addLast(timestampMs);
        while (times.size() > WINDOW) {
            times.removeFirst();
        }
        Map<Long, Seen> now = new HashMap<>();
        for (Detection d : tracked) {
            if (d.trackId().isEmpty()) {
                continue;
            }
            long id = d.trackId().getAsLong();
            double x = (d.box().x1() + d.box().x2()) / 2;
            double y = (d.box().y1() + d.box().y2()) / 2;
            double width = Math.max(1, d.box().x2() - d.box().x1());
            Seen before = last.get(id);
            if (before == null) {
                now.put(id, new Seen(x, y, width, Optional.empty()));
                continue;
            }
            double dx = x - before.x();
            double dy = y - before.y();
            if (before.move().isPresent()) {
                Move last = before.move().get();
                steps.addLast(Math.hypot(dx - last.dx(), dy - last.dy()) / before.width());
                if (steps.size() > WINDOW) {
                    steps.removeFirst();
                }
            }
            now.put(id, new Seen(x, y, width, Optional.of(new Move(dx, dy))));
        }
        last.clear();
        last.putAll(now);
        if (steps.size() < ENOUGH) {
            return Optional.empty();
        }
        double step = median();
        if (step <= REACH) {
            return Optional.empty();
        }
        double rate = rate();
        verdict = Optional.of(String.format(
                Locale.ROOT,
                "%s%.1f frames/s processed: objects stray %.2f of their width from their predicted place between "
                        + "processed frames, more than the tracker can follow (%.1f); ids and counts are unreliable. "
                        + "Process at least %.1f frames/s (fewer sources, --motion, a smaller model or a GPU)",
                stream.isEmpty() ? "" : "stream " + stream + ": ",
                rate,
                step,
                REACH,
                rate * Math.sqrt(step / REACH)));
        return verdict;
    }

    /** What was said, if the stream was found too slow. */
    Optional<String> verdict() {
        return verdict;
    }

    private double median() {
        List<Double> sorted = new ArrayList<>(steps);
        sorted.sort(Double::compare);
        return sorted.get(sorted.size() / 2);
    }

    /** Processed frames per second of the stream's own time, over the window. */
    private double rate() {
        if (times.size() < 2) {
            return 0;
        }
        double seconds = (times.peekLast() - times.peekFirst()) / 1000.0;
        return seconds <= 0 ? 0 : (times.size() - 1) / seconds;
    }
}
