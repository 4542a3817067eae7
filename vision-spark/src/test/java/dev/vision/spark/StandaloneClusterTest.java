package dev.vision.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.testing.TestData;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real Spark standalone cluster on 127.0.0.1: a master and a worker started from the Maven
 * jars (no downloaded distribution: the worker's SPARK_HOME is a folder whose jars/ holds this class
 * path's jars), executors in their own JVMs started by the worker.
 */
class StandaloneClusterTest {

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static List<String> java(String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getProperty("vision.spark.opens", "").split(" ")));
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), mainClass));
        cmd.addAll(List.of(args));
        cmd.removeIf(String::isBlank);
        return cmd;
    }

    private static void waitForLine(Path log, String text, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(log) || !Files.readString(log).contains(text)) {
            assertTrue(p.isAlive(), "exited early:\n" + (Files.exists(log) ? Files.readString(log) : ""));
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within 60 s:\n" + Files.readString(log));
            Thread.sleep(200);
        }
    }

    @Test
    void theJobRunsOnAStandaloneMasterAndWorkerStartedFromTheMavenJars(@TempDir Path work) throws Exception {
        Path home = Files.createDirectories(work.resolve("spark-home/jars"));
        Files.writeString(work.resolve("spark-home/RELEASE"), "a Spark home made of the test's class path\n");
        List<String> folders = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar")) {
                Files.createSymbolicLink(home.resolve(p.getFileName()), p.toAbsolutePath());
            } else {
                folders.add(p.toAbsolutePath().toString()); // target/classes: onto the executors' class path
            }
        }
        int port = freePort();
        Process master = null;
        Process worker = null;
        try {
            master = new ProcessBuilder(java(
                            "org.apache.spark.deploy.master.Master",
                            "--host",
                            "127.0.0.1",
                            "--port",
                            Integer.toString(port),
                            "--webui-port",
                            Integer.toString(freePort())))
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("master.log").toFile())
                    .start();
            waitForLine(work.resolve("master.log"), "I have been elected leader", master);
            ProcessBuilder wb = new ProcessBuilder(java(
                            "org.apache.spark.deploy.worker.Worker",
                            "spark://127.0.0.1:" + port,
                            "--host",
                            "127.0.0.1",
                            "--cores",
                            "2",
                            "--memory",
                            "2g",
                            "--webui-port",
                            Integer.toString(freePort()),
                            "--work-dir",
                            work.resolve("worker").toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(work.resolve("worker.log").toFile());
            wb.environment().put("SPARK_HOME", work.resolve("spark-home").toString());
            wb.environment().put("SPARK_SCALA_VERSION", "2.13");
            worker = wb.start();
            waitForLine(work.resolve("worker.log"), "Successfully registered with master", worker);

            Path in = Files.createDirectories(work.resolve("in"));
            Files.copy(TestData.media("images/dog.jpg"), in.resolve("dog.jpg"));
            Files.copy(TestData.media("images/kite.jpg"), in.resolve("kite.jpg"));
            Path out = work.resolve("out");
            System.setProperty("spark.executor.extraClassPath", String.join(File.pathSeparator, folders));
            System.setProperty("spark.executor.memory", "1g");
            int exit;
            try {
                exit = VisionSpark.commandLine()
                        .execute(
                                "detect",
                                in.toString(),
                                "--output",
                                out.toString(),
                                "--format",
                                "json",
                                "--master",
                                "spark://127.0.0.1:" + port,
                                "--model-mirror",
                                TestData.modelMirror().toString());
            } finally {
                System.clearProperty("spark.executor.extraClassPath");
                System.clearProperty("spark.executor.memory");
            }
            assertEquals(0, exit, Files.readString(work.resolve("worker.log")));
            List<String> lines = new ArrayList<>();
            try (Stream<Path> parts = Files.list(out)) {
                for (Path part : parts.filter(p -> p.getFileName().toString().startsWith("part-"))
                        .toList()) {
                    lines.addAll(Files.readAllLines(part));
                }
            }
            assertEquals(2, lines.size());
            assertTrue(
                    lines.stream().anyMatch(l -> l.contains("dog.jpg") && l.contains("\"label\":\"dog\"")),
                    lines.toString());
            assertTrue(
                    lines.stream().anyMatch(l -> l.contains("kite.jpg") && l.contains("\"label\":\"kite\"")),
                    lines.toString());
            // the images went through executors of the worker, in their own JVMs
            assertTrue(Files.readString(work.resolve("worker.log")).contains("Asked to launch executor"));
            try (Stream<Path> logs = Files.walk(work.resolve("worker"))) {
                assertTrue(logs.anyMatch(p -> p.getFileName().toString().equals("stderr")), "an executor's log");
            }
        } finally {
            for (Process p : new Process[] {worker, master}) {
                if (p != null) {
                    p.destroy();
                    if (!p.waitFor(10, TimeUnit.SECONDS)) {
                        p.destroyForcibly();
                    }
                }
            }
        }
    }
}
