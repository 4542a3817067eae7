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
import org.apache.spark.TaskContext;

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
    private static final List<ImageModel<?>> ALL = new ArrayList<>();
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
            task.addTaskCompletionListener(
                    (org.apache.spark.util.TaskCompletionListener) context -> giveBack(key, model));
        }
        model.useFromThisThread(); // task threads are not the thread that loaded the model
        return model;
    }

    static ImageModel<?> borrow(JobSettings.ModelKey key) {
        synchronized (ExecutorModels.class) {
            ImageModel<?> idle =
                    IDLE.computeIfAbsent(key, k -> new ArrayDeque<>()).poll();
            if (idle != null) {
                return idle;
            }
        }
        ImageModel<?> loaded = load(key); // outside the lock: another task may take an idle copy meanwhile
        synchronized (ExecutorModels.class) {
            ALL.add(loaded);
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "vision-models-close"));
            }
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
    }
}
