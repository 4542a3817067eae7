package dev.vision.video;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads every MP4 of the process is encoded on: one per core, at most 8, however many videos are
 * written. Each video has at most one frame in the pool at a time, so its frames stay in order and the
 * memory waiting there is one frame per video.
 */
final class EncoderPool {

    static final int THREADS = Math.max(1, Math.min(8, Runtime.getRuntime().availableProcessors()));

    static final ExecutorService SHARED = create();

    private EncoderPool() {}

    private static ExecutorService create() {
        AtomicInteger n = new AtomicInteger();
        ThreadPoolExecutor pool =
                new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "vision-encoder-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
