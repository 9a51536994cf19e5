package io.ringside.perf;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.EngineMain;
import io.ringside.engine.journal.JournalTool;
import io.ringside.engine.journal.Recovery;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.journal.JournalReader;
import io.ringside.journal.JournalContext;
import io.ringside.perf.loadgen.LoadGenerator;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.auth.NoneAuthenticator;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The engine and the load generator as real processes, the way users run them: a load run with its report files, a
 * SIGTERM that ends in exit status 0 with clients told and the journal flushed, and a SIGKILL under load after which
 * the restarted engine recovers exactly the committed journal.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EngineProcessTest
{
    private static final int PLAYERS = 20;

    @TempDir
    Path dir;

    private final List<ChildJvm> processes = new ArrayList<>();
    private final int port = 40_000 + 2 * ThreadLocalRandom.current().nextInt(9_000);

    @AfterEach
    void stopAll()
    {
        processes.forEach(p -> p.process.destroyForcibly());
    }

    private String ingress()
    {
        return "aeron:udp?endpoint=localhost:" + port;
    }

    private Path db()
    {
        return dir.resolve("data").resolve("ringside.db");
    }

    private ChildJvm startEngine(final String... more) throws Exception
    {
        final List<String> args = new java.util.ArrayList<>(List.of(
            "--ingress", ingress(), "--ingress-ipc", "aeron:ipc", "--driver-dir", dir.resolve("driver").toString(),
            "--db", db().toString(), "--snapshot-interval", "1s", "--metrics-port", String.valueOf(port + 3)));
        args.addAll(List.of(more));
        final ChildJvm engine = new ChildJvm(processes, "engine", EngineMain.class, args.toArray(new String[0]));
        engine.awaitOutput("ringside engine ready", 60);
        return engine;
    }

    private ChildJvm startLoad(final String duration, final Path reportDir) throws IOException
    {
        return new ChildJvm(processes, "loadgen", LoadGenerator.class, "--ingress", ingress(),
            "--players", String.valueOf(PLAYERS), "--warmup", "1s", "--duration", duration,
            "--response-port", String.valueOf(port + 1), "--report-dir", reportDir.toString());
    }

    private static String summary(final Path reportDir) throws IOException
    {
        try (Stream<Path> runs = Files.list(reportDir))
        {
            final Path run = runs.findFirst().orElseThrow();
            return Files.readString(run.resolve("summary.json"));
        }
    }

    private static long jsonLong(final String json, final String key)
    {
        final Matcher m = Pattern.compile("\"" + key + "\": (-?\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }

    @Test
    void loadRunWritesItsReportAndSigtermEndsCleanly() throws Exception
    {
        final ChildJvm engine = startEngine();

        final Path reportDir = dir.resolve("report");
        final ChildJvm load = startLoad("3s", reportDir);
        assertEquals(0, load.awaitExit(90), load.output.toString());

        final String summary = summary(reportDir);
        assertEquals(PLAYERS, jsonLong(summary, "playersSeatedAtEnd"), summary);
        assertEquals(0, jsonLong(summary, "sequenceViolations"), summary);
        final Matcher counts = Pattern.compile("\"(rtt|input-ack|snapshot-interval|connect)\": \\{\"count\": (\\d+)")
            .matcher(summary);
        int metrics = 0;
        while (counts.find())
        {
            metrics++;
            assertTrue(Long.parseLong(counts.group(2)) > 0, counts.group(1) + " is empty");
        }
        assertEquals(4, metrics, summary);

        final Path run;
        try (Stream<Path> runs = Files.list(reportDir))
        {
            run = runs.findFirst().orElseThrow();
        }
        for (final String file : new String[]{ "rtt.hgrm", "report.html", "report.txt", "input-ack.hgrm" })
        {
            assertTrue(Files.size(run.resolve(file)) > 0, file);
        }
        long intervals = 0;
        long recorded = 0;
        final HistogramLogReader log = new HistogramLogReader(run.resolve("rtt.hlog").toFile());
        EncodableHistogram interval;
        while (null != (interval = log.nextIntervalHistogram()))
        {
            intervals++;
            recorded += ((org.HdrHistogram.AbstractHistogram)interval).getTotalCount();
        }
        assertTrue(intervals >= 2, "one interval per second in the .hlog");
        assertTrue(recorded > 0, "HdrHistogram's reader finds the recorded round trips");

        // SIGTERM in the middle of a load run
        final ChildJvm second = startLoad("6s", dir.resolve("report2"));
        second.awaitOutput("measure", 60);
        engine.signalTerm();
        assertEquals(0, engine.awaitExit(30), engine.output.toString());
        assertTrue(engine.output.toString().contains("shutting down (SIGTERM)"), "engine output: " + engine.output);

        second.awaitExit(90);
        final String secondSummary = summary(dir.resolve("report2"));
        assertEquals(PLAYERS, jsonLong(secondSummary, "playersToldShuttingDown"), secondSummary);

        final Matcher last = Pattern.compile("last sequence (\\d+)").matcher(engine.output);
        assertTrue(last.find(), engine.output.toString());
        try (JournalReader reader = new JournalReader(new JournalContext().path(db())))
        {
            assertEquals(Long.parseLong(last.group(1)), reader.lastSequence(), "the journal was flushed at shutdown");
        }
    }

    @Test
    void aFrozenClientProcessIsLetGoWhileOthersPlayOnAndComesBackAfterSigcont() throws Exception
    {
        // per-client views (the rule for rooms too big to broadcast): a frozen reader of a room stream only falls
        // behind on it alone (AeronEngineTest), here its own snapshots back up until it is let go
        final ChildJvm engine = startEngine("--room-stream-max-seats", "0");
        final String driver = dir.resolve("driver").toString();
        final ChildJvm load = new ChildJvm(processes, "loadgen", LoadGenerator.class, "--ipc", "--aeron-dir", driver,
            "--players", String.valueOf(PLAYERS), "--warmup", "1s", "--duration", "25s", "--report-dir",
            dir.resolve("report").toString());
        final ChildJvm probe = new ChildJvm(processes, "probe", ProbeClient.class, driver, "frozen", "7001");
        probe.awaitOutput("seated", 60);
        load.awaitOutput("measure", 60);

        signal(probe.process.pid(), "STOP");
        // frozen: the engine skips its snapshots, then lets it go as a slow consumer
        Scrape.awaitMetric(port + 3, "ringside_slow_consumer_disconnects_total", v -> v >= 1, 30);
        signal(probe.process.pid(), "CONT");
        probe.awaitOutput("lost", 30);
        final int lostAt = probe.output.indexOf("lost");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (probe.output.indexOf("seated", lostAt) < 0)
        {
            assertTrue(System.nanoTime() < deadline, "the thawed client plays again:\n" + probe.output);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }

        assertEquals(0, load.awaitExit(90), load.output.toString());
        final String summary = summary(dir.resolve("report"));
        assertEquals(0, jsonLong(summary, "sequenceViolations"), "the others were unaffected: " + summary);
        assertEquals(PLAYERS, jsonLong(summary, "playersSeatedAtEnd"), summary);

        engine.signalTerm();
        assertEquals(0, engine.awaitExit(30), engine.output.toString());
        final Matcher skipped = Pattern.compile("snapshots sent \\d+, skipped (\\d+)").matcher(engine.output);
        assertTrue(skipped.find() && Long.parseLong(skipped.group(1)) > 0, "the frozen client's snapshots were " +
            "skipped:\n" + engine.output);
        final Matcher slow = Pattern.compile("slow-consumer disconnects (\\d+)").matcher(engine.output);
        assertTrue(slow.find() && Long.parseLong(slow.group(1)) >= 1, "let go as a slow consumer:\n" + engine.output);
        System.out.println("frozen client: snapshots skipped " + skipped.group(1) + ", slow-consumer disconnects " +
            slow.group(1) + "; probe said:\n" + probe.output);
    }

    private static void signal(final long pid, final String signal) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
    }

    @Test
    void aeronStatListsTheEngineCountersByLabel() throws Exception
    {
        final ChildJvm engine = startEngine();
        final Path aeronAll = Path.of("target", "tools", "aeron-all.jar");
        assertTrue(Files.exists(aeronAll), "aeron-all copied by the build as a tool jar");
        final ChildJvm aeronStat = new ChildJvm(processes, "aeronstat", aeronAll.toString(),
            List.of("-Daeron.dir=" + dir.resolve("driver")), "io.aeron.samples.AeronStat");
        for (final String label : new String[]{ "ringside: sessions open", "ringside: ticks", "ringside: inputs",
            "ringside: snapshots sent", "ringside: snapshots skipped", "ringside: rejects AUTH_FAILED",
            "ringside: ring stalls", "ringside: journal batches", "ringside: journal rows",
            "ringside: slow consumer disconnects", "ringside: tick overruns" })
        {
            aeronStat.awaitOutput(label, 30);
        }
        aeronStat.process.toHandle().destroyForcibly();
        engine.signalTerm();
        assertEquals(0, engine.awaitExit(30), engine.output.toString());
        assertTrue(engine.output.toString().contains("tick-duration"), "latency histograms printed at shutdown");
    }

    @Test
    void sigkillUnderLoadThenRestartRecoversTheCommittedJournalExactly() throws Exception
    {
        final ChildJvm engine = startEngine();
        final ChildJvm load = startLoad("30s", dir.resolve("report"));
        load.awaitOutput("measure   2s", 60);
        engine.process.toHandle().destroyForcibly();
        assertTrue(engine.process.waitFor(10, TimeUnit.SECONDS));
        assertEquals(137, engine.process.exitValue(), "killed by SIGKILL");
        load.process.destroy(); // SIGTERM: its media driver's files leave /dev/shm
        if (!load.process.waitFor(10, TimeUnit.SECONDS))
        {
            load.process.destroyForcibly();
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
            Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check"))
        {
            assertTrue(rs.next());
            assertEquals("ok", rs.getString(1));
        }

        final Recovery.Result expected;
        ArenaGame.SavedShip saved = null;
        String savedName = null;
        try (JournalReader reader = new JournalReader(new JournalContext().path(db())))
        {
            for (int i = 0; i < PLAYERS && null == saved; i++)
            {
                final JournalReader.PlayerState state = reader.playerState(playerId("loadgen-" + i), "arena");
                if (null != state && ArenaGame.SavedShip.of(state.state()).health() > 0)
                {
                    saved = ArenaGame.SavedShip.of(state.state());
                    savedName = "loadgen-" + i;
                }
            }
            final long lastSequence = reader.lastSequence();
            assertTrue(lastSequence > 1000, "the run journaled under load: " + lastSequence);
            assertTrue(reader.eventCount() > 1000 && reader.eventCount() <= lastSequence + 1,
                "committed rows are there (pings take sequences but are not journaled)");
            assertTrue(reader.snapshotCount() > 0, "snapshots were taken every second");
            expected = JournalTool.replay(reader, Long.MAX_VALUE, new PrintStream(new ByteArrayOutputStream()));
        }

        final ChildJvm restarted = startEngine();
        final String banner = restarted.output.toString();
        final String hash = String.format("state hash %016x", expected.stateHash());
        assertTrue(banner.contains("to sequence " + expected.lastSequence() + " "), banner);
        assertTrue(banner.contains(hash), "recovered state equals a replay of the committed journal\n" + banner +
            "\nexpected " + hash);

        assertNotNull(saved, "the killed run saved the state of its players");
        final float[] spawn = joinAndSeeSpawn(savedName);
        assertEquals(saved.x(), spawn[0], "a returning player is back where its committed state says");
        assertEquals(saved.y(), spawn[1]);

        restarted.signalTerm();
        assertEquals(0, restarted.awaitExit(30), restarted.output.toString());
    }

    private static long playerId(final String name)
    {
        final byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return NoneAuthenticator.playerId(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * Connect as a player with a client of our own (and a media driver of its own), join the arena and return where
     * the engine spawned its ship.
     */
    private float[] joinAndSeeSpawn(final String name) throws InterruptedException
    {
        final java.util.Map<Integer, float[]> spawns = new java.util.HashMap<>();
        try (MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                .aeronDirectoryName(dir.resolve("client-driver").toString())
                .threadingMode(ThreadingMode.SHARED)
                .dirDeleteOnStart(true)
                .dirDeleteOnShutdown(true));
            Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
            GameClient client = new GameClient(aeron, ingress(), 1001, "aeron:udp?endpoint=localhost:" + (port + 2),
                9001, new GameClientListener()
                {
                    public void onGameEvent(final GameEventDecoder event)
                    {
                        if (GameEventType.SPAWN == event.eventType())
                        {
                            spawns.put(event.subjectId(), new float[]{ event.x(), event.y() });
                        }
                    }
                }))
        {
            pollUntil(client, "connected", client::isConnected);
            sendUntilTaken(() -> client.connect(name, new byte[0]));
            pollUntil(client, "session", () -> null != client.sessionResult());
            assertEquals(ErrorCode.OK, client.sessionResult());
            sendUntilTaken(() -> client.joinRoom("arena", 0));
            pollUntil(client, "seated", () -> client.entityId() > 0);
            pollUntil(client, "spawn event", () -> spawns.containsKey(client.entityId()));
            return spawns.get(client.entityId());
        }
    }

    private static void pollUntil(final GameClient client, final String what, final BooleanSupplier condition)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "no " + what + " within 20 s");
            if (0 == client.poll(64))
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            }
        }
    }

    private static void sendUntilTaken(final LongSupplier offer) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (offer.getAsLong() < 0)
        {
            assertTrue(System.nanoTime() < deadline, "could not send within 20 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }
}
