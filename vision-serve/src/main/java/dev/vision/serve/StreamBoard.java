package dev.vision.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What the live page's one connection carries, kept newest-only so that memory is bounded however slow a
 * viewer is: the run's status, each stream's latest result (a JSON line) and latest tile (a small JPEG),
 * and the last {@link #HAPPENED_KEPT} events of all streams. A viewer holds a {@link Cursor} and takes
 * what is newer than what it sent; several viewers (tabs) read the same board independently. Thread-safe.
 */
final class StreamBoard {

    /** Events (crossings, zone visits) kept for viewers that were busy when they happened. */
    static final int HAPPENED_KEPT = 64;

    private final int streams;
    private final String[] results;
    private final long[] resultSeq;
    private final String[] tiles;
    private final long[] tileSeq;
    private String status = "{}";
    private long statusSeq;
    private final ArrayDeque<String> happened = new ArrayDeque<>();
    /** Sequence number of the newest event in {@link #happened}. */
    private long happenedSeq;

    private long seq;
    private boolean closed;

    StreamBoard(int streams) {
        this.streams = Math.max(1, streams);
        results = new String[this.streams];
        resultSeq = new long[this.streams];
        tiles = new String[this.streams];
        tileSeq = new long[this.streams];
    }

    /** Where one viewer is: what it sent last of each kind. */
    final class Cursor {
        private final boolean wantsTiles;
        private final long[] results = new long[streams];
        private final long[] tiles = new long[streams];
        private long status;
        private long happened;

        private Cursor(boolean wantsTiles) {
            this.wantsTiles = wantsTiles;
            synchronized (StreamBoard.this) {
                this.happened = happenedSeq; // a new viewer starts with what happens from now on
            }
        }
    }

    Cursor cursor(boolean wantsTiles) {
        return new Cursor(wantsTiles);
    }

    synchronized void status(String json) {
        status = json;
        statusSeq = ++seq;
        notifyAll();
    }

    synchronized void result(int stream, String json) {
        results[stream] = json;
        resultSeq[stream] = ++seq;
        notifyAll();
    }

    synchronized void tile(int stream, String json) {
        tiles[stream] = json;
        tileSeq[stream] = ++seq;
        notifyAll();
    }

    synchronized void happened(String json) {
        happened.addLast(json);
        if (happened.size() > HAPPENED_KEPT) {
            happened.removeFirst();
        }
        happenedSeq++;
        seq++;
        notifyAll();
    }

    synchronized void close() {
        closed = true;
        notifyAll();
    }

    /**
     * The server-sent-event messages newer than {@code cursor}, in the order status, events, results,
     * tiles; waits up to {@code timeoutMs} for one. Empty on time-out or once closed.
     */
    synchronized List<String> awaitNewer(Cursor cursor, long timeoutMs) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        List<String> out = collect(cursor);
        while (out.isEmpty() && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            wait(Math.max(1, left / 1_000_000L));
            out = collect(cursor);
        }
        return out;
    }

    private List<String> collect(Cursor c) {
        List<String> out = new ArrayList<>();
        if (statusSeq > c.status) {
            out.add("event: status\ndata: " + status + "\n\n");
            c.status = statusSeq;
        }
        if (happenedSeq > c.happened) {
            long missed = Math.min(happenedSeq - c.happened, happened.size());
            happened.stream()
                    .skip(happened.size() - missed)
                    .forEach(e -> out.add("event: happened\ndata: " + e + "\n\n"));
            c.happened = happenedSeq;
        }
        for (int i = 0; i < streams; i++) {
            if (resultSeq[i] > c.results[i]) {
                out.add("data: " + results[i] + "\n\n");
                c.results[i] = resultSeq[i];
            }
            if (c.wantsTiles && tileSeq[i] > c.tiles[i]) {
                out.add("event: tile\ndata: " + tiles[i] + "\n\n");
                c.tiles[i] = tileSeq[i];
            }
        }
        return out;
    }
}
