package dev.vision.core.frame;

import dev.vision.core.natives.NativeLibraries;
import java.nio.file.Path;
import java.util.Optional;
import nu.pattern.OpenCV;

/**
 * Loads OpenCV's native library once per JVM, from the openpnp jar: on Linux x86-64 unpacked once into the
 * folder later runs reuse ({@link NativeLibraries}), elsewhere by openpnp's own loader.
 */
public final class OpenCvRuntime {

    private static volatile boolean loaded;

    private OpenCvRuntime() {}

    /** @throws dev.vision.core.VisionException when the library cannot be unpacked (a full disk, a file-size limit) */
    public static void load() {
        if (!loaded) {
            synchronized (OpenCvRuntime.class) {
                if (!loaded) {
                    Optional<Path> library = NativeLibraries.linuxX64()
                            ? NativeLibraries.unpacked(
                                    "/nu/pattern/opencv/linux/x86_64/libopencv_java490.so", "opencv-4.9.0")
                            : Optional.empty();
                    if (library.isPresent()) {
                        System.load(library.get().toString());
                    } else {
                        OpenCV.loadLocally();
                    }
                    loaded = true;
                }
            }
        }
    }
}
