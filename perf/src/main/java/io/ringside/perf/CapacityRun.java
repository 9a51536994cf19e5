package io.ringside.perf;

import io.ringside.engine.EngineMain;
import io.ringside.perf.loadgen.LoadGenerator;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One load step as users run it: the engine binary and the load generator as separate processes on this machine,
 * over Aeron IPC through the engine's media driver (the transport for one host), N players at 60 inputs and 10 pings
 * per second each. Measures what the capacity criteria and the scaling curves need: the load generator's summary,
 * the engine's own tick-duration histogram (printed at shutdown), and the engine process's CPU time.
 */
final class CapacityRun
{
    /**
     * What one step measured.
     */
    record Step(
        int players, boolean allSeated, long sequenceViolations, double p99RttMs, double p99TickMs,
        double engineCpuCores, double bytesOutPerSecond, double snapshotsPerSecond)
    {
        double cpuMicrosPerPlayerSecond()
        {
            return engineCpuCores * 1e6 / players;
        }

        boolean meets(final double maxP99TickMs, final double maxP99RttMs)
        {
            return allSeated && 0 == sequenceViolations && p99TickMs < maxP99TickMs && p99RttMs < maxP99RttMs;
        }
    }

    private CapacityRun()
    {
    }

    static Step run(final int players, final int measureSeconds, final Path work) throws Exception
    {
        final Path dir = Files.createDirectories(work.resolve("step-" + players));
        final Path driverDir = dir.resolve("driver");
        final Process engine = LoggedProcess.start(dir.resolve("engine.log"), EngineMain.class.getName(),
            "--ingress", "aeron:udp?endpoint=localhost:" + (43_000 + (players % 1000)), "--ingress-ipc", "aeron:ipc",
            "--driver-dir", driverDir.toString(), "--db", dir.resolve("ringside.db").toString(),
            "--max-sessions", String.valueOf(players + 100));
        try
        {
            LoggedProcess.awaitLine(dir.resolve("engine.log"), "ringside engine ready", engine, 60);
            final long cpuBefore = cpuTicks(engine.pid());
            final long startNs = System.nanoTime();
            final Process load = LoggedProcess.start(dir.resolve("loadgen.log"), LoadGenerator.class.getName(),
                "--ipc", "--aeron-dir", driverDir.toString(), "--players", String.valueOf(players),
                "--warmup", "5s", "--duration", measureSeconds + "s", "--report-dir", dir.resolve("report").toString(),
                "--quiet");
            if (!load.waitFor(measureSeconds + 240L, TimeUnit.SECONDS))
            {
                load.destroyForcibly();
                throw new IllegalStateException("load generator did not finish: " + dir);
            }
            final double cpuCores = (cpuTicks(engine.pid()) - cpuBefore) / 100.0 / ((System.nanoTime() - startNs) / 1e9);

            engine.toHandle().destroy();
            if (!engine.waitFor(60, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("engine did not stop: " + dir);
            }
            final String engineLog = Files.readString(dir.resolve("engine.log"));
            final String summary = summary(dir.resolve("report"));
            final double seconds = jsonDouble(summary, "measuredSeconds");
            return new Step(
                players,
                jsonDouble(summary, "playersSeatedAtEnd") == players,
                (long)jsonDouble(summary, "sequenceViolations"),
                rttP99(summary),
                column(engineLog, "tick-duration", 4) / 1e3,
                cpuCores,
                jsonDouble(summary, "bytesIn") / seconds,
                jsonDouble(summary, "snapshotsReceived") / seconds);
        }
        finally
        {
            engine.toHandle().destroyForcibly();
        }
    }

    /**
     * @return utime + stime of a process in clock ticks (100 per second on Linux).
     */
    private static long cpuTicks(final long pid) throws IOException
    {
        final String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
        final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static String summary(final Path reportDir) throws IOException
    {
        try (Stream<Path> runs = Files.list(reportDir))
        {
            return Files.readString(runs.findFirst().orElseThrow().resolve("summary.json"));
        }
    }

    static double jsonDouble(final String json, final String key)
    {
        final Matcher m = Pattern.compile("\"" + key + "\": (-?[0-9.]+)").matcher(json);
        if (!m.find())
        {
            throw new IllegalStateException(key + " missing in " + json);
        }
        return Double.parseDouble(m.group(1));
    }

    private static double rttP99(final String summary)
    {
        final Matcher m = Pattern.compile("\"rtt\": \\{[^}]*\"p99\": ([0-9.]+)").matcher(summary);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * @return a column of the engine's latency table (microseconds), 0 being the metric name.
     */
    private static double column(final String engineLog, final String metric, final int column) throws IOException
    {
        try (BufferedReader in = new BufferedReader(new java.io.StringReader(engineLog)))
        {
            String line;
            while (null != (line = in.readLine()))
            {
                final String[] parts = line.trim().split("\\s+");
                if (parts.length > column && parts[0].equals(metric))
                {
                    return Double.parseDouble(parts[column]);
                }
            }
        }
        throw new IllegalStateException("no " + metric + " line in the engine's output");
    }
}
