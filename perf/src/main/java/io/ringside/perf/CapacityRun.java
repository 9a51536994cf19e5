package io.ringside.perf;

import io.ringside.engine.EngineMain;
import io.ringside.perf.loadgen.LoadGenerator;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.DataFormatException;

/**
 * One step of the capacity run, as users run the parts: the engine binary and the load generator as separate
 * processes on this machine, over Aeron IPC through the engine's media driver or over UDP (each process with its own
 * driver), N players in rooms of {@code roomSize} at 60 inputs and 10 pings per second each.
 * <p>
 * The measured window is the load generator's own (it prints a line when it starts and ends measuring); over that
 * window this samples the CPU of the engine (per thread, so the journal's share shows), of the load generator (and its
 * busiest thread, to tell when it was the limit) and of the whole machine, and the engine's resident memory and
 * {@code /dev/shm} use (at most, sampled every 250 ms).
 */
final class CapacityRun
{
    static final double MAX_P99_RTT_MS = 50;
    static final double MIN_SNAPSHOTS_PER_PLAYER_SECOND = 54;
    /**
     * A load generator thread busier than this (cores) was the limit, not the engine.
     */
    static final double LOAD_GENERATOR_THREAD_LIMIT = 0.90;
    /**
     * Idle lobby sessions ping every {@link #LOBBY_PING_INTERVAL_MS}; each must be answered in the measured time and
     * never go longer than {@link #MAX_LOBBY_SILENCE_MS} without an answer.
     */
    static final long LOBBY_PING_INTERVAL_MS = 3_000;
    static final double MAX_LOBBY_SILENCE_MS = 7_000;

    private static final long CLOCK_TICKS_PER_SECOND = 100;
    private static final String JOURNAL_THREAD = "ringside-journal";

    /**
     * What one step measured.
     */
    record Step(
        String transport,
        int players,
        boolean completed,
        int seated,
        long sequenceViolations,
        long roomStreamMessagesLost,
        String errors,
        double rttP50Ms,
        double rttP99Ms,
        double rttP999Ms,
        double minSnapshotsPerPlayerSecond,
        double meanSnapshotsPerPlayerSecond,
        double engineCores,
        Map<String, Double> engineThreadCores,
        double loadGeneratorCores,
        double loadGeneratorBusiestThreadCores,
        double machineBusy,
        long engineRssMaxBytes,
        long shmMaxBytes,
        double udpDatagramsPerSecond,
        long udpReceiveBufferDrops,
        String dir,
        int lobbySessions,
        int lobbyOpenAtEnd,
        long lobbyMinPongs,
        double lobbyLongestSilenceMs,
        double lobbyRttP50Ms,
        double lobbyRttP99Ms)
    {
        boolean holds()
        {
            return completed && seated == players && 0 == sequenceViolations && 0 == roomStreamMessagesLost &&
                errors.isEmpty() &&
                rttP99Ms < MAX_P99_RTT_MS && minSnapshotsPerPlayerSecond >= MIN_SNAPSHOTS_PER_PLAYER_SECOND &&
                lobbyServed();
        }

        /**
         * @return whether every idle lobby session was answered in the measured time, in its last interval too, and
         * never went longer than {@link #MAX_LOBBY_SILENCE_MS} without an answer.
         */
        boolean lobbyServed()
        {
            return 0 == lobbySessions ||
                lobbyOpenAtEnd == lobbySessions && lobbyMinPongs > 0 && lobbyLongestSilenceMs <= MAX_LOBBY_SILENCE_MS;
        }

        boolean loadGeneratorAtLimit()
        {
            return loadGeneratorBusiestThreadCores >= LOAD_GENERATOR_THREAD_LIMIT;
        }

        double journalShare()
        {
            // Linux keeps 15 characters of a thread's name
            return engineCores <= 0 ? 0 : engineThreadCores.getOrDefault(JOURNAL_THREAD.substring(0, 15), 0.0) /
                engineCores;
        }

        double engineMillisPerPlayerSecond()
        {
            return engineCores * 1e3 / players;
        }

        /**
         * @return why the step did not hold, or "holds".
         */
        String verdict()
        {
            if (holds())
            {
                return "holds";
            }
            final List<String> why = new ArrayList<>();
            if (!completed)
            {
                why.add("load generator failed");
            }
            if (seated != players)
            {
                why.add((players - seated) + " not seated");
            }
            if (sequenceViolations > 0)
            {
                why.add(sequenceViolations + " sequence violations");
            }
            if (roomStreamMessagesLost > 0)
            {
                why.add(roomStreamMessagesLost + " room stream messages lost");
            }
            if (!errors.isEmpty())
            {
                why.add("errors " + errors);
            }
            if (!(rttP99Ms < MAX_P99_RTT_MS))
            {
                why.add("p99 rtt");
            }
            if (minSnapshotsPerPlayerSecond < MIN_SNAPSHOTS_PER_PLAYER_SECOND)
            {
                why.add("min snapshots");
            }
            if (completed && !lobbyServed())
            {
                why.add("lobby not served");
            }
            return String.join(", ", why);
        }
    }

