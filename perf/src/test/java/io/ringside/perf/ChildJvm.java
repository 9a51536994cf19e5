package io.ringside.perf;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A child JVM with this JVM's classpath and the flags Aeron and Agrona need, its output collected.
 */
public final class ChildJvm
{
    final Process process;
    final StringBuffer output = new StringBuffer();
    private final Thread reader;

    ChildJvm(final List<ChildJvm> registry, final String name, final Class<?> main, final String... args)
        throws IOException
    {
        this(registry, name, System.getProperty("java.class.path"), List.of(), main.getName(), args);
    }

    ChildJvm(
        final List<ChildJvm> registry,
        final String name,
        final String classPath,
        final List<String> jvmArgs,
        final String mainClass,
        final String... args) throws IOException
    {
        final List<String> command = JvmCommand.of(classPath, jvmArgs, mainClass, List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = new Thread(() ->
        {
            try (BufferedReader in = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while (null != (line = in.readLine()))
                {
                    output.append(line).append('\n');
                }
            }
            catch (final IOException ignore)
            {
                // the process ended
            }
        }, name + "-output");
        reader.setDaemon(true);
        reader.start();
        registry.add(this);
    }

    /**
     * SIGTERM through the process handle: {@code Process.destroy()} would also close our end of its output.
     */
    void signalTerm()
    {
        process.toHandle().destroy();
    }

    void awaitOutput(final String text, final long timeoutSeconds) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (!output.toString().contains(text))
        {
            assertTrue(System.nanoTime() < deadline, "no '" + text + "' within " + timeoutSeconds + " s:\n" + output);
            assertTrue(process.isAlive() || output.toString().contains(text), "exited early:\n" + output);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    int awaitExit(final long timeoutSeconds) throws InterruptedException
    {
        assertTrue(process.waitFor(timeoutSeconds, TimeUnit.SECONDS), "did not exit in time:\n" + output);
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }
}
