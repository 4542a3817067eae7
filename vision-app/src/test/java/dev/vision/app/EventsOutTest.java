package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.vision.core.testing.TestData;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Events out (issue 13, item 4), with real parts: a Mosquitto broker started here on a free port, an MQTT
 * subscriber, and a local HTTP server receiving the webhooks.
 */
class EventsOutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static Process mosquitto(int port, Path log) throws Exception {
        return started(new ProcessBuilder(mosquittoBinary(), "-p", Integer.toString(port)), port, log);
    }

    private static String mosquittoBinary() {
        return Files.isExecutable(Path.of("/usr/sbin/mosquitto")) ? "/usr/sbin/mosquitto" : "mosquitto";
    }

    /**
     * A broker on 127.0.0.1 that lets in only the users of {@code passwords} (user → password; none: nobody),
     * through a config and password file made in {@code dir}.
     */
    static Process mosquittoWithPasswords(int port, Path dir, Map<String, String> passwords) throws Exception {
        Path file = dir.resolve("passwords-" + port + "-" + System.nanoTime());
        Files.writeString(file, "");
        for (var e : passwords.entrySet()) {
            Process p = new ProcessBuilder("mosquitto_passwd", "-b", file.toString(), e.getKey(), e.getValue())
                    .redirectErrorStream(true)
                    .start();
            String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, said);
        }
        // the broker drops to its own user when started as root: it must be able to read the file
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = dir.resolve("mosquitto-" + port + ".conf");
        Files.writeString(
                config, "listener " + port + " 127.0.0.1\nallow_anonymous false\npassword_file " + file + "\n");
        return started(
                new ProcessBuilder(mosquittoBinary(), "-c", config.toString()),
                port,
                dir.resolve("mosquitto-" + port + "-" + System.nanoTime() + ".log"));
    }

    private static Process started(ProcessBuilder builder, int port, Path log) throws Exception {
        Process p =
                builder.redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return p;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("mosquitto did not start: " + Files.readString(log));
    }

    /** A webhook endpoint on 127.0.0.1 at {@code /hook} that keeps every body POSTed to it; stop it after use. */
    static HttpServer webhook(List<String> bodies) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        http.start();
        return http;
    }

    /** Subscribes to everything under vision/ and keeps what arrives: topic → payloads. */
    static MqttClient subscriber(int port, List<String[]> received) throws Exception {
        MqttClient client =
                new MqttClient("tcp://127.0.0.1:" + port, "test-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        client.connect(options);
        client.subscribe(
                "vision/#",
                1,
                (topic, message) ->
                        received.add(new String[] {topic, new String(message.getPayload(), StandardCharsets.UTF_8)}));
        return client;
    }

    /**
     * Ends a subscriber whatever state its automatic reconnect left it in: {@code close()} refuses while a
     * reconnect is under way ("Connect already in progress"), so disconnect forcibly and close by force.
     */
    static void closeQuietly(MqttClient client) {
        try {
            client.disconnectForcibly(1000, 1000);
        } catch (MqttException ignored) {
            // already disconnected, or the broker is gone
        }
        try {
            client.close(true);
        } catch (MqttException ignored) {
            // nothing more to release
        }
    }

    /** The line_crossed events of the JSON lines, as the outputs send them (source, stream, frame, time added). */
    private static List<JsonNode> crossings(Path lines) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode frame : VideoCommandTest.jsonLines(lines)) {
            for (JsonNode e : frame.path("events")) {
                if (e.get("type").asText().equals("line_crossed")) {
                    ObjectNode event = e.deepCopy();
                    event.put("source", frame.get("source").asText());
                    event.put("stream", 0);
                    event.put("stream_name", frame.get("stream_name").asText());
                    event.put("frame", frame.get("frame").asLong());
                    event.put("timestamp_ms", frame.get("timestamp_ms").asLong());
                    out.add(JSON.readTree(event.toString())); // numbers typed as a parser types them
                }
            }
        }
        return out;
    }

    @Test
    void everyCrossingArrivesOnMqttAndAtTheWebhookWithTheSameContent(@TempDir Path work) throws Exception {
        int port = freePort();
        Process broker = mosquitto(port, work.resolve("mosquitto.log"));
        List<String> hooks = new CopyOnWriteArrayList<>();
        HttpServer http = webhook(hooks);
        List<String[]> mqtt = new CopyOnWriteArrayList<>();
        MqttClient sub = subscriber(port, mqtt);
        try {
            Path lines = work.resolve("lines.jsonl");
            VisionProcess.Result r = VisionProcess.run(
                    work,
                    Map.of(),
                    "track",
                    TestData.media("clips/vtest_first20s.mp4").toString(),
                    "--classes",
                    "person",
                    "--line",
                    "walk=0,300,768,300",
                    "--no-save",
                    "--json",
                    lines.toString(),
                    "--mqtt",
                    "mqtt://127.0.0.1:" + port,
                    "--webhook",
                    "http://127.0.0.1:" + http.getAddress().getPort() + "/hook");
            assertEquals(0, r.exitCode(), r.stderr());
            List<JsonNode> expected = crossings(lines);
            assertTrue(expected.size() >= 2, "the clip has crossings: " + expected);
            Thread.sleep(500); // the subscriber's last messages
            List<JsonNode> onMqtt = new ArrayList<>();
            for (String[] m : mqtt) {
                if (m[0].equals("vision/0/events")) {
                    JsonNode e = JSON.readTree(m[1]);
                    if (e.get("type").asText().equals("line_crossed")) {
                        onMqtt.add(e);
                    }
                }
            }
            List<JsonNode> atHook = new ArrayList<>();
            for (String body : hooks) {
                JsonNode e = JSON.readTree(body);
                if (e.get("type").asText().equals("line_crossed")) {
                    atHook.add(e);
                }
            }
            assertEquals(expected, onMqtt, "MQTT: same events, same content, same order");
            assertEquals(expected, atHook, "webhook: same events, same content, same order");
            assertTrue(mqtt.stream().anyMatch(m -> m[0].equals("vision/0/status") && m[1].equals("ended")), "ended");
            assertTrue(
                    r.stderr().contains("Events: mqtt mqtt://127.0.0.1:" + port + ": ")
                            && r.stderr().contains(" 0 not delivered."),
                    r.stderr());
        } finally {
            closeQuietly(sub);
            http.stop(0);
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void namedSourcesKeepTheirOwnTopicsVideosAndStreamNames(@TempDir Path work) throws Exception {
        int port = freePort();
        Process broker = mosquitto(port, work.resolve("mosquitto.log"));
        List<String[]> mqtt = new CopyOnWriteArrayList<>();
        MqttClient sub = subscriber(port, mqtt);
        try {
            Path list = Files.writeString(
                    work.resolve("cameras.txt"),
                    "# the car park\nyard: " + TestData.media("clips/car-detection.mp4") + "\n");
            Path lines = work.resolve("lines.jsonl");
            VisionProcess.Result r = VisionProcess.run(
                    work,
                    Map.of(),
                    "track",
                    "door=" + TestData.media("clips/vtest_first20s.mp4"),
                    "--sources",
                    list.toString(),
                    "--line",
                    "walk=0,300,768,300",
                    "--out",
                    "run",
                    "--json",
                    lines.toString(),
                    "--mqtt",
                    "mqtt://127.0.0.1:" + port,
                    "-q");
            assertEquals(0, r.exitCode(), r.stderr());
            Thread.sleep(500);
            Set<String> topics = new TreeSet<>();
            mqtt.forEach(m -> topics.add(m[0]));
            assertTrue(
                    topics.containsAll(List.of("vision/door/status", "vision/yard/status", "vision/door/events")),
                    "topics by name: " + topics);
            assertTrue(
                    topics.stream().noneMatch(t -> t.startsWith("vision/0/") || t.startsWith("vision/1/")),
                    "none by position: " + topics);
            for (String[] m : mqtt) {
                if (m[0].equals("vision/door/events")) {
                    JsonNode e = JSON.readTree(m[1]);
                    assertEquals("door", e.get("stream_name").asText());
                    assertEquals(0, e.get("stream").asInt());
                }
            }
            Map<String, Long> perName = VideoCommandTest.jsonLines(lines).stream()
                    .collect(Collectors.groupingBy(l -> l.get("stream_name").asText(), Collectors.counting()));
            assertEquals(Map.of("door", 200L, "yard", 377L), perName);
            assertEquals(
                    "200", VideoCommandTest.probe(work.resolve("run/door.mp4")).get("nb_read_frames"));
            assertEquals(
                    "377", VideoCommandTest.probe(work.resolve("run/yard.mp4")).get("nb_read_frames"));
            assertTrue(
                    r.stderr().contains("Stream door: Line walk: in 1 (1 person), out 3 (3 person).")
                            && !r.stderr().contains("Stream 0"),
                    r.stderr());
        } finally {
            closeQuietly(sub);
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aBrokerThatGoesAwayIsReportedTheRunFinishesAndDeliveryResumesWhenItIsBack(@TempDir Path work)
            throws Exception {
        int port = freePort();
        Process broker = mosquitto(port, work.resolve("mosquitto-1.log"));
        List<String[]> mqtt = new CopyOnWriteArrayList<>();
        MqttClient sub = subscriber(port, mqtt);
        Process again = null;
        try {
            // a slow run (100 ms a frame: 20 s) that tracks and counts all the while
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    Map.of(),
                    "track",
                    TestData.media("clips/vtest_first20s.mp4").toString(),
                    "--classes",
                    "person",
                    "--no-save",
                    "--mqtt",
                    "mqtt://127.0.0.1:" + port,
                    "--simulate-slow-model",
                    "100",
                    "-q");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (mqtt.stream().noneMatch(m -> m[0].equals("vision/0/events")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(mqtt.stream().anyMatch(m -> m[0].equals("vision/0/events")), "events flowing");
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
            Await.until(
                    () -> run.stderrSoFar().contains("cannot deliver"), Duration.ofSeconds(30), "the loss reported");
            again = mosquitto(port, work.resolve("mosquitto-2.log"));
            List<String[]> afterRestart = new CopyOnWriteArrayList<>();
            MqttClient second = subscriber(port, afterRestart);
            VisionProcess.Result r = run.await(120);
            Thread.sleep(500);
            closeQuietly(second);
            assertTrue(r.stderr().contains("delivering again"), r.stderr());
            assertTrue(
                    afterRestart.stream()
                            .anyMatch(m -> m[0].equals("vision/0/events")
                                    || (m[0].equals("vision/0/status") && m[1].equals("ended"))),
                    "delivery resumed once the broker was back");
            assertTrue(
                    afterRestart.stream().anyMatch(m -> m[0].equals("vision/0/status") && m[1].equals("online")),
                    "the restarted broker (nothing retained) is told the stream is online again");
            assertTrue(r.exitCode() == 0 || r.exitCode() == 1, r.stderr());
        } finally {
            closeQuietly(sub);
            broker.destroy();
            if (again != null) {
                again.destroy();
            }
        }
    }

    @Test
    void aBrokerDownForTheWholeRunIsReportedOnceAndTheRunExits1(@TempDir Path work) throws Exception {
        int port = freePort(); // nothing listens there
        Path lines = work.resolve("lines.jsonl");
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "track",
                TestData.media("clips/vtest_first20s.mp4").toString(),
                "--classes",
                "person",
                "--line",
                "walk=0,300,768,300",
                "--no-save",
                "--json",
                lines.toString(),
                "--mqtt",
                "mqtt://127.0.0.1:" + port);
        assertEquals(1, r.exitCode(), r.stderr());
        assertEquals(
                1, r.stderr().lines().filter(l -> l.contains("cannot deliver")).count(), "said once: " + r.stderr());
        long events = 0;
        for (JsonNode frame : VideoCommandTest.jsonLines(lines)) {
            events += frame.path("events").size();
        }
        assertTrue(events > 0);
        assertTrue(
                r.stderr().contains(": 0 delivered, " + events + " not delivered."), events + " events: " + r.stderr());
        assertTrue(r.stderr().contains("could not be delivered"), r.stderr());
        assertEquals(200, VideoCommandTest.jsonLines(lines).size(), "the run itself finished: every frame");
    }
}
