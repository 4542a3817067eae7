package dev.vision.serve.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.model.ModelStore;
import dev.vision.core.model.ModelStoreConfig;
import dev.vision.core.run.OutputPlan;
import dev.vision.serve.store.EventStore;
import dev.vision.serve.store.Retention;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code vision serve}: the cameras of one configuration file kept running, with the REST API that changes them.
 * Every change (from the API or an edit of the file) is validated as a whole file, applied to the cameras it
 * touches, and then written back to the file atomically, so a restart comes back the same.
 *
 * <pre>{@code
 * try (VisionService service = VisionService.start(Path.of("vision.yaml"), System.getenv(), limit, log)) {
 *     service.awaitClose();
 * }
 * }</pre>
 */
public final class VisionService implements AutoCloseable {

    private final ConfigFile file;
    private final Map<String, String> environment;
    private final Consumer<String> log;
    private final Fleet fleet;
    private final ServiceApi api;
    private final EventStore history;
    private final ScheduledExecutorService retention = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "history-retention");
        t.setDaemon(true);
        return t;
    });
    private volatile ConfigDocument document;
    private final Optional<MqttCommands> commands;
    private final CountDownLatch closed = new CountDownLatch(1);

    private VisionService(
            ConfigFile file,
            ConfigDocument document,
            Map<String, String> environment,
            ModelStore store,
            LongSupplier memory,
            Consumer<String> log)
            throws IOException {
        this.file = file;
        this.document = document;
        this.environment = Map.copyOf(environment);
        this.log = log;
        ServiceConfig.Server server = document.config().server();
        Files.createDirectories(server.data());
        this.history = EventStore.open(server.history(), log);
        try {
            this.fleet = new Fleet(server, document.config().outputs(), history, store, memory, log);
            ApiToken token = ApiToken.load(environment, server.tokenFile(), log);
            this.api = ServiceApi.start(this, token, server.host(), server.port());
        } catch (IOException | RuntimeException e) {
            history.close();
            throw e;
        }
        Optional<OutputPlan.EventTarget.Mqtt> mqtt = document.config().outputs().mqtt();
        try {
            this.commands = mqtt.isEmpty()
                    ? Optional.empty()
                    : Optional.of(MqttCommands.start(mqtt.get(), this::setEnabled, log));
        } catch (MqttException e) {
            api.close();
            fleet.close();
            history.close();
            throw new IOException("outputs.mqtt: " + e.getMessage(), e);
        }
    }

    private void setEnabled(String camera, boolean enabled) throws Exception {
        if (document.config().camera(camera).isEmpty()) {
            throw new IllegalArgumentException("no camera named '" + camera + "'");
        }
        changeCamera(camera, entry -> entry.put("enabled", enabled));
    }

    /**
     * Reads and validates {@code configFile}, starts its cameras and the API.
     *
     * @param memoryLimit the bytes the process may use: an add whose memory plan passes it is refused
     * @param log where what happens is said, a line each
     * @throws ConfigInvalidException when the file does not validate: nothing was started
     * @throws IOException when the file cannot be read or the address cannot be listened on
     */
    public static VisionService start(
            Path configFile, Map<String, String> environment, LongSupplier memoryLimit, Consumer<String> log)
            throws ConfigInvalidException, IOException, InterruptedException {
        return start(
                configFile,
                environment,
                new ModelStore(ModelStoreConfig.fromEnvironment(environment)),
                memoryLimit,
                log);
    }

    /**
     * As {@link #start(Path, Map, LongSupplier, Consumer)}, with the model files from {@code store}.
     */
    public static VisionService start(
            Path configFile,
            Map<String, String> environment,
            ModelStore store,
            LongSupplier memoryLimit,
            Consumer<String> log)
            throws ConfigInvalidException, IOException, InterruptedException {
        ConfigFile file = new ConfigFile(configFile);
        String text = file.read();
        ConfigDocument document =
                ConfigDocument.parse(text, configFile.toString(), file.path().getParent(), environment);
        VisionService service = new VisionService(file, document, environment, store, memoryLimit, log);
        try {
            service.fleet.apply(document.config());
        } catch (MemoryRefusedException e) {
            service.close();
            throw new IOException("the cameras do not fit in memory: " + e.getMessage(), e);
        } catch (InterruptedException | RuntimeException e) {
            service.close(); // the API's port and the cameras started so far are let go
            throw e;
        }
        file.started(text);
        file.watch(service::fileEdited, log);
        service.retention.scheduleWithFixedDelay(service::retain, 0, 1, TimeUnit.HOURS);
        log.accept("serving http://" + document.config().server().host() + ":" + service.port() + "/api ("
                + document.config().cameras().size() + " camera(s) in " + configFile + ")");
        return service;
    }

    /** Reads and validates a configuration file without starting anything (what {@code vision serve} checks). */
    public static ServiceConfig check(Path configFile, Map<String, String> environment)
            throws ConfigInvalidException, IOException {
        Path absolute = configFile.toAbsolutePath().normalize();
        return ConfigDocument.parse(
                        Files.readString(absolute), configFile.toString(), absolute.getParent(), environment)
                .config();
    }

    /** The port the API listens on. */
    public int port() {
        return api.port();
    }

    ConfigDocument document() {
        return document;
    }

    Fleet fleet() {
        return fleet;
    }

    /**
     * Validates {@code changed} as a whole file, applies it to the cameras and writes it back.
     *
     * @throws ConfigInvalidException when it does not validate (nothing changed)
     * @throws MemoryRefusedException when an added camera does not fit (nothing changed)
     */
    synchronized ConfigDocument change(ObjectNode changed)
            throws ConfigInvalidException, MemoryRefusedException, IOException, InterruptedException {
        ConfigDocument next;
        try {
            next = ConfigDocument.of(
                    changed, file.path().getFileName().toString(), file.path().getParent(), environment);
        } catch (ConfigInvalidException e) {
            // the text was made here from the request, not sent: its lines and columns would mean nothing
            throw new ConfigInvalidException(e.problems().stream()
                    .map(p -> new ConfigProblem(p.file(), 0, 0, p.setting(), p.reason()))
                    .toList());
        }
        return take(next, Origin.API);
    }

    /** As {@link #change(ObjectNode)}, for a camera entry. */
    synchronized ConfigDocument changeCamera(String name, UnaryOperator<ObjectNode> change)
            throws ConfigInvalidException, MemoryRefusedException, IOException, InterruptedException {
        return change(document.withCamera(name, change));
    }

    /** As {@link #change(ObjectNode)}, for the text of a whole file. */
    synchronized ConfigDocument replace(String text)
            throws ConfigInvalidException, MemoryRefusedException, IOException, InterruptedException {
        ConfigDocument next =
                ConfigDocument.parse(text, "request body", file.path().getParent(), environment);
        return take(next, Origin.API);
    }

    private ConfigDocument take(ConfigDocument next, Origin origin)
            throws MemoryRefusedException, IOException, InterruptedException {
        ServiceConfig before = document.config();
        fleet.apply(next.config());
        document = next;
        if (!before.server().equals(next.config().server())
                || !before.outputs().equals(next.config().outputs())) {
            log.accept("config: server and outputs settings take effect at the next start");
        }
        if (origin == Origin.API) { // an edit of the file is in the file already
            file.write(next.yaml());
        }
        return next;
    }

    /** Where a change came from. */
    private enum Origin {
        API,
        FILE
    }

    /** An edit of the file on disk: applied as the same per-camera diff; a file that does not validate is ignored. */
    private synchronized void fileEdited(String text) {
        try {
            ConfigDocument next = ConfigDocument.parse(
                    text, file.path().toString(), file.path().getParent(), environment);
            take(next, Origin.FILE);
            log.accept("config: " + file.path() + " changed; applied");
        } catch (ConfigInvalidException e) {
            log.accept("config: " + file.path() + " changed but does not validate; the running config stays:");
            e.problems().forEach(p -> log.accept("  " + p));
        } catch (MemoryRefusedException e) {
            log.accept("config: " + file.path() + " changed; refused: " + e.getMessage());
        } catch (IOException e) {
            log.accept("config: " + file.path() + " changed; " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One retention pass over the history, by the settings of the moment; a failure is said and retried. */
    private void retain() {
        try {
            ServiceConfig config = document.config();
            new Retention(history, config.server().data(), Clock.systemUTC(), log)
                    .apply(config.retain().all(), config.retain().cameras());
        } catch (IOException | RuntimeException e) {
            log.accept("retention: " + e.getMessage() + " (tried again in an hour)");
        }
    }

    /** The event store every camera writes to. */
    public EventStore history() {
        return history;
    }

    /** Waits until {@link #close()} is called. */
    public void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops the API, then every camera in order (together within 10 s), then the detectors. */
    @Override
    public void close() throws IOException {
        try {
            api.close();
            commands.ifPresent(MqttCommands::close);
            file.close();
            retention.shutdownNow();
            fleet.close();
            history.close(); // after the cameras: what they queued is written
        } finally {
            closed.countDown();
        }
    }
}
