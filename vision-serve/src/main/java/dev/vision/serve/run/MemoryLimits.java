package dev.vision.serve.run;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import org.bytedeco.javacpp.Pointer;

/**
 * The process's memory limit. JavaCPP (FFmpeg's frames, encoders and decoders) refuses allocations once the
 * process's resident memory passes {@code org.bytedeco.javacpp.maxPhysicalBytes}, by default four times the
 * Java heap: 2 GiB under the launcher's 512 MiB heap, which 64 sources writing MP4s outgrow. Unless the user
 * set it, vision sets it to three quarters of the machine's (or container's) memory, and every run checks its
 * {@link dev.vision.core.run.MemoryPlan} against it before it starts.
 */
public final class MemoryLimits {

    public static final String PHYSICAL = "org.bytedeco.javacpp.maxPhysicalBytes";
    public static final String TRACKED = "org.bytedeco.javacpp.maxBytes";

    private MemoryLimits() {}

    /** Before any native library loads: the limits unless the user gave them. */
    public static void applyDefaults() {
        long limit = machineBytes() / 4 * 3;
        if (System.getProperty(PHYSICAL) == null) {
            System.setProperty(PHYSICAL, Long.toString(limit));
        }
        if (System.getProperty(TRACKED) == null) {
            System.setProperty(TRACKED, Long.toString(limit));
        }
    }

    /** What the process may use: JavaCPP's limit, or the machine's memory where there is none. */
    public static long processLimit() {
        long javacpp = Pointer.maxPhysicalBytes();
        return javacpp > 0 ? Math.min(javacpp, machineBytes()) : machineBytes();
    }

    /** The machine's memory, or the container's limit where one is set. */
    public static long machineBytes() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    }
}
