package io.ringside.perf;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A child JVM (this JVM's class path and flags) whose output goes to a log file, and waiting for a line in it: how
 * the perf runs start the engine and the load generator as users do.
 */
public final class LoggedProcess
{
    private LoggedProcess()
    {
    }

    public static Process start(final Path log, final String mainClass, final String... args) throws IOException
    {
        return start(log, List.of(), mainClass, args);
    }

    /**
     * @param jvmArgs JVM options of the child besides the flags Aeron and Agrona need (heap, GC).
     */
    public static Process start(
        final Path log, final List<String> jvmArgs, final String mainClass, final String... args) throws IOException
    {
        return new ProcessBuilder(JvmCommand.of(System.getProperty("java.class.path"), jvmArgs, mainClass,
            List.of(args))).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * Wait until {@code text} appears in the log; fail when the process dies first or after {@code seconds}.
     */
    public static void awaitLine(final Path log, final String text, final Process process, final int seconds)
        throws IOException
    {
        if (!appears(log, text, process, System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds)))
        {
            throw new IllegalStateException("no '" + text + "' in " + log);
        }
    }

    /**
     * @return whether {@code text} appeared in the log before the process died or the deadline passed.
     */
    public static boolean appears(final Path log, final String text, final Process process, final long deadlineNs)
        throws IOException
    {
        while (!Files.exists(log) || !Files.readString(log).contains(text))
        {
            if (!process.isAlive() || System.nanoTime() > deadlineNs)
            {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        return true;
    }

    /**
     * @return a TCP port free at the time of asking.
     */
    public static int freePort() throws IOException
    {
        try (ServerSocket socket = new ServerSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
