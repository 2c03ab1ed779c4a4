package dev.polystream.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** The machine a benchmark ran on, for its report: cores, CPU, memory, JDK, load. */
final class Machine {

    private Machine() {}

    /**
     * E.g. {@code 2 cores (AMD EPYC), 23.5 GiB RAM, Linux 6.18, OpenJDK 64-Bit Server VM 17.0.15}.
     */
    static String describe() {
        String cpu =
                firstLine(Path.of("/proc/cpuinfo"), "model name")
                        .map(l -> l.substring(l.indexOf(':') + 1).strip())
                        .orElse(System.getProperty("os.arch"));
        String ram =
                firstLine(Path.of("/proc/meminfo"), "MemTotal")
                        .map(l -> l.replaceAll("[^0-9]", ""))
                        .map(
                                kb ->
                                        String.format(
                                                Locale.ROOT,
                                                "%.1f GiB RAM",
                                                Long.parseLong(kb) / 1024.0 / 1024.0))
                        .orElse("RAM unknown");
        return String.format(
                Locale.ROOT,
                "%d cores (%s), %s, %s %s, %s %s",
                Runtime.getRuntime().availableProcessors(),
                cpu,
                ram,
                System.getProperty("os.name"),
                System.getProperty("os.version"),
                System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"));
    }

    /** The 1, 5 and 15 minute load averages. */
    static String loadAverage() {
        try {
            List<String> fields =
                    List.of(Files.readString(Path.of("/proc/loadavg")).strip().split("\\s+"));
            return String.join(" ", fields.subList(0, 3));
        } catch (IOException | RuntimeException e) {
            return String.format(
                    Locale.ROOT,
                    "%.2f",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static java.util.Optional<String> firstLine(Path file, String prefix) {
        try (var lines = Files.lines(file)) {
            return lines.filter(l -> l.startsWith(prefix)).findFirst();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.empty();
        }
    }
}
