package dev.vision.core.pipeline;

import org.HdrHistogram.Histogram;

/** Latencies of one stage: mean and percentiles in milliseconds, recorded with microsecond resolution. */
public final class StageStats {

    private final Histogram histogram;
    private final long maxMicros;
    private double sumMs;

    /** Up to an hour, to three significant digits. */
    public StageStats() {
        this(3_600_000_000L, 3);
    }

    /** Up to {@code maxMicros}, to {@code digits} significant digits: a smaller one, for one of many streams. */
    StageStats(long maxMicros, int digits) {
        this.histogram = new Histogram(maxMicros, digits);
        this.maxMicros = maxMicros;
    }

    public synchronized void record(double ms) {
        long micros = Math.max(0, Math.min(maxMicros, Math.round(ms * 1000)));
        histogram.recordValue(micros);
        sumMs += ms;
    }

    public synchronized long count() {
        return histogram.getTotalCount();
    }

    public synchronized double meanMs() {
        long n = histogram.getTotalCount();
        return n == 0 ? 0 : sumMs / n;
    }

    public synchronized double percentileMs(double p) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(p) / 1000.0;
    }

    public synchronized double sumMs() {
        return sumMs;
    }
}
