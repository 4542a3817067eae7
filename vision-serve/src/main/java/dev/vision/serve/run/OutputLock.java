package dev.vision.serve.run;

import dev.vision.core.VisionException;
import dev.vision.core.run.OutputPlan;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps an output folder or file to one run at a time. The lock is the operating system's lock on a hidden
 * file beside the output ({@code .NAME.vision.lock} in the same parent folder), held for the whole run, so a
 * run killed by any means leaves no lock behind; the file names the run that holds it, so a second run can
 * say whose it is. Taken before anything loads (and before the output exists); released, and its file
 * removed, when the run is over.
 */
public final class OutputLock implements AutoCloseable {

    private record Held(Path file, FileChannel channel, FileLock lock) {}

    private final List<Held> held = new ArrayList<>();

    private OutputLock() {}

    /**
     * Locks what {@code plan} writes to by a name the user gave: the folder given ({@code --out}), the JSON
     * lines and CSV files. A numbered run folder is new to each run and needs no lock.
     *
     * @param holder what the lock file says of this run (its command line)
     * @throws VisionException naming the other run when one of them is in use
     */
    public static OutputLock take(OutputPlan plan, String holder) throws IOException {
        List<Path> folders = new ArrayList<>();
        if (plan.folder() instanceof OutputPlan.RunFolder.Given given) {
            folders.add(given.dir());
        }
        List<Path> files = new ArrayList<>();
        if (plan.json().isPresent() && plan.json().get() instanceof OutputPlan.JsonTarget.File file) {
            files.add(file.path());
        }
        plan.csv().ifPresent(files::add);
        return take(folders, files, holder);
    }

    /**
     * Locks every given output: a folder ({@code --out}) and files ({@code --json}, {@code --csv}).
     *
     * @param holder what the lock file says of this run (its command line)
     * @throws VisionException naming the other run when one of them is in use
     */
    public static OutputLock take(List<Path> folders, List<Path> files, String holder) throws IOException {
        OutputLock lock = new OutputLock();
        try {
            for (Path folder : folders) {
                lock.hold(lockFileOf(folder), "output folder " + folder, holder);
            }
            for (Path file : files) {
                if (Files.exists(file) && !Files.isRegularFile(file) && !Files.isDirectory(file)) {
                    continue; // a device or a pipe: not ours to lock
                }
                lock.hold(lockFileOf(file), "output file " + file, holder);
            }
            return lock;
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The hidden lock file beside {@code output}: {@code .NAME.vision.lock} in its parent folder. */
    public static Path lockFileOf(Path output) throws IOException {
        Path absolute = output.toAbsolutePath().normalize();
        Path parent = absolute.getParent();
        if (parent == null || absolute.getFileName() == null) {
            throw new VisionException(output + ": an output needs a name inside a folder, not the root");
        }
        Files.createDirectories(parent);
        return parent.resolve("." + absolute.getFileName() + ".vision.lock");
    }

    /** Whether {@code name} is a lock file of ours: no result of a run, and no reason to call a folder used. */
    public static boolean isLockFile(String name) {
        return name.startsWith(".") && name.endsWith(".vision.lock");
    }

    private void hold(Path file, String what, String holder) throws IOException {
        FileChannel channel =
                FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this process holds it already
        }
        if (lock == null) {
            String other = readHolder(channel);
            channel.close();
            throw new VisionException(
                    what + " is in use by another vision run (" + other + "): wait for it to end, or choose another");
        }
        String line = "pid " + ProcessHandle.current().pid() + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + ": " + holder + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8)), 0);
        held.add(new Held(file, channel, lock));
    }

    private static String readHolder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(4096);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "it has just started" : text;
        } catch (IOException e) {
            return "it could not be named: " + e.getMessage();
        }
    }

    /** Releases the locks and removes their files. */
    @Override
    public void close() {
        for (Held h : held) {
            try {
                Files.deleteIfExists(h.file()); // removed while still held: no other run can take the old file
                h.lock().release();
                h.channel().close();
            } catch (IOException ignored) {
                // a lock file left behind is released with the process and reused by the next run
            }
        }
        held.clear();
    }
}
