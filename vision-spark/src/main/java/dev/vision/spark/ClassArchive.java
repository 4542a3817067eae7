package dev.vision.spark;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * The class-data-sharing archive the launcher asks for ({@code -Dvision.spark.classArchive=FILE} with
 * {@code -XX:+RecordDynamicDumpInfo}): once a job has run, the JVM writes the classes it loaded to FILE, which
 * later runs map instead of looking each class up in the job's nearly 190 jars. Written only after a job
 * that ended in order, never on a signal or an error, so that a stopped run stops at once.
 */
final class ClassArchive {

    static final String PROPERTY = "vision.spark.classArchive";

    private ClassArchive() {}

    /** Writes the archive when the launcher asked for one; a failure is one line, and the next run tries again. */
    static void recordIfAsked() {
        String wanted = System.getProperty(PROPERTY);
        if (wanted == null || wanted.isBlank()) {
            return;
        }
        Path archive = Path.of(wanted);
        // written under a name of its own, then renamed: a run that starts meanwhile never maps half an archive
        Path partial = archive.resolveSibling(
                archive.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        System.err.println("vision: recording the classes this run loaded, so that the next runs start sooner "
                + "(once after each build, about 20 s)");
        try {
            ManagementFactory.getPlatformMBeanServer()
                    .invoke(
                            new ObjectName("com.sun.management:type=DiagnosticCommand"),
                            "vmCds",
                            new Object[] {new String[] {"dynamic_dump", partial.toString()}},
                            new String[] {String[].class.getName()});
            if (!Files.isRegularFile(partial)) {
                System.err.println(
                        "vision: the class archive was not written (the JVM needs -XX:+RecordDynamicDumpInfo)");
                return;
            }
            Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (JMException | IOException | RuntimeException e) {
            System.err.println("vision: the class archive was not written: " + e);
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // a leftover the launcher removes later
            }
        }
    }
}
