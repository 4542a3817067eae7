package dev.vision.app;

import dev.vision.core.testing.TestData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the vision command as a user would: its own JVM, its own working folder, environment and exit code. */
final class VisionProcess {

    record Result(int exitCode, String stdout, String stderr) {
        List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private VisionProcess() {}

    /** A vision process still running, with its output going to files that can be read meanwhile. */
    /** Every process a test started: any still running when the test JVM ends (a failed test) is ended too. */
    private static final List<Process> STARTED = Collections.synchronizedList(new ArrayList<>());

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            synchronized (STARTED) {
                                STARTED.stream().filter(Process::isAlive).forEach(Process::destroyForcibly);
                            }
                        },
                        "vision-test-processes"));
    }

    static final class Running {
        private final Process process;
        private final Path out;
        private final Path err;

        Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        long pid() {
            return process.pid();
        }

        String stderrSoFar() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }

        void signal(String name) throws IOException, InterruptedException {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start()
                    .waitFor();
        }

        Result await(long seconds) throws IOException, InterruptedException {
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("vision did not finish in " + seconds + " s; stderr:\n" + stderrSoFar());
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), stderrSoFar());
        }
    }

    static Running start(Path workDir, Map<String, String> env, String... args) throws IOException {
        return start(workDir, env, List.of(), args);
    }

    /** With JVM options before the class name, e.g. a trust store or the bundled models folder. */
    static Running start(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        return start(List.of(), workDir, env, jvmOptions, args);
    }

    /** Under a file-size limit of {@code kib} KiB ({@code ulimit -f}), as a full disk or a quota would stop it. */
    static Result runWithFileSizeLimit(Path workDir, long kib, String... args)
            throws IOException, InterruptedException {
        return start(
                        List.of("bash", "-c", "ulimit -f " + kib + "; exec \"$@\"", "bash"),
                        workDir,
                        Map.of(),
                        List.of(),
                        args)
                .await(300);
    }

    /**
     * With the thread whose name starts with {@code threadPrefix} killed {@code afterMs} after it started, while
     * {@code method} is on its stack (see {@link ThreadKiller}).
     */
    static Running startKillingThread(String threadPrefix, long afterMs, String method, Path workDir, String... args)
            throws IOException {
        List<String> all = new ArrayList<>(List.of(threadPrefix, Long.toString(afterMs), method));
        all.addAll(List.of(args));
        return start(List.of(), ThreadKiller.class, workDir, Map.of(), List.of(), all.toArray(String[]::new));
    }

    private static Running start(
            List<String> prefix, Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        int slow = all.indexOf(SLOW_MODEL);
        if (slow >= 0) { // a test fixture, not an option of the product: the launcher slows the model down
            String ms = all.remove(slow + 1);
            all.remove(slow);
            all.add(0, ms);
            return start(prefix, SlowModelLauncher.class, workDir, env, jvmOptions, all.toArray(String[]::new));
        }
        return start(prefix, VisionCommand.class, workDir, env, jvmOptions, args);
    }

    /** {@code --simulate-slow-model MS} among a test's arguments: every model call takes MS longer. */
    static final String SLOW_MODEL = "--simulate-slow-model";

    private static Running start(
            List<String> prefix,
            Class<?> main,
            Path workDir,
            Map<String, String> env,
            List<String> jvmOptions,
            String... args)
            throws IOException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
        Path out = Files.createTempFile(workDir, "vision-out", ".txt");
        Path err = Files.createTempFile(workDir, "vision-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("VISION_MODEL_MIRROR", TestData.modelMirror().toString());
        pb.environment().put("VISION_CACHE", workDir.resolve(".vision-cache").toString());
        pb.environment().putAll(env);
        Process process = pb.start();
        STARTED.add(process);
        return new Running(process, out, err);
    }

    static Result run(Path workDir, Map<String, String> env, String... args) throws IOException, InterruptedException {
        return start(workDir, env, args).await(300);
    }

    static Result run(Path workDir, Map<String, String> env, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        return start(workDir, env, jvmOptions, args).await(300);
    }
}
