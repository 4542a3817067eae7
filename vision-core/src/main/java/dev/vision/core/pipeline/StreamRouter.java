package dev.vision.core.pipeline;

import java.util.HashMap;
import java.util.Map;

/**
 * Chooses the worker for each frame when each stream's frames must be run one after another (motion
 * gating keeps a background per stream): a stream with frames still queued or running stays with their
 * worker, so they run in order; a stream with none goes to the worker with the least work. Streams thus
 * move between workers between frames, and one worker is not left with the busy streams while another
 * idles. The worker that finishes a frame calls {@link #done}; both methods lock, so the next worker of a
 * stream sees all the previous one wrote.
 */
final class StreamRouter {

    private final int[] pendingOfWorker;
    private final Map<Integer, Placement> streams = new HashMap<>();

    private static final class Placement {
        int worker;
        int pending;
    }

    StreamRouter(int workers) {
        this.pendingOfWorker = new int[workers];
    }

    /** The worker for the next frame of {@code stream}; counts that frame as pending there. */
    synchronized int route(int stream) {
        Placement p = streams.computeIfAbsent(stream, s -> new Placement());
        if (p.pending == 0) {
            int least = 0;
            for (int w = 1; w < pendingOfWorker.length; w++) {
                if (pendingOfWorker[w] < pendingOfWorker[least]) {
                    least = w;
                }
            }
            p.worker = least;
        }
        p.pending++;
        pendingOfWorker[p.worker]++;
        return p.worker;
    }

    /** A frame of {@code stream} has been run (or given up). */
    synchronized void done(int stream) {
        Placement p = streams.get(stream);
        p.pending--;
        pendingOfWorker[p.worker]--;
    }
}
