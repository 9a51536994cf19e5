package io.ringside.perf;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * What the runs of real processes (the directory's, the HA rooms') share: a results folder named by the UTC time,
 * waiting on a condition with a deadline, stopping a child, a free UDP port.
 */
public final class ProcessRuns
{
    private ProcessRuns()
    {
    }

    /**
     * @return a new folder under {@code outDir} named by the UTC time, e.g. {@code 20261201T002258Z}.
     */
    public static Path runDir(final Path outDir) throws IOException
    {
        final Path dir = outDir.resolve(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC).format(Instant.now()));
        Files.createDirectories(dir);
        return dir;
    }

    /**
     * Wait until the condition holds (it is asked again every 100 us or after its own work), or fail.
     *
     * @throws IllegalStateException naming what was awaited, at the deadline.
     */
    public static void awaitCondition(final BooleanSupplier condition, final long timeoutMs, final String what)
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(100_000L);
        }
    }

    /**
     * Wait up to 15 s for a process told to stop, then kill it.
     */
    public static void waitQuietly(final Process process)
    {
        try
        {
            if (!process.waitFor(15, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    public static int freeUdpPort()
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
