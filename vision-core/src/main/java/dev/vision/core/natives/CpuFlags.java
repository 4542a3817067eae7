package dev.vision.core.natives;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The instruction-set flags of an x86-64 CPU, as Linux lists them in {@code /proc/cpuinfo}.
 *
 * @param flags the first processor's {@code flags} line, one name each
 */
public record CpuFlags(Set<String> flags) {

    public CpuFlags {
        flags = Set.copyOf(flags);
    }

    /**
     * This machine's flags, read once per JVM; empty where they are not known (not Linux, not x86-64, no flags
     * line).
     */
    public static Optional<CpuFlags> ofThisMachine() {
        return ThisMachine.FLAGS;
    }

    private static final class ThisMachine {
        static final Optional<CpuFlags> FLAGS = read();
    }

    private static Optional<CpuFlags> read() {
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            return Optional.empty();
        }
        try {
            return parse(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The flags of the first processor in {@code cpuinfo}, if it has a {@code flags} line. */
    public static Optional<CpuFlags> parse(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("flags")) {
                return Optional.of(new CpuFlags(
                        Arrays.stream(line.substring(colon + 1).trim().split("\\s+"))
                                .filter(f -> !f.isEmpty())
                                .collect(Collectors.toSet())));
            }
        }
        return Optional.empty();
    }

    /**
     * Whether int8 dot products run in one instruction (VNNI, with AVX-512 or AVX). Without it, PyTorch's x86
     * int8 kernels add pairs of products in 16 bits, which saturate, and a model quantized for the full range
     * loses accuracy (README: MobileNetV2's top-1 falls 8 points).
     */
    public boolean hasInt8DotProduct() {
        return flags.contains("avx512_vnni") || flags.contains("avx_vnni");
    }
}
