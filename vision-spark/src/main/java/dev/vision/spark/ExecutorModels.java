package dev.vision.spark;

import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.ImageModel;
import java.util.HashMap;
import java.util.Map;

/**
 * The models of one executor JVM: each loaded on first use (through the model store, which checks its
 * sha256 on this machine), shared by that JVM's tasks, closed when the JVM ends. A model is not shared
 * between threads at once: ImageModel calls are synchronized, so tasks of one executor take turns on it.
 */
final class ExecutorModels {

    private static final Map<JobSettings.ModelKey, ImageModel<?>> LOADED = new HashMap<>();
    private static boolean hooked;

    private ExecutorModels() {
    }

    static synchronized ImageModel<?> get(JobSettings.ModelKey key) {
        ImageModel<?> model = LOADED.get(key);
        if (model == null) {
            model = key.classification()
                    ? Classifier.builder().model(key.model()).engine(key.engine()).device(key.device()).threads(key.threads())
                            .topK(key.topK()).build()
                    : Detector.builder().model(key.model()).engine(key.engine()).device(key.device()).threads(key.threads())
                            .conf(key.conf()).iou(key.iou()).maxDetections(key.maxDetections()).build();
            LOADED.put(key, model);
            if (!hooked) {
                hooked = true;
                Runtime.getRuntime().addShutdownHook(new Thread(ExecutorModels::closeAll, "vision-models-close"));
            }
        }
        return model;
    }

    static synchronized void closeAll() {
        LOADED.values().forEach(ImageModel::close);
        LOADED.clear();
    }
}
