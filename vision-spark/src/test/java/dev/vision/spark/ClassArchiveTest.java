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
        Path archive = dir.resolve("classes.jsa");

        Run recorded = recordMain(dir, "-XX:+RecordDynamicDumpInfo", "-D" + ClassArchive.PROPERTY + "=" + archive);
        assertEquals(0, recorded.exit(), recorded.output());
        assertTrue(Files.size(archive) > 0, recorded.output());
        try (var left = Files.list(dir)) {
            assertTrue(
                    left.noneMatch(p -> p.getFileName().toString().contains(".tmp-")), "the partial file is renamed");
        }

        // -Xshare:on: a JVM that cannot map the archive does not start
        Run mapped = recordMain(dir, "-Xshare:on", "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info");
        assertEquals(0, mapped.exit(), mapped.output());
        assertTrue(
                mapped.output()
                        .lines()
                        .anyMatch(l -> l.contains(ClassArchive.class.getName() + " source: shared objects file (top)")),
                mapped.output());
    }

    @Test
    void withoutTheJvmsDumpOptionNothingIsWrittenButOneLine(@TempDir Path dir) throws Exception {
        Path archive = dir.resolve("classes.jsa");

        Run run = recordMain(dir, "-Xlog:cds=off,cds+dynamic=off", "-D" + ClassArchive.PROPERTY + "=" + archive);

        assertEquals(0, run.exit(), run.output());
        assertFalse(Files.exists(archive));
        assertTrue(run.output().contains("vision: the class archive was not written"), run.output());
    }

    private record Run(int exit, String output) {}

    /** {@link RecordMain} in a JVM of its own with these options, from a jar of the two classes made once in dir. */
    private static Run recordMain(Path dir, String... options) throws IOException, InterruptedException {
        Path jar = dir.resolve("archive-test.jar");
        if (!Files.exists(jar)) { // the same file for every JVM: an archive names the jars it was made from
            writeJar(jar, ClassArchive.class, RecordMain.class);
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(options));
        command.addAll(List.of("-cp", jar.toString(), RecordMain.class.getName()));
        Path log = dir.resolve("jvm-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        int exit = process.waitFor();
        return new Run(exit, Files.readString(log, StandardCharsets.UTF_8));
    }

    private static void writeJar(Path jar, Class<?>... classes) throws IOException {
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
    }
}
