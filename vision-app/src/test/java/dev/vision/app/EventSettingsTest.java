package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.vision.core.testing.TestData;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Event outputs and their settings said right, with a real Mosquitto that checks passwords and real HTTP
 * endpoints: a refused login is a setup error, a refusal mid-run is counted per event, a webhook's refusal
 * and silence are said in words, bad prefixes and addresses are one line before anything runs.
 */
class EventSettingsTest {

    private static final Map<String, String> ALICE =
            Map.of("VISION_MQTT_USER", "alice", "VISION_MQTT_PASSWORD", "s3cret");

    private static String vtest() {
        return TestData.media("clips/vtest_first20s.mp4").toString();
    }

    @Test
    void aBrokerThatRefusesTheLoginIsOneLineAndExit2BeforeAnythingIsWritten(@TempDir Path work) throws Exception {
        int port = EventsOutTest.freePort();
        Process broker = EventsOutTest.mosquittoWithPasswords(port, work, Map.of("alice", "s3cret"));
        try {
            List<Map<String, String>> refused =
                    List.of(Map.of("VISION_MQTT_USER", "alice", "VISION_MQTT_PASSWORD", "wrong"), Map.of());
            for (Map<String, String> env : refused) {
                Path out = work.resolve("out");
                VisionProcess.Result r = VisionProcess.run(
                        work,
                        env,
                        "track",
                        vtest(),
                        "--classes",
                        "person",
                        "--out",
                        out.toString(),
                        "--mqtt",
                        "mqtt://127.0.0.1:" + port);
                assertEquals(2, r.exitCode(), r.stderr());
                assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
                assertTrue(
                        r.stderr().startsWith("vision: --mqtt mqtt://127.0.0.1:" + port + ": the broker refused"),
                        r.stderr());
                assertFalse(Files.exists(out), "nothing written");
            }
            VisionProcess.Result ok = VisionProcess.run(
                    work,
                    ALICE,
                    "detect",
                    TestData.repoRoot().resolve("test-images/astronaut.png").toString(),
                    "--no-save",
                    "-q",
                    "--mqtt",
                    "mqtt://127.0.0.1:" + port);
            assertEquals(0, ok.exitCode(), "the right password is let in: " + ok.stderr());
        } finally {
            broker.destroy();
        }
    }

