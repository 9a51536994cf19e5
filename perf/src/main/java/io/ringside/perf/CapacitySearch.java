package io.ringside.perf;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code bin/capacity [ipc|udp|ws]}: the largest number of players the engine holds on this machine by the criterion of
 * issue 14. Rooms of 100 players, every player 60 inputs and 10 pings a second, 60 Hz snapshots, 5 s warm-up then
 * 20 s measured, engine and load generator as separate processes. A step holds when the p99 ping round trip is under
 * 50 ms, every player receives at least 54 snapshots a second (the minimum over players), every player is seated at
 * the end, and there are no sequence violations and no error codes.
 * <p>
 * The search: coarse steps up to the first miss, then halving the gap between the last hold and the first miss, then
 * the largest hold once more; a hold that does not repeat is not counted. Every step's table row is printed as it ends
 * and everything is written under {@code perf/results/capacity/<UTC time>/} (capacity.txt, capacity.json, and each
 * step's engine and load generator logs and reports).
 */
public final class CapacitySearch
{
    private static final int[] IPC_STEPS = { 250, 500, 1000, 2000, 4000, 8000 };
    private static final int[] UDP_STEPS = { 50, 100, 200, 400, 800, 1600 };
    private static final int[] WS_STEPS = { 100, 200, 400, 800, 1600 };
    private static final int REFINEMENTS = 3;
    private static final int IDLE_SETTLE_SECONDS = 15;
    private static final int IDLE_SECONDS = 20;
    private static final int LOOPBACK_SECONDS = 3;

    private final CapacityRun.Settings settings;
    private final PrintStream out;
    private final List<CapacityRun.Step> steps = new ArrayList<>();
    private double loopbackDatagramsPerSecond;
    private Map<String, Double> idleCores = Map.of();

    private CapacitySearch(final CapacityRun.Settings settings, final PrintStream out)
    {
        this.settings = settings;
        this.out = out;
    }

    public static void main(final String[] args) throws Exception
    {
        String transport = "ipc";
        int[] coarse = null;
        int warmup = 5;
        int measure = 20;
        int roomSize = 100;
        boolean refine = true;
        int loadGenerators = 1;
        final List<String> engineArgs = new ArrayList<>();
        final List<String> engineJvmArgs = new ArrayList<>();
        int lobby = 0;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "ipc", "udp", "ws" -> transport = args[i];
                case "--steps" -> coarse = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--seconds" -> measure = Integer.parseInt(args[++i]);
                case "--room-size" -> roomSize = Integer.parseInt(args[++i]);
                case "--no-refine" -> refine = false;
                case "--loadgen-processes" -> loadGenerators = Integer.parseInt(args[++i]);
                case "--engine" -> engineArgs.add(args[++i]);
                case "--engine-jvm" -> engineJvmArgs.add(args[++i]);
                case "--lobby" -> lobby = Integer.parseInt(args[++i]);
                default ->
                {
                    System.err.println("usage: bin/capacity [ipc|udp|ws] [--steps N,N,...] [--warmup S] [--seconds S] " +
                        "[--room-size N] [--no-refine] [--loadgen-processes K] [--engine ARG]... " +
                        "[--engine-jvm OPTION]... [--lobby N]");
                    System.exit(2);
                }
            }
        }
        if (null == coarse)
        {
            coarse = "ipc".equals(transport) ? IPC_STEPS : "ws".equals(transport) ? WS_STEPS : UDP_STEPS;
        }

        final String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
            .format(Instant.now());
        final Path work = Files.createDirectories(Path.of("perf", "results", "capacity", stamp + "-" + transport));
        final Path shm = Files.createDirectories(Path.of("/dev/shm", "ringside-capacity-" + stamp));
        try (PrintStream file = new PrintStream(work.resolve("capacity.txt").toFile(), StandardCharsets.UTF_8))
        {
            final PrintStream out = new PrintStream(new TeeStream(System.out, file), true, StandardCharsets.UTF_8);
            final CapacitySearch search = new CapacitySearch(
                new CapacityRun.Settings(transport, roomSize, warmup, measure, loadGenerators, work, shm,
                    engineArgs, engineJvmArgs, lobby), out);
            search.header();
            search.idle();
            search.loopbackLimit();
            final int capacity = search.search(coarse, refine);
            search.summary(capacity);
            Files.writeString(work.resolve("capacity.json"), search.json(capacity));
            out.println("results: " + work);
        }
        finally
        {
            deleteQuietly(shm);
        }
    }

    private void header()
    {
        out.println("== capacity over " + settings.transport().toUpperCase(Locale.ROOT) + ": " + Machine.describe());
        out.printf(Locale.ROOT, "workload: rooms of %d, 60 inputs and 10 pings per player-second, 60 Hz snapshots, " +
            "%d s warm-up, %d s measured; engine and load generator as separate processes (the load generator as %d)%n",
            settings.roomSize(), settings.warmupSeconds(), settings.measureSeconds(), settings.loadGenerators());
        if (!settings.engineArgs().isEmpty())
        {
            out.println("engine arguments added: " + String.join(" ", settings.engineArgs()));
        }
        if (!settings.engineJvmArgs().isEmpty())
        {
            out.println("engine JVM options: " + String.join(" ", settings.engineJvmArgs()));
        }
        if (settings.lobbySessions() > 0)
        {
            out.printf(Locale.ROOT, "besides the players, %d idle sessions in a lobby (connected, in no room), each " +
                "pinging every %s; a step also needs every one open at the end and none silent for more than %.0f s%n",
                settings.lobbySessions(), CapacityRun.LOBBY_PING_INTERVAL_MS / 1e3 + " s",
                CapacityRun.MAX_LOBBY_SILENCE_MS / 1e3);
        }
        out.printf(Locale.ROOT, "a step holds when: p99 ping round trip < %.0f ms, every player >= %.0f snapshots/s, " +
            "all seated, no sequence violations, no room stream message lost, no error codes%n",
            CapacityRun.MAX_P99_RTT_MS, CapacityRun.MIN_SNAPSHOTS_PER_PLAYER_SECOND);
        out.println("columns: round trip ms; snapshots per player-second (min over players, mean); engine cores and " +
            "ms per player-second; journal thread's share of the engine; load generator cores and its busiest " +
            "thread; machine busy; engine RSS and /dev/shm at most");
    }

    private void idle() throws Exception
    {
        idleCores = CapacityRun.idle(settings, IDLE_SETTLE_SECONDS, IDLE_SECONDS);
        out.printf(Locale.ROOT, "idle engine (no client, %d s after %d s to settle): %.4f cores (target 0.02); by " +
            "thread: %s%n", IDLE_SECONDS, IDLE_SETTLE_SECONDS, idleCores.get("engine"),
            idleCores.entrySet().stream().skip(1)
                .map(e -> String.format(Locale.ROOT, "%s %.4f", e.getKey(), e.getValue()))
                .collect(Collectors.joining(", ")));
        out.printf(Locale.ROOT, "%7s %9s %9s %9s %8s %8s %7s %7s %6s %7s %6s %6s %8s %8s  %s%n",
            "players", "rtt p50", "rtt p99", "p99.9 ms", "snap min", "snap avg", "engine", "ms/pl-s", "jrnl",
            "loadgen", "lg max", "busy", "RSS MB", "shm MB", "verdict");
    }

    /**
     * Over UDP: what one thread sending and one receiving 1,408-byte datagrams move on loopback, measured here before
     * the steps, so that each step's datagrams can be given as a share of it.
     */
    private void loopbackLimit() throws Exception
    {
        if ("udp".equals(settings.transport()))
        {
            loopbackDatagramsPerSecond = LoopbackDatagramLimit.measure(LOOPBACK_SECONDS);
            out.printf(Locale.ROOT, "loopback limit (one thread sending, one receiving %d-byte datagrams, %d s, the " +
                "machine otherwise quiet): %.0f datagrams a second%n", LoopbackDatagramLimit.DATAGRAM_LENGTH,
                LOOPBACK_SECONDS, loopbackDatagramsPerSecond);
        }
    }

    private CapacityRun.Step step(final int players, final int attempt) throws Exception
    {
        final CapacityRun.Step s = CapacityRun.run(settings, players, attempt);
        steps.add(s);
        out.printf(Locale.ROOT, "%7d %9.3f %9.3f %9.3f %8.1f %8.1f %7.2f %7.3f %5.0f%% %7.2f %6.2f %5.0f%% %8.0f %8.0f  " +
            "%s%s%n", s.players(), s.rttP50Ms(), s.rttP99Ms(), s.rttP999Ms(), s.minSnapshotsPerPlayerSecond(),
            s.meanSnapshotsPerPlayerSecond(), s.engineCores(), s.engineMillisPerPlayerSecond(), s.journalShare() * 100,
            s.loadGeneratorCores(), s.loadGeneratorBusiestThreadCores(), s.machineBusy() * 100,
            s.engineRssMaxBytes() / 1e6, s.shmMaxBytes() / 1e6, s.verdict(),
            s.loadGeneratorAtLimit() ? " (load generator thread at its limit)" : "");
        out.println("        engine threads (cores): " + s.engineThreadCores().entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "%s %.3f", e.getKey(), e.getValue()))
            .collect(Collectors.joining(", ")));
        if (s.lobbySessions() > 0)
        {
            out.printf(Locale.ROOT, "        lobby: %d of %d idle sessions answered in their last interval, at least " +
                "%d answers each, longest silence %.2f s, rtt p50 %.3f ms, p99 %.3f ms%n", s.lobbyOpenAtEnd(),
                s.lobbySessions(), s.lobbyMinPongs(), s.lobbyLongestSilenceMs() / 1e3, s.lobbyRttP50Ms(),
                s.lobbyRttP99Ms());
        }
        if (loopbackDatagramsPerSecond > 0)
        {
            out.printf(Locale.ROOT, "        UDP datagrams sent on the machine: %.0f a second, %.0f%% of the loopback " +
                "limit; %d dropped on full receive buffers%n", s.udpDatagramsPerSecond(),
                100 * s.udpDatagramsPerSecond() / loopbackDatagramsPerSecond, s.udpReceiveBufferDrops());
        }
        return s;
    }

    private int search(final int[] coarse, final boolean refine) throws Exception
    {
        int hold = 0;
        int miss = 0;
        for (final int players : coarse)
        {
            if (step(players, 1).holds())
            {
                hold = players;
            }
            else
            {
                miss = players;
                break;
            }
        }
        if (refine && miss > 0)
        {
            final int granularity = "ipc".equals(settings.transport()) ? 50 : 25;
            for (int i = 0; i < REFINEMENTS && miss - hold > granularity; i++)
            {
                final int players = Math.max(hold + granularity, (hold + miss) / 2 / granularity * granularity);
                if (players >= miss)
                {
                    break;
                }
                if (step(players, 1).holds())
                {
                    hold = players;
                }
                else
                {
                    miss = players;
                }
            }
        }
        if (refine && hold > 0)
        {
            out.println("repeating the edge: " + hold + " players");
            if (!step(hold, 2).holds())
            {
                final int edge = hold;
                hold = steps.stream().filter(s -> s.players() < edge && s.holds()).mapToInt(CapacityRun.Step::players)
                    .max().orElse(0);
            }
        }
        return hold;
    }

    private void summary(final int capacity)
    {
        out.printf(Locale.ROOT, "capacity over %s: %s%n", settings.transport().toUpperCase(Locale.ROOT),
            capacity > 0 ? capacity + " players hold" : "no step held");
        steps.stream().filter(s -> s.players() == capacity && s.holds()).findFirst().ifPresent(s ->
            out.printf(Locale.ROOT, "at %d players: engine %.2f cores (%.3f ms per player-second), journal %.0f%% of " +
                "it, RSS %.0f MB, /dev/shm %.0f MB%n", s.players(), s.engineCores(), s.engineMillisPerPlayerSecond(),
                s.journalShare() * 100, s.engineRssMaxBytes() / 1e6, s.shmMaxBytes() / 1e6));
        if (loopbackDatagramsPerSecond > 0)
        {
            steps.stream().filter(s -> s.players() == capacity && s.holds()).findFirst().ifPresent(s ->
                out.printf(Locale.ROOT, "at %d players: %.0f UDP datagrams a second on the machine, %.0f%% of the " +
                    "loopback limit (%.0f a second)%n", s.players(), s.udpDatagramsPerSecond(),
                    100 * s.udpDatagramsPerSecond() / loopbackDatagramsPerSecond, loopbackDatagramsPerSecond));
        }
        if (steps.stream().anyMatch(s -> !s.holds() && s.loadGeneratorAtLimit()))
        {
            out.println("note: the load generator's busiest thread was at its limit in a step that missed; " +
                "that step measured the load generator as much as the engine");
        }
    }

    private String json(final int capacity)
    {
        final StringBuilder sb = new StringBuilder("{\n");
        sb.append(String.format(Locale.ROOT, "  \"transport\": \"%s\",%n  \"machine\": \"%s\",%n  \"roomSize\": %d,%n" +
            "  \"warmupSeconds\": %d,%n  \"measuredSeconds\": %d,%n  \"capacityPlayers\": %d,%n" +
            "  \"idleCores\": {%s},%n  \"loopbackDatagramsPerSecond\": %.0f,%n  \"steps\": [%n",
            settings.transport(), Machine.describe().replace("\"", "'"), settings.roomSize(), settings.warmupSeconds(),
            settings.measureSeconds(), capacity, threads(idleCores), loopbackDatagramsPerSecond));
        for (int i = 0; i < steps.size(); i++)
        {
            final CapacityRun.Step s = steps.get(i);
            sb.append(String.format(Locale.ROOT, "    {\"players\": %d, \"holds\": %b, \"verdict\": \"%s\", " +
                "\"rttP50Ms\": %.3f, \"rttP99Ms\": %.3f, \"rttP999Ms\": %.3f, \"minSnapshotsPerPlayerSecond\": %.2f, " +
                "\"meanSnapshotsPerPlayerSecond\": %.2f, \"engineCores\": %.3f, \"engineMsPerPlayerSecond\": %.4f, " +
                "\"journalShare\": %.3f, \"loadGeneratorCores\": %.3f, \"loadGeneratorBusiestThreadCores\": %.3f, " +
                "\"machineBusy\": %.3f, \"engineRssBytes\": %d, \"shmBytes\": %d, \"seated\": %d, " +
                "\"sequenceViolations\": %d, \"udpDatagramsPerSecond\": %.0f, \"udpReceiveBufferDrops\": %d, " +
                "\"lobbySessions\": %d, \"lobbyOpenAtEnd\": %d, \"lobbyMinPongs\": %d, " +
                "\"lobbyLongestSilenceMs\": %.1f, \"lobbyRttP50Ms\": %.3f, \"lobbyRttP99Ms\": %.3f, " +
                "\"engineThreadCores\": {%s}, \"dir\": \"%s\"}%s%n",
                s.players(), s.holds(), s.verdict().replace("\"", "'"), s.rttP50Ms(), s.rttP99Ms(), s.rttP999Ms(),
                s.minSnapshotsPerPlayerSecond(), s.meanSnapshotsPerPlayerSecond(), s.engineCores(),
                s.engineMillisPerPlayerSecond(), s.journalShare(), s.loadGeneratorCores(),
                s.loadGeneratorBusiestThreadCores(), s.machineBusy(), s.engineRssMaxBytes(), s.shmMaxBytes(),
                s.seated(), s.sequenceViolations(), s.udpDatagramsPerSecond(), s.udpReceiveBufferDrops(),
                s.lobbySessions(), s.lobbyOpenAtEnd(), s.lobbyMinPongs(), s.lobbyLongestSilenceMs(),
                s.lobbyRttP50Ms(), s.lobbyRttP99Ms(),
                threads(s.engineThreadCores()), s.dir(),
                i + 1 < steps.size() ? "," : ""));
        }
        sb.append("  ]\n}\n");
        return sb.toString().replace("NaN", "null");
    }

    private static String threads(final Map<String, Double> cores)
    {
        return cores.entrySet().stream()
            .map(e -> String.format(Locale.ROOT, "\"%s\": %.3f", e.getKey().replace("\"", "'"), e.getValue()))
            .collect(Collectors.joining(", "));
    }

    private static void deleteQuietly(final Path dir)
    {
        try (var paths = Files.walk(dir))
        {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        catch (final IOException ignore)
        {
            // a driver directory left in /dev/shm is removed by the next run's drivers or a reboot
        }
    }

    /**
     * Writes to two streams: the console and capacity.txt.
     */
    private static final class TeeStream extends java.io.OutputStream
    {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(final java.io.OutputStream a, final java.io.OutputStream b)
        {
            this.a = a;
            this.b = b;
        }

        public void write(final int value) throws IOException
        {
            a.write(value);
            b.write(value);
        }

        public void write(final byte[] bytes, final int offset, final int length) throws IOException
        {
            a.write(bytes, offset, length);
            b.write(bytes, offset, length);
        }

        public void flush() throws IOException
        {
            a.flush();
            b.flush();
        }
    }
}
