package dev.vision.serve.run;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * Where a process's CPU time went: this JVM's threads by what they do (their names say it), the rest of
 * this process (native threads: the model's intra-op threads, the codecs'), and other processes.
 */
final class CpuClock {

    /** Linux's clock ticks per second in /proc (USER_HZ, 100 on every common build). */
    private static final double TICKS_PER_SECOND = 100;

    private CpuClock() {}

    /** CPU time of process {@code pid} so far, in ms; 0 where /proc is not there. */
    static double processMs(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the name: state is field 3, utime 14 and stime 15 (1-based), so 11 and 12 here
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 1000 / TICKS_PER_SECOND;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** This process's CPU time so far, in ms. */
    static double thisProcessMs() {
        return processMs(ProcessHandle.current().pid());
    }

    /** CPU time of this JVM's live threads so far, in ms, summed by job. */
    static Map<CoreJob, Double> javaThreadsMs() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<CoreJob, Double> ms = new EnumMap<>(CoreJob.class);
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long ns = threads.getThreadCpuTime(info.getThreadId());
            if (ns > 0) {
                ms.merge(CoreJob.ofThread(info.getThreadName()), ns / 1e6, Double::sum);
            }
        }
        return ms;
    }
}
