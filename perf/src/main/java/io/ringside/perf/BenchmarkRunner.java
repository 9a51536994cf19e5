package io.ringside.perf;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the JMH benchmarks of this module with JMH's own command line ({@code -h} lists it), adding to every forked
 * JVM the flags Aeron and Agrona need, read from the {@code ringside-jvm.options} resource that the build fills
 * from the root pom's {@code ringside.jvm.flags}.
 */
public final class BenchmarkRunner
{
    private BenchmarkRunner()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final CommandLineOptions commandLine = new CommandLineOptions(args);
        final Options options = new OptionsBuilder()
            .parent(commandLine)
            .jvmArgsAppend(jvmFlags())
            .build();
        new Runner(options).run();
    }

    /**
     * @return the JVM flags the engine needs, one array element per token.
     */
    public static String[] jvmFlags() throws IOException
    {
        try (InputStream in = BenchmarkRunner.class.getResourceAsStream("/ringside-jvm.options"))
        {
            if (null == in)
            {
                throw new IllegalStateException("ringside-jvm.options is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+");
        }
    }
}
