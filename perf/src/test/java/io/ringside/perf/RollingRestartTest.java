package io.ringside.perf;

import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.ReconnectDecoder;
import io.aeron.driver.MediaDriver;
import io.ringside.engine.EngineMain;
import io.ringside.engine.ring.EventType;
import io.ringside.journal.JournalReader;
import io.ringside.journal.JournalContext;
import io.ringside.perf.loadgen.LoadGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The most common operation a game server sees: restarting it to deploy a new build while players play. Three
 * processes, as on a game host: a media driver of its own (so that clients' Aeron connections outlive the engine),
 * the engine with a journal, and 100 players in a load generator over IPC. SIGTERM the engine in the middle of the
 * run, start it again on the same journal: every player resumes its session by itself (the Java client does, the
 * game code does nothing), is seated where it was, and plays on with gap-free sequences; nothing the first engine
 * committed is missing. (Over UDP loopback, 100 players with two Java media drivers on this 2-core machine can fall
 * behind for good after a burst of loss, which would test the machine, not the restart; see the README.)
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class RollingRestartTest
{
    private static final int PLAYERS = 100;

    @TempDir
    Path dir;

    private final List<ChildJvm> processes = new ArrayList<>();
    private final int port = 40_000 + 2 * ThreadLocalRandom.current().nextInt(9_000);

    @AfterEach
    void stopAll()
    {
        processes.forEach(p -> p.process.destroyForcibly());
    }

    private Path db()
    {
        return dir.resolve("data").resolve("ringside.db");
    }

    private Path driverDir()
    {
        return dir.resolve("driver");
    }

    private void startMediaDriver() throws Exception
    {
        new ChildJvm(processes, "driver", System.getProperty("java.class.path"), List.of(
            "-Daeron.dir=" + driverDir(), "-Daeron.dir.delete.on.start=true", "-Daeron.threading.mode=SHARED",
            "-Daeron.ipc.term.buffer.length=65536", "-Daeron.term.buffer.length=65536"),
            MediaDriver.class.getName());
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(driverDir().resolve("cnc.dat")))
        {
            assertTrue(System.nanoTime() < deadline, "the media driver did not start");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    private ChildJvm startEngine(final String name) throws Exception
    {
        final ChildJvm engine = new ChildJvm(processes, name, EngineMain.class,
            "--ingress", "aeron:udp?endpoint=localhost:" + port, "--ingress-ipc", "aeron:ipc",
            "--aeron-dir", driverDir().toString(), "--db", db().toString(), "--snapshot-interval", "2s");
        engine.awaitOutput("ringside engine ready", 120);
        return engine;
    }

    @Test
    void everyPlayerResumesItsSessionAcrossAGracefulRestartAndNothingCommittedIsLost() throws Exception
    {
        startMediaDriver();
        final ChildJvm first = startEngine("engine-1");
        final Path reportDir = dir.resolve("report");
        final ChildJvm load = new ChildJvm(processes, "loadgen", LoadGenerator.class, "--ipc",
            "--aeron-dir", driverDir().toString(), "--players", String.valueOf(PLAYERS), "--warmup", "2s",
            "--duration", "25s", "--report-dir", reportDir.toString());
        load.awaitOutput("measure   3s", 180);

        first.signalTerm();
        assertEquals(0, first.awaitExit(60), first.output.toString());
        final Matcher last = Pattern.compile("last sequence (\\d+)").matcher(first.output);
        assertTrue(last.find(), first.output.toString());
        final long lastSequenceBefore = Long.parseLong(last.group(1));
        final long rowsBefore;
        try (JournalReader reader = new JournalReader(new JournalContext().path(db())))
        {
            assertEquals(lastSequenceBefore, reader.lastSequence(), "the journal was flushed at shutdown");
            rowsBefore = reader.eventCount();
        }

        final ChildJvm second = startEngine("engine-2");
        assertEquals(0, load.awaitExit(180), load.output.toString());

        final String summary = summary(reportDir);
        assertEquals(PLAYERS, jsonLong(summary, "playersToldShuttingDown"), summary);
        assertEquals(PLAYERS, jsonLong(summary, "resumes"), "every player resumed by itself: " + summary);
        assertEquals(0, jsonLong(summary, "resumeFailures"), summary);
        assertEquals(PLAYERS, jsonLong(summary, "playersSeatedAtEnd"), summary);
        assertEquals(0, jsonLong(summary, "sequenceViolations"), "gap-free after the resume: " + summary);
        assertTrue(summary.contains("\"errors\": {}"), "no error code reached any player: " + summary);

        second.signalTerm();
        assertEquals(0, second.awaitExit(60), second.output.toString());

        final long[] rowsKept = new long[1];
        final long[] connects = new long[1];
        final long[] reconnectsAfter = new long[1];
        final Set<Long> sessionsPlayingAfter = new HashSet<>();
        try (JournalReader reader = new JournalReader(new JournalContext().path(db())))
        {
            reader.readEvents(-1, Long.MAX_VALUE, (row) ->
            {
                rowsKept[0] += row.sequence <= lastSequenceBefore ? 1 : 0;
                connects[0] += ConnectDecoder.TEMPLATE_ID == row.templateId && 0 == row.reason ? 1 : 0;
                reconnectsAfter[0] += ReconnectDecoder.TEMPLATE_ID == row.templateId &&
                    row.sequence > lastSequenceBefore ? 1 : 0;
                if (EventType.CLIENT_MESSAGE == row.type && row.sequence > lastSequenceBefore &&
                    ConnectDecoder.TEMPLATE_ID != row.templateId && ReconnectDecoder.TEMPLATE_ID != row.templateId)
                {
                    sessionsPlayingAfter.add(row.sessionId);
                }
                return true;
            });
        }
        assertEquals(rowsBefore, rowsKept[0], "every row the first engine committed is still there");
        assertEquals(PLAYERS, connects[0], "no player needed a new session");
        assertTrue(reconnectsAfter[0] >= PLAYERS, "each player resumed");
        assertTrue(sessionsPlayingAfter.size() >= PLAYERS, "and every player's input after the restart was journaled");
    }

    private static String summary(final Path reportDir) throws Exception
    {
        try (Stream<Path> runs = Files.list(reportDir))
        {
            return Files.readString(runs.findFirst().orElseThrow().resolve("summary.json"));
        }
    }

    private static long jsonLong(final String json, final String key)
    {
        final Matcher m = Pattern.compile("\"" + key + "\": (-?\\d+)").matcher(json);
        assertTrue(m.find(), key + " in " + json);
        return Long.parseLong(m.group(1));
    }
}
