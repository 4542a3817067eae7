package dev.vision.serve.service;

import dev.vision.core.run.OutputPlan;
import dev.vision.serve.store.RetainPolicy;
import dev.vision.serve.store.StoreLocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A whole configuration, validated: the cameras in file order, where events go and how the service listens.
 * Built by {@link ConfigDocument}.
 */
public record ServiceConfig(Map<String, CameraConfig> cameras, Retain retain, Outputs outputs, Server server) {

    /** No camera, no output, the default server. */
    public static final ServiceConfig EMPTY = new ServiceConfig(
            Map.of(),
            new Retain(RetainPolicy.KEEP_ALL, Map.of()),
            new Outputs(List.of()),
            new Server(
                    "127.0.0.1",
                    8080,
                    Path.of("vision-data"),
                    Path.of("vision-data", "api-token"),
                    Duration.ofSeconds(20),
                    StoreLocation.file(Path.of("vision-data", "history.db"))));

    public ServiceConfig {
        cameras = Collections.unmodifiableMap(new LinkedHashMap<>(cameras));
    }

    public Optional<CameraConfig> camera(String name) {
        return Optional.ofNullable(cameras.get(name));
    }

    /** How long the history keeps what: {@code all} for every camera, a camera's own over it. */
    public record Retain(RetainPolicy all, Map<String, RetainPolicy> cameras) {
        public Retain {
            cameras = Map.copyOf(cameras);
        }
    }

    /** Where every camera's events go: the same targets a command-line run's {@link OutputPlan} names. */
    public record Outputs(List<OutputPlan.EventTarget> targets) {
        public Outputs {
            targets = List.copyOf(targets);
        }

        /** The MQTT broker, if events go to one (it also takes {@code enabled/set}). */
        public Optional<OutputPlan.EventTarget.Mqtt> mqtt() {
            return targets.stream()
                    .filter(OutputPlan.EventTarget.Mqtt.class::isInstance)
                    .map(OutputPlan.EventTarget.Mqtt.class::cast)
                    .findFirst();
        }
    }

    /**
     * @param host the address listened on
     * @param port 0 takes a free one
     * @param data the data folder (the token file, and what later versions keep)
     * @param tokenFile the file holding the API token, inside {@code data}
     * @param stallTimeout a camera with no frame for this long is opened again
     * @param history the event store every camera's objects and events go to
     */
    public record Server(
            String host, int port, Path data, Path tokenFile, Duration stallTimeout, StoreLocation history) {}
}