    /**
     * The workload and where a step runs.
     */
    record Settings(
        String transport, int roomSize, int warmupSeconds, int measureSeconds, int loadGenerators, Path work,
        Path shm, List<String> engineArgs, List<String> engineJvmArgs, int lobbySessions)
    {
        boolean ipc()
        {
            return "ipc".equals(transport);
        }

        boolean webSocket()
        {
            return "ws".equals(transport);
        }
    }

    private CapacityRun()
    {
    }

    static Step run(final Settings settings, final int players, final int attempt) throws Exception
    {
        final String name = "step-" + players + (attempt > 1 ? "-" + attempt : "");
        final Path dir = Files.createDirectories(settings.work().resolve(name));
        final Path driverDir = settings.shm().resolve(name);
        final int ingressPort = LoggedProcess.freePort();
        final String udpIngress = "aeron:udp?endpoint=localhost:" + ingressPort;
        final int sessions = players + settings.lobbySessions() + 100;
        final int webSocketPort = settings.webSocket() ? LoggedProcess.freePort() : 0;
        final Process engine = startEngine(settings, dir, driverDir, udpIngress,
            "--max-sessions", String.valueOf(sessions), "--max-sessions-per-address", String.valueOf(sessions),
            "--arena-max-players", String.valueOf(settings.roomSize()),
            "--ws-port", String.valueOf(webSocketPort), "--ws-max-per-address", String.valueOf(sessions));
        final List<Process> loads = new ArrayList<>();
        try
        {
            LoggedProcess.awaitLine(dir.resolve("engine.log"), "ringside engine ready", engine, 60);
            final int processes = Math.max(1, Math.min(settings.loadGenerators(), players));
            final List<Path> loadLogs = new ArrayList<>();
            final List<Path> reportDirs = new ArrayList<>();
            for (int k = 0, first = 0, firstLobby = 0; k < processes; k++)
            {
                final int share = players / processes + (k < players % processes ? 1 : 0);
                final String suffix = 1 == processes ? "" : "-" + (k + 1);
                final Path reportDir = dir.resolve("report" + suffix);
                final List<String> args = new ArrayList<>(List.of(
                    "--players", String.valueOf(share), "--first-player", String.valueOf(first),
                    "--room-size", String.valueOf(settings.roomSize()),
                    "--warmup", settings.warmupSeconds() + "s", "--duration", settings.measureSeconds() + "s",
                    "--report-dir", reportDir.toString()));
                final int lobbyShare = settings.lobbySessions() / processes +
                    (k < settings.lobbySessions() % processes ? 1 : 0);
                if (lobbyShare > 0)
                {
                    args.addAll(List.of("--lobby", String.valueOf(lobbyShare), "--first-lobby",
                        String.valueOf(firstLobby), "--lobby-ping-interval", LOBBY_PING_INTERVAL_MS + "ms"));
                }
                firstLobby += lobbyShare;
                if (settings.ipc())
                {
                    args.addAll(List.of("--ipc", "--aeron-dir", driverDir.toString()));
                }
                else if (settings.webSocket())
                {
                    args.addAll(List.of("--ws", "ws://127.0.0.1:" + webSocketPort + "/ws"));
                }
                else
                {
                    args.addAll(List.of("--ingress", udpIngress, "--response-port",
                        String.valueOf(LoggedProcess.freePort())));
                }
                final Path loadLog = dir.resolve("loadgen" + suffix + ".log");
                loads.add(LoggedProcess.start(loadLog, LoadGenerator.class.getName(), args.toArray(new String[0])));
                loadLogs.add(loadLog);
                reportDirs.add(reportDir);
                first += share;
            }

            final long connectDeadlineNs =
                System.nanoTime() + TimeUnit.SECONDS.toNanos(240 + (players + settings.lobbySessions()) / 20);
            for (int k = 0; k < processes; k++)
            {
                if (!LoggedProcess.appears(loadLogs.get(k), "measuring for", loads.get(k), connectDeadlineNs))
                {
                    return failed(settings, players, dir);
                }
            }
            final Usage start = Usage.sample(engine.pid(), loads);
            long rssMax = 0;
            long shmMax = 0;
            final long measureDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.measureSeconds() + 60);
            while (!allContain(loadLogs, "measured in"))
            {
                if (loads.stream().anyMatch(l -> !l.isAlive()) || System.nanoTime() > measureDeadlineNs)
                {
                    return failed(settings, players, dir);
                }
                rssMax = Math.max(rssMax, rssBytes(engine.pid()));
                shmMax = Math.max(shmMax, diskUsageBytes(driverDir));
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
            }
            final Usage end = Usage.sample(engine.pid(), loads);
            for (final Process load : loads)
            {
                if (!load.waitFor(60, TimeUnit.SECONDS))
                {
                    return failed(settings, players, dir);
                }
            }

            final List<String> summaries = new ArrayList<>();
            for (final Path reportDir : reportDirs)
            {
                summaries.add(summary(reportDir));
            }
            final Histogram rtt = new Histogram(3);
            for (final String summary : summaries)
            {
                rtt.add(rttHistogram(summary));
            }
            final double seconds = (end.nanoTime - start.nanoTime) / 1e9;
            final Map<String, Double> threads = new LinkedHashMap<>();
            end.engineThreads.forEach((thread, ticks) ->
            {
                final double cores = (ticks - start.engineThreads.getOrDefault(thread, 0L)) /
                    (double)CLOCK_TICKS_PER_SECOND / seconds;
                if (cores >= 0.005)
                {
                    threads.put(thread, cores);
                }
            });
            double busiestLoadThread = 0;
            for (final Map.Entry<String, Long> e : end.loadThreads.entrySet())
            {
                busiestLoadThread = Math.max(busiestLoadThread,
                    (e.getValue() - start.loadThreads.getOrDefault(e.getKey(), 0L)) /
                    (double)CLOCK_TICKS_PER_SECOND / seconds);
            }
            double meanSnapshots = 0;
            for (int k = 0; k < processes; k++)
            {
                meanSnapshots += snapshotsPerPlayerSecond(summaries.get(k), "mean") *
                    jsonDouble(summaries.get(k), "players") / players;
            }
            return new Step(
                settings.transport(),
                players,
                true,
                (int)sum(summaries, "playersSeatedAtEnd"),
                (long)sum(summaries, "sequenceViolations"),
                (long)sum(summaries, "roomStreamMessagesLost"),
                summaries.stream().map(CapacityRun::errors).filter(e -> !e.isEmpty())
                    .collect(Collectors.joining(", ")),
                rtt.getValueAtPercentile(50) / 1e6,
                rtt.getValueAtPercentile(99) / 1e6,
                rtt.getValueAtPercentile(99.9) / 1e6,
                summaries.stream().mapToDouble(summary -> snapshotsPerPlayerSecond(summary, "min")).min().orElse(0),
                meanSnapshots,
                (end.engineTicks - start.engineTicks) / (double)CLOCK_TICKS_PER_SECOND / seconds,
                threads,
                (end.loadTicks - start.loadTicks) / (double)CLOCK_TICKS_PER_SECOND / seconds,
                busiestLoadThread,
                1.0 - (double)(end.machineIdle - start.machineIdle) / Math.max(1, end.machineTotal - start.machineTotal),
                rssMax,
                shmMax,
                (end.udp.outDatagrams() - start.udp.outDatagrams()) / seconds,
                end.udp.receiveBufferErrors() - start.udp.receiveBufferErrors(),
                dir.toString(),
                settings.lobbySessions(),
                (int)sum(summaries, "lobbyOpenAtEnd"),
                (long)summaries.stream().mapToDouble(summary -> jsonDouble(summary, "lobbyMinPongs")).min().orElse(0),
                max(summaries, "lobbyLongestSilenceMs"),
                max(summaries, "lobbyRttP50Ms"),
                max(summaries, "lobbyRttP99Ms"));
        }
        finally
        {
            for (final Process load : loads)
            {
                load.destroy(); // SIGTERM: a load generator's own media driver takes its files out of /dev/shm
                if (!load.waitFor(10, TimeUnit.SECONDS))
                {
                    load.destroyForcibly();
                }
            }
            stop(engine, dir);
        }
    }

    private static boolean allContain(final List<Path> logs, final String text) throws IOException
    {
        for (final Path log : logs)
        {
            if (!Files.readString(log).contains(text))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the largest of the load generator processes' values (the lobby's round trip percentiles are kept per
     * process, not as histograms: the larger is what the step reports).
     */
    private static double max(final List<String> summaries, final String key)
    {
        return summaries.stream().mapToDouble(summary -> jsonDouble(summary, key)).max().orElse(Double.NaN);
    }

    private static double sum(final List<String> summaries, final String key)
    {
        return summaries.stream().mapToDouble(summary -> jsonDouble(summary, key)).sum();
    }

    /**
     * @return the measured round trip distribution a load generator wrote into its summary.
     */
    private static Histogram rttHistogram(final String summary)
    {
        final Matcher m = Pattern.compile("\"rttHistogram\": \"([A-Za-z0-9+/=]*)\"").matcher(summary);
        if (!m.find())
        {
            throw new IllegalStateException("rttHistogram missing in " + summary);
        }
        try
        {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(m.group(1))),
                0);
        }
        catch (final DataFormatException ex)
        {
            throw new IllegalStateException("rttHistogram does not decode", ex);
        }
    }

    /**
     * The engine alone, as {@link #run} starts it, with no client: its CPU over {@code seconds} after it has settled.
     *
     * @return cores used by the engine process, and per thread.
     */
    static Map<String, Double> idle(final Settings settings, final int settleSeconds, final int seconds)
        throws Exception
    {
        final Path dir = Files.createDirectories(settings.work().resolve("idle"));
        final Process engine = startEngine(settings, dir, settings.shm().resolve("idle"),
            "aeron:udp?endpoint=localhost:" + LoggedProcess.freePort(),
            "--ws-port", String.valueOf(settings.webSocket() ? LoggedProcess.freePort() : 0));
        try
        {
            LoggedProcess.awaitLine(dir.resolve("engine.log"), "ringside engine ready", engine, 60);
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(settleSeconds));
            final long startNs = System.nanoTime();
            final long start = cpuTicks(Path.of("/proc", String.valueOf(engine.pid()), "stat"));
            final Map<String, Long> startThreads = threadTicks(engine.pid());
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
            final double elapsed = (System.nanoTime() - startNs) / 1e9;
            final Map<String, Double> cores = new LinkedHashMap<>();
            cores.put("engine", (cpuTicks(Path.of("/proc", String.valueOf(engine.pid()), "stat")) - start) /
                (double)CLOCK_TICKS_PER_SECOND / elapsed);
            threadTicks(engine.pid()).forEach((thread, ticks) ->
            {
                final double c = (ticks - startThreads.getOrDefault(thread, 0L)) / (double)CLOCK_TICKS_PER_SECOND /
                    elapsed;
                if (c > 0)
                {
                    cores.put(thread, c);
                }
            });
            return cores;
        }
        finally
        {
            stop(engine, dir);
        }
    }

    /**
     * Stop the engine as an operator would (SIGTERM, so it prints its counters into engine.log) and delete its
     * journal, which a capacity step does not need and which reaches hundreds of megabytes.
     */
    private static void stop(final Process engine, final Path dir) throws InterruptedException, IOException
    {
        engine.toHandle().destroy();
        if (!engine.waitFor(60, TimeUnit.SECONDS))
        {
            engine.destroyForcibly();
            engine.waitFor(10, TimeUnit.SECONDS);
        }
        for (final String name : new String[]{ "ringside.db", "ringside.db-wal", "ringside.db-shm" })
        {
            Files.deleteIfExists(dir.resolve(name));
        }
    }

    private static Step failed(final Settings settings, final int players, final Path dir)
    {
        return new Step(settings.transport(), players, false, 0, 0, 0, "", Double.NaN, Double.NaN, Double.NaN, 0, 0, 0,
            Map.of(), 0, 0, 0, 0, 0, 0, 0, dir.toString(), settings.lobbySessions(), 0, 0, Double.NaN, Double.NaN,
            Double.NaN);
    }

    /**
     * The engine binary's main class as a process, with the step's channels, driver directory and journal, then the
     * step's own arguments and those of the run ({@code --engine}).
     */
    private static Process startEngine(
        final Settings settings, final Path dir, final Path driverDir, final String udpIngress, final String... args)
        throws IOException
    {
        final List<String> engineArgs = new ArrayList<>(List.of(
            "--ingress", udpIngress, "--ingress-ipc", settings.ipc() ? "aeron:ipc" : "none",
            "--driver-dir", driverDir.toString(), "--db", dir.resolve("ringside.db").toString()));
        engineArgs.addAll(List.of(args));
        engineArgs.addAll(settings.engineArgs());
        return LoggedProcess.start(dir.resolve("engine.log"), settings.engineJvmArgs(), EngineMain.class.getName(),
            engineArgs.toArray(new String[0]));
    }

    /**
     * CPU of both processes, per thread, and of the machine, at one moment.
     */
    private static final class Usage
    {
        long nanoTime;
        long engineTicks;
        long loadTicks;
        long machineIdle;
        long machineTotal;
        Map<String, Long> engineThreads;
        Map<String, Long> loadThreads;
        LoopbackDatagramLimit.Counters udp;

        /**
         * Load generator threads are keyed by process and name, so that the busiest is one thread of one process.
         */
        static Usage sample(final long enginePid, final List<Process> loads) throws IOException
        {
            final Usage u = new Usage();
            u.nanoTime = System.nanoTime();
            u.engineTicks = cpuTicks(Path.of("/proc", String.valueOf(enginePid), "stat"));
            u.engineThreads = threadTicks(enginePid);
            u.udp = LoopbackDatagramLimit.Counters.sample();
            u.loadThreads = new LinkedHashMap<>();
            for (final Process load : loads)
            {
                u.loadTicks += cpuTicks(Path.of("/proc", String.valueOf(load.pid()), "stat"));
                threadTicks(load.pid()).forEach((thread, ticks) -> u.loadThreads.put(load.pid() + "/" + thread, ticks));
            }
            final String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < cpu.length; i++)
            {
                u.machineTotal += Long.parseLong(cpu[i]);
            }
            u.machineIdle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]);
            return u;
        }
    }

    /**
     * @return utime + stime from a /proc stat file, in clock ticks.
     */
    private static long cpuTicks(final Path stat) throws IOException
    {
        return ProcessCpu.ticks(stat);
    }

    /**
     * @return CPU ticks per thread name (threads of one name summed: the driver's, the JVM's compiler threads).
     */
    private static Map<String, Long> threadTicks(final long pid) throws IOException
    {
        final Map<String, Long> ticks = new LinkedHashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(pid), "task")))
        {
            for (final Path task : tasks.toList())
            {
                try
                {
                    final String comm = Files.readString(task.resolve("comm")).trim();
                    ticks.merge(comm, cpuTicks(task.resolve("stat")), Long::sum);
                }
                catch (final IOException ex)
                {
                    // the thread ended between the listing and the read
                }
            }
        }
        return ticks;
    }

    private static long rssBytes(final long pid) throws IOException
    {
        for (final String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status")))
        {
            if (line.startsWith("VmRSS:"))
            {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    /**
     * @return the blocks a directory's files hold (what {@code du} says, not their sparse lengths).
     */
    private static long diskUsageBytes(final Path dir) throws IOException, InterruptedException
    {
        final Process du = new ProcessBuilder("du", "-sk", dir.toString()).redirectErrorStream(true).start();
        final String out = new String(du.getInputStream().readAllBytes()).trim();
        du.waitFor();
        final Matcher m = Pattern.compile("^([0-9]+)").matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) * 1024 : 0;
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

    private static double snapshotsPerPlayerSecond(final String summary, final String key)
    {
        final Matcher m = Pattern.compile("\"snapshotsPerPlayerSecond\": \\{[^}]*\"" + key + "\": ([0-9.]+)")
            .matcher(summary);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String errors(final String summary)
    {
        final Matcher m = Pattern.compile("\"errors\": \\{([^}]*)\\}").matcher(summary);
        return m.find() ? m.group(1).trim() : "summary without errors";
    }
}
