package dev.vision.core.natives;

import ai.onnxruntime.OrtEnvironment;
import dev.vision.core.VisionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Optional;

/**
 * Native libraries that ship inside jars (OpenCV's, ONNX Runtime's), unpacked once into a folder that
 * later runs reuse, instead of into a new temporary folder on every run (which a run that dies leaves
 * behind, and which a full disk or a file-size limit turns into a stack trace at start): each is written
 * under a hidden name and renamed when whole, and a file already there with the entry's size is used as
 * it is. The folder is {@code -Dvision.natives.dir}, else {@code VISION_NATIVES_DIR}, else
 * {@code vision-natives-USER} in {@code java.io.tmpdir}. Thread-safe.
 */
public final class NativeLibraries {

    private static final String ORT = "/ai/onnxruntime/native/linux-x64/";
    private static boolean onnxRuntimeReady;

    private NativeLibraries() {}

    /** Whether this is Linux on x86-64, the platform whose libraries vision unpacks itself. */
    public static boolean linuxX64() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        return os.contains("linux") && (arch.equals("amd64") || arch.equals("x86_64"));
    }

    /** The folder unpacked libraries live in. */
    public static Path folder() {
        String given = System.getProperty("vision.natives.dir", System.getenv("VISION_NATIVES_DIR"));
        return given != null && !given.isBlank()
                ? Path.of(given)
                : Path.of(
                        System.getProperty("java.io.tmpdir"),
                        "vision-natives-" + System.getProperty("user.name", "user"));
    }

    /**
     * The class-path resource {@code resource} as a file in {@code subfolder} of {@link #folder()}, unpacked
     * now unless an earlier run left it whole; empty when there is no such resource.
     *
     * @throws VisionException when it cannot be written (a full disk, a file-size limit)
     */
    public static Optional<Path> unpacked(String resource, String subfolder) {
        URL url = NativeLibraries.class.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        Path dir = folder().resolve(subfolder);
        try {
            long size = url.openConnection().getContentLengthLong(); // a jar entry's size, without reading it
            if (size < 0) {
                try (InputStream in = url.openStream()) {
                    size = in.transferTo(OutputStream.nullOutputStream());
                }
            }
            Path file = dir.resolve(resource.substring(resource.lastIndexOf('/') + 1));
            if (Files.isRegularFile(file) && Files.size(file) == size) {
                return Optional.of(file);
            }
            Files.createDirectories(dir);
            Path part = Files.createTempFile(dir, "." + file.getFileName(), ".part");
            try {
                try (InputStream in = url.openStream()) {
                    Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(part);
            }
            return Optional.of(file);
        } catch (IOException e) {
            throw new VisionException(
                    "cannot unpack the native library " + resource + " into " + dir + ": " + e.getMessage()
                            + " (a full disk or a file-size limit? VISION_NATIVES_DIR names another folder)",
                    e);
        }
    }

    /**
     * Points ONNX Runtime's loader at its libraries unpacked once ({@code onnxruntime.native.path}), unless
     * the user set that path or this is not Linux x86-64. Call before ONNX Runtime first loads.
     */
    public static synchronized void prepareOnnxRuntime() {
        if (onnxRuntimeReady || !linuxX64() || System.getProperty("onnxruntime.native.path") != null) {
            onnxRuntimeReady = true;
            return;
        }
        String version = Optional.ofNullable(OrtEnvironment.class.getPackage().getImplementationVersion())
                .orElse("unknown");
        Optional<Path> library = unpacked(ORT + "libonnxruntime.so", "onnxruntime-" + version);
        Optional<Path> jni = unpacked(ORT + "libonnxruntime4j_jni.so", "onnxruntime-" + version);
        if (library.isPresent() && jni.isPresent()) {
            System.setProperty(
                    "onnxruntime.native.path", library.get().getParent().toString());
        }
        onnxRuntimeReady = true;
    }
}
