package dev.vision.serve.service;

import dev.vision.core.VisionException;
import dev.vision.core.analytics.MovementStage;
import dev.vision.core.capture.FrameSize;
import dev.vision.core.model.ModelStore;
import dev.vision.core.run.MemoryPlan;
import dev.vision.serve.store.EventStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The service's running cameras, kept equal to a {@link ServiceConfig} one camera at a time: {@link #apply}
 * starts what was added or enabled, stops what was removed or disabled, restarts a camera whose settings changed
 * and reshapes one whose lines or zones alone changed; every other camera is not touched. A watchdog opens a
 * camera again when no frame came for the stall timeout, or when it could not be opened.
 */
public final class Fleet implements AutoCloseable {

    /** How long stopping one camera may take before the next step goes on. */
    static final long STOP_WAIT_MS = 10_000;

    private final ModelPool models;
    private final CameraOutputs outputs;
    private final Path data;
    private final LongSupplier memoryLimit;
    private final Consumer<String> log;
    // read without the lock by status and snapshot requests, so that a slow add never holds them up
    private final Map<String, Camera> running = new ConcurrentHashMap<>();
    private final Map<String, CameraHealth> health = new ConcurrentHashMap<>();
    private final ScheduledExecutorService watchdog;
    private volatile ServiceConfig config = ServiceConfig.EMPTY;
    private final EventStore history;