    @Test
    void credentialsRefusedMidRunCountEveryEventOnce(@TempDir Path work) throws Exception {
        int port = EventsOutTest.freePort();
        Process broker = EventsOutTest.mosquittoWithPasswords(port, work, Map.of("alice", "s3cret"));
        Process changed = null;
        try {
            Path lines = work.resolve("lines.jsonl");
            // a slow run (100 ms a frame: 20 s); alice's password is changed while it runs
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    ALICE,
                    "track",
                    vtest(),
                    "--classes",
                    "person",
                    "--line",
                    "walk=0,300,768,300",
                    "--no-save",
                    "--json",
                    lines.toString(),
                    "--mqtt",
                    "mqtt://127.0.0.1:" + port,
                    "--simulate-slow-model",
                    "100",
                    "-q");
            Await.until(
                    () -> Files.exists(lines) && Files.readString(lines).contains("\"events\""),
                    Duration.ofSeconds(60),
                    "events before the password changes");
            broker.destroy();
            broker.waitFor(10, TimeUnit.SECONDS);
            changed = EventsOutTest.mosquittoWithPasswords(port, work, Map.of("alice", "changed"));
            VisionProcess.Result r = run.await(120);
            long events = 0;
            for (JsonNode frame : VideoCommandTest.jsonLines(lines)) {
                events += frame.path("events").size();
            }
            Matcher m = Pattern.compile(": (\\d+) delivered, (\\d+) not delivered\\.")
                    .matcher(r.stderr());
            assertTrue(m.find(), r.stderr());
            long delivered = Long.parseLong(m.group(1));
            long notDelivered = Long.parseLong(m.group(2));
            assertEquals(
                    events, delivered + notDelivered, "each of the " + events + " events counted once: " + r.stderr());
            assertTrue(notDelivered > 0, r.stderr());
            assertTrue(r.stderr().contains("refused (the broker refused"), r.stderr());
            assertEquals(1, r.exitCode(), "events not delivered: exit 1; " + r.stderr());
        } finally {
            broker.destroy();
            if (changed != null) {
                changed.destroy();
            }
        }
    }

    @Test
    void aRefusedWebhookSaysWhyAndOneThatHangsIsSaidWhileTheRunGoesOn(@TempDir Path work) throws Exception {
        int closed = EventsOutTest.freePort(); // nothing listens there
        VisionProcess.Result refused = VisionProcess.run(
                work,
                Map.of(),
                "track",
                vtest(),
                "--classes",
                "person",
                "--line",
                "walk=0,300,768,300",
                "--no-save",
                "-q",
                "--webhook",
                "http://127.0.0.1:" + closed + "/hook");
        assertTrue(refused.stderr().contains("cannot deliver (connection refused)"), refused.stderr());
        assertFalse(refused.stderr().contains("(null)"), refused.stderr());

        CountDownLatch never = new CountDownLatch(1);
        HttpServer silent = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        silent.setExecutor(Executors.newCachedThreadPool());
        silent.createContext("/hook", ex -> {
            try {
                never.await(); // takes the request, never answers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        silent.start();
        try {
            VisionProcess.Running run = VisionProcess.start(
                    work,
                    Map.of(),
                    "track",
                    vtest(),
                    "--classes",
                    "person",
                    "--line",
                    "walk=0,300,768,300",
                    "--no-save",
                    "-q",
                    "--simulate-slow-model",
                    "100",
                    "--webhook",
                    "http://127.0.0.1:" + silent.getAddress().getPort() + "/hook");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(18);
            while (!run.stderrSoFar().contains("no answer for 10 s") && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertTrue(run.stderrSoFar().contains("no answer for 10 s"), "said during the run: " + run.stderrSoFar());
            VisionProcess.Result r = run.await(120);
            assertEquals(
                    1,
                    r.stderr()
                            .lines()
                            .filter(l -> l.contains("no answer for 10 s"))
                            .count(),
                    r.stderr());
        } finally {
            never.countDown();
            silent.stop(0);
        }
    }

    @Test
    void badTopicPrefixesAndServeAddressesAreOneLineAndExit2(@TempDir Path work) throws Exception {
        String[][] cases = {
            {"--mqtt", "mqtt://127.0.0.1:1", "--mqtt-topic", "a/#/b", "--mqtt-topic: 'a/#/b'"},
            {"--mqtt", "mqtt://127.0.0.1:1", "--mqtt-topic", "site//hall", "no empty level"},
            {"--mqtt", "mqtt://127.0.0.1:1", "--mqtt-topic", "cams/+", "wildcard"},
            {"--serve", "abc", "--serve abc: expected [HOST:]PORT"},
            {"--serve", "99999", "within 0..65535"},
            {"--serve=-5", "within 0..65535"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of(
                    "detect",
                    TestData.repoRoot().resolve("test-images/astronaut.png").toString(),
                    "--no-save"));
            args.addAll(List.of(c).subList(0, c.length - 1));
            VisionProcess.Result r = VisionProcess.run(work, Map.of(), args.toArray(String[]::new));
            assertEquals(2, r.exitCode(), String.join(" ", c) + ": " + r.stderr());
            assertEquals(1, r.stderrLines().size(), "one line: " + r.stderr());
            assertTrue(r.stderr().contains(c[c.length - 1]), r.stderr());
        }
    }

    @Test
    void resultsCanBeWrittenToACharacterDevice(@TempDir Path work) throws Exception {
        VisionProcess.Result r = VisionProcess.run(
                work,
                Map.of(),
                "detect",
                TestData.repoRoot().resolve("test-images/astronaut.png").toString(),
                "--no-save",
                "--json",
                "/dev/null",
                "--csv",
                "/dev/null",
                "-q");
        assertEquals(0, r.exitCode(), r.stderr());
    }
}
