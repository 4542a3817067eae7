package dev.vision.spark;

import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ModelFamily;
import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.spark.TaskContext;
import org.apache.spark.util.TaskCompletionListener;

/**
 * The models of one executor JVM, a small pool per model: a task borrows one for its whole run and gives
 * it back when it completes (or fails), so the executor's task slots run their model calls side by side,
 * each on its own copy, as {@code vision classify}'s workers do. A copy is loaded only when every other is
 * in use, so the pool grows to the number of tasks the executor really runs at once (its cores divided by
 * {@code spark.task.cpus}) and no further. Each is loaded through the model store (which checks its sha256
 * on this machine) and closed when the JVM ends. Thread-safe.
 */
final class ExecutorModels {

    private static final Map<JobSettings.ModelKey, ArrayDeque<ImageModel<?>>> IDLE = new HashMap<>();
    /** Copies being loaded ahead of the first task ({@link #preload}): a task waits for one of these. */
    private static final Map<JobSettings.ModelKey, ArrayDeque<CompletableFuture<ImageModel<?>>>> LOADING =
            new HashMap<>();

    private static final List<ImageModel<?>> ALL = new ArrayList<>();
    /** Copies of each model loaded or loading in this JVM. */
    private static final Map<JobSettings.ModelKey, Integer> COPIES = new HashMap<>();

    private static boolean hooked;

    private ExecutorModels() {}

    /**
     * A model of {@code key} for the running task alone, set up for the calling thread; it goes back to the
     * pool when the task completes. Outside a Spark task (no task context) the caller gives it back.
     */
    static ImageModel<?> borrowForTask(JobSettings.ModelKey key) {
        ImageModel<?> model = borrow(key);
        TaskContext task = TaskContext.get();
        if (task != null) {
            task.addTaskCompletionListener((TaskCompletionListener) context -> giveBack(key, model));
        }
        model.useFromThisThread(); // task threads are not the thread that loaded the model
        return model;
    }

    static ImageModel<?> borrow(JobSettings.ModelKey key) {
        CompletableFuture<ImageModel<?>> coming;
        synchronized (ExecutorModels.class) {
            ImageModel<?> idle =
                    IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).poll();
            if (idle != null) {
                return idle;
            }
            coming = LOADING.computeIfAbsent(key, k -> new ArrayDeque<>()).poll();
            if (coming == null) {
                COPIES.merge(key, 1, Integer::sum);
            }
        }
        if (coming != null) { // outside the lock: a copy loaded ahead, maybe still loading
            try {
                return coming.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e; // the task fails as a load of its own would
            }
        }
        return track(load(key)); // outside the lock: another task may take an idle copy meanwhile
    }

    /**
     * Starts loading {@code copies} models of {@code key} on threads of their own, for the tasks to come: in
     * local mode the driver's JVM is the executor, and the copies load while Spark lists the input and plans
     * the job instead of after the first tasks have started. A task that finds no idle copy waits for one of
     * these rather than loading another. Copies this JVM already has count: a second job tops the pool up.
     */
    static void preload(JobSettings.ModelKey key, int copies) {
        int missing;
        synchronized (ExecutorModels.class) {
            missing = copies - COPIES.getOrDefault(key, 0);
            COPIES.merge(key, Math.max(0, missing), Integer::sum);
        }
        for (int i = 0; i < missing; i++) {
            CompletableFuture<ImageModel<?>> copy = new CompletableFuture<>();
            Thread loader = new Thread(
                    () -> {
                        try {
                            copy.complete(track(load(key)));
                        } catch (RuntimeException | Error e) {
                            copy.completeExceptionally(e);
                        }
                    },
                    "vision-model-preload-" + i);
            loader.setDaemon(true);
            synchronized (ExecutorModels.class) {
                LOADING.computeIfAbsent(key, k -> new ArrayDeque<>()).add(copy);
            }
            loader.start();
        }
    }

    /**
     * Waits until the copies {@link #preload} started are loaded, so that a model that cannot load ends the
     * job before it starts, with the store's own error, and the job's clock starts with its models ready, as
     * {@code vision classify}'s does.
     */
    static void awaitPreloaded(JobSettings.ModelKey key) {
        List<CompletableFuture<ImageModel<?>>> coming;
        synchronized (ExecutorModels.class) {
            coming = new ArrayList<>(LOADING.getOrDefault(key, new ArrayDeque<>()));
        }
        for (CompletableFuture<ImageModel<?>> copy : coming) {
            try {
                copy.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    /** Registers a loaded copy to be closed when the JVM ends. */
    private static synchronized ImageModel<?> track(ImageModel<?> loaded) {
        ALL.add(loaded);
        if (!hooked) {
            hooked = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "vision-models-close"));
        }
        return loaded;
    }

    static synchronized void giveBack(JobSettings.ModelKey key, ImageModel<?> model) {
        IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).push(model);
    }

    private static ImageModel<?> load(JobSettings.ModelKey key) {
        // the store checks the file's sha256 here, on this executor, before the model is loaded
        ModelStore store =
                new ModelStore(ModelStoreConfig.fromEnvironment(System.getenv()).withMirrors(key.mirrors()));
        return key.task() == ModelFamily.Task.CLASSIFY
                ? Classifier.builder()
                        .store(store)
                        .model(key.model())
                        .engine(key.engine())
                        .device(key.device())
                        .threads(key.threads())
                        .topK(key.topK())
                        .build()
                : Detector.builder()
                        .store(store)
                        .model(key.model())
                        .engine(key.engine())
                        .device(key.device())
                        .threads(key.threads())
                        .conf(key.conf())
                        .iou(key.iou())
                        .maxDetections(key.maxDetections())
                        .build();
    }

    static synchronized void closeAll() {
        ALL.forEach(ImageModel::close);
        ALL.clear();
        IDLE.clear();
        LOADING.clear();
        COPIES.clear();
    }
}
