package dev.vision.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's class archive, in JVMs of their own on a small jar (CDS archives classes from jars only): a run
 * asked for one writes it, a later JVM loads the run's classes from it, and without the JVM's dump option
 * nothing is written but one line.
 */
class ClassArchiveTest {

    /** What a job's JVM does once the job is done, without the job. */
    static final class RecordMain {
        public static void main(String[] args) {
            ClassArchive.recordIfAsked();
        }
    }

    @Test
    void aRunAskedForAnArchiveWritesOneThatTheNextJvmLoadsItsClassesFrom(@TempDir Path dir) throws Exception {
        Path jar = jarOf(dir, ClassArchive.class, RecordMain.class);
        Path archive = dir.resolve("classes.jsa");

        Run recorded = java(dir, "-XX:+RecordDynamicDumpInfo", "-Dvision.spark.classArchive=" + archive, "-cp", jar);
        assertEquals(0, recorded.exit(), recorded.output());
        assertTrue(Files.size(archive) > 0, recorded.output());
        try (var left = Files.list(dir)) {
            assertTrue(
                    left.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "the partial file is renamed");
        }

        // -Xshare:on: a JVM that cannot map the archive does not start
        Run mapped = java(dir, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-cp", jar);
        assertEquals(0, mapped.exit(), mapped.output());
        assertTrue(
                mapped.output()
                        .lines()
                        .anyMatch(l -> l.contains(ClassArchive.class.getName() + " source: shared objects file (top)")),
                mapped.output());
    }

    @Test
    void withoutTheJvmsDumpOptionNothingIsWrittenButOneLine(@TempDir Path dir) throws Exception {
        Path jar = jarOf(dir, ClassArchive.class, RecordMain.class);
        Path archive = dir.resolve("classes.jsa");

        Run run = java(dir, "-Xlog:cds=off,cds+dynamic=off", "-Dvision.spark.classArchive=" + archive, "-cp", jar);

        assertEquals(0, run.exit(), run.output());
        assertFalse(Files.exists(archive));
        assertTrue(run.output().contains("vision: the class archive was not written"), run.output());
    }

    private record Run(int exit, String output) {}

    private static Run java(Path dir, Object... options) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (Object option : options) {
            command.add(option.toString());
        }
        command.add(RecordMain.class.getName());
        Path log = dir.resolve("jvm-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int exit = process.waitFor();
        return new Run(exit, Files.readString(log, StandardCharsets.UTF_8));
    }

    private static Path jarOf(Path dir, Class<?>... classes) throws IOException {
        Path jar = dir.resolve("archive-test.jar");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new JarEntry(entry));
                try (InputStream in = type.getClassLoader().getResourceAsStream(entry)) {
                    in.transferTo(out);
                }
                out.closeEntry();
            }
        }
        return jar;
    }
}
