package io.ringside.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The machine a run measured, in one line, for every report of the perf runs.
 */
final class Machine
{
    private Machine()
    {
    }

    static String describe()
    {
        String model = "unknown CPU";
        long memoryKb = 0;
        try
        {
            model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                .findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(model);
            memoryKb = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                .findFirst().map(l -> Long.parseLong(l.replaceAll("[^0-9]", ""))).orElse(0L);
        }
        catch (final IOException ignore)
        {
            // not Linux: the model stays unknown
        }
        return String.format(Locale.ROOT, "%d cores (%s), %.0f GiB, %s %s %s, %s, default profile",
            Runtime.getRuntime().availableProcessors(), model, memoryKb / 1048576.0, System.getProperty("os.name"),
            System.getProperty("os.version"), System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }
}
