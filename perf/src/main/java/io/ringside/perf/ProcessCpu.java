package io.ringside.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU a process has used, from Linux's {@code /proc/<pid>/stat}: user plus system time in clock ticks (100 a second
 * on Linux).
 */
public final class ProcessCpu
{
    public static final double TICKS_PER_SECOND = 100.0;

    private ProcessCpu()
    {
    }

    /**
     * @param stat a {@code /proc/<pid>/stat} or {@code /proc/<pid>/task/<tid>/stat} file.
     */
    public static long ticks(final Path stat) throws IOException
    {
        final String text = Files.readString(stat);
        final String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    public static long ticks(final long pid) throws IOException
    {
        return ticks(Path.of("/proc", String.valueOf(pid), "stat"));
    }
}