    /**
     * @param server the data folder (fixed for the service's life)
     * @param outputs where every camera's events go (fixed for the service's life)
     * @param history the event store every camera writes to
     * @param store where the cameras' model files come from
     * @param memoryLimit the bytes the process may use (an add whose plan passes it is refused)
     * @param log where each camera's start, stop, stall and failure is said
     */
    public Fleet(
            ServiceConfig.Server server,
            ServiceConfig.Outputs outputs,
            EventStore history,
            ModelStore store,
            LongSupplier memoryLimit,
            Consumer<String> log) {
        this.data = server.data();
        this.models = new ModelPool(store);
        this.outputs = new CameraOutputs(outputs);
        this.history = history;
        this.memoryLimit = memoryLimit;
        this.log = log;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "camera-watchdog");
            t.setDaemon(true);
            return t;
        });
        watchdog.scheduleWithFixedDelay(this::watch, 1, 1, TimeUnit.SECONDS);
    }

    /**
     * Makes the running cameras what {@code next} says, touching only the cameras it changes. New cameras are
     * opened and checked against the memory plan before anything else changes.
     *
     * @throws MemoryRefusedException when the new cameras do not fit: nothing was changed
     */
    public synchronized void apply(ServiceConfig next) throws MemoryRefusedException, InterruptedException {
        Map<String, Camera> opened = new LinkedHashMap<>();
        Set<String> tried = new HashSet<>();
        try {
            for (CameraConfig camera : next.cameras().values()) {
                boolean wasRunning = running.containsKey(camera.name());
                boolean wasEnabled =
                        config.camera(camera.name()).map(CameraConfig::enabled).orElse(false);
                if (camera.enabled() && !wasRunning && !wasEnabled) {
                    tried.add(camera.name());
                    openInto(opened, camera);
                }
            }
            checkMemory(opened);
        } catch (MemoryRefusedException | RuntimeException e) {
            for (Map.Entry<String, Camera> o : opened.entrySet()) {
                o.getValue().stop(0, log); // never started: nothing to wait for
            }
            health.keySet().removeIf(name -> config.camera(name).isEmpty());
            throw e;
        }
        for (String name : new ArrayList<>(running.keySet())) {
            Optional<CameraConfig> wanted = next.camera(name);
            Camera now = running.get(name);
            if (wanted.isEmpty() || !wanted.get().enabled()) {
                stop(name, wanted.isEmpty() ? "removed" : "disabled");
                if (wanted.isEmpty()) {
                    health.remove(name);
                }
            } else if (!now.config().runsAs(wanted.get())) {
                stop(name, "settings changed");
                tried.add(name);
                start(wanted.get());
            } else if (!now.config().equals(wanted.get())) {
                now.reshape(wanted.get());
                log.accept("camera " + name + ": lines, zones, masks or blur changed; its tracks go on");
            }
        }
        for (CameraConfig camera : next.cameras().values()) {
            if (!camera.enabled()) {
                healthOf(camera.name()).state(CameraState.DISABLED, "enabled: false");
            }
        }
        for (Map.Entry<String, Camera> o : opened.entrySet()) {
            running.put(o.getKey(), o.getValue().start());
            log.accept("camera " + o.getKey() + ": started");
        }
        health.keySet().removeIf(name -> next.camera(name).isEmpty());
        ServiceConfig before = config;
        config = next;
        for (CameraConfig camera : next.cameras().values()) {
            boolean changed =
                    before.camera(camera.name()).map(c -> !c.equals(camera)).orElse(true);
            if (camera.enabled() && !running.containsKey(camera.name()) && !tried.contains(camera.name()) && changed) {
                start(camera); // offline, and its settings changed: try them now (the watchdog retries the rest)
            }
        }
    }

    private void openInto(Map<String, Camera> opened, CameraConfig camera) {
        try {
            opened.put(camera.name(), Camera.open(camera, services(), healthOf(camera.name())));
        } catch (VisionException | IOException e) {
            healthOf(camera.name()).state(CameraState.OFFLINE, e.getMessage());
            log.accept("camera " + camera.name() + ": cannot be opened: " + e.getMessage());
        }
    }

    private void checkMemory(Map<String, Camera> opened) throws MemoryRefusedException {
        if (opened.isEmpty()) {
            return;
        }
        MemoryPlan.Builder plan = MemoryPlan.builder();
        List<Camera> all = new ArrayList<>(running.values());
        all.addAll(opened.values());
        for (Camera camera : all) {
            Optional<FrameSize> size = camera.frameSize();
            size.ifPresent(s -> plan.decoder(s.width(), s.height()));
        }
        Optional<String> refusal = plan.build().refusal(memoryLimit.getAsLong());
        if (refusal.isPresent()) {
            throw new MemoryRefusedException(refusal.get());
        }
    }

    private void start(CameraConfig camera) {
        try {
            running.put(
                    camera.name(),
                    Camera.open(camera, services(), healthOf(camera.name())).start());
            log.accept("camera " + camera.name() + ": started");
        } catch (VisionException | IOException e) {
            healthOf(camera.name()).state(CameraState.OFFLINE, e.getMessage());
            log.accept("camera " + camera.name() + ": cannot be opened: " + e.getMessage());
        }
    }

    private void stop(String name, String why) throws InterruptedException {
        Camera camera = running.remove(name);
        if (camera != null) {
            camera.stop(STOP_WAIT_MS, log);
            log.accept("camera " + name + ": stopped (" + why + ")");
        }
    }

    private CameraServices services() {
        return new CameraServices(models, outputs, history, data, log);
    }

    private CameraHealth healthOf(String name) {
        return health.computeIfAbsent(name, n -> new CameraHealth());
    }

    /** Opens again each enabled camera that gave no frame for the stall timeout, or could not be opened. */
    private synchronized void watch() {
        long limit = config.server().stallTimeout().toNanos();
        try {
            for (CameraConfig camera : config.cameras().values()) {
                CameraHealth h = healthOf(camera.name());
                if (!camera.enabled() || h.quietNanos() < limit) {
                    continue;
                }
                if (running.containsKey(camera.name())) {
                    h.stalled();
                    stop(
                            camera.name(),
                            "no frame for " + config.server().stallTimeout().toSeconds() + " s");
                }
                h.runStarted();
                start(camera);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            log.accept("watchdog: " + e);
        }
    }

    /** The configuration the cameras run by now. */
    public ServiceConfig config() {
        return config;
    }

    /** Each camera's health, in the configuration's order. */
    Map<String, CameraHealth.Snapshot> status() {
        Map<String, CameraHealth.Snapshot> all = new LinkedHashMap<>();
        for (String name : config.cameras().keySet()) {
            CameraHealth h = health.get(name);
            all.put(name, h != null ? h.snapshot() : new CameraHealth().snapshot());
        }
        return all;
    }

    /** Zone entries so far of a running camera's zone. */
    long entered(String camera, String zone) {
        Camera c = running.get(camera);
        if (c == null) {
            return 0;
        }
        return c.tracking().zones().stream()
                .filter(z -> z.name().equals(zone))
                .mapToLong(z -> z.entered())
                .sum();
    }

    /** A running camera's turning movements so far (origin → destination → class → objects), if it counts them. */
    Optional<Map<String, Map<String, Map<String, Long>>>> movements(String camera) {
        return Optional.ofNullable(running.get(camera))
                .flatMap(Camera::movements)
                .map(MovementStage::matrix);
    }

    /** The next frame of a running camera, as a JPEG. */
    Optional<CompletableFuture<byte[]>> snapshot(String camera, SnapshotKind kind) {
        return Optional.ofNullable(running.get(camera)).map(c -> c.snapshot(kind));
    }

    /** How many detectors are loaded. */
    synchronized int modelsLoaded() {
        return models.size();
    }

    /** Stops every camera in order (each gets up to 10 s) and frees the detectors. */
    @Override
    public synchronized void close() {
        watchdog.shutdownNow();
        try {
            running.values().forEach(Camera::requestStop); // all drain at once, within one wait
            long deadline = System.nanoTime() + STOP_WAIT_MS * 1_000_000;
            for (Map.Entry<String, Camera> camera : running.entrySet()) {
                camera.getValue().stop(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), log);
                log.accept("camera " + camera.getKey() + ": stopped (the service stops)");
            }
            running.clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        models.close();
    }
}
