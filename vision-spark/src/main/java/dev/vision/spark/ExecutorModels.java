package dev.vision.spark;

import dev.vision.core.inference.Classifier;
import dev.vision.core.inference.Detector;
import dev.vision.core.inference.ImageModel;
import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
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
            // the store checks the file's sha256 here, on this executor, before the model is loaded
            ModelStore store = new ModelStore(ModelStoreConfig.fromEnvironment(System.getenv()).withMirrors(key.mirrors()));
            model = key.classification()
                    ? Classifier.builder().store(store).model(key.model()).engine(key.engine()).device(key.device()).threads(key.threads())
                            .topK(key.topK()).build()
                    : Detector.builder().store(store).model(key.model()).engine(key.engine()).device(key.device()).threads(key.threads())
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
