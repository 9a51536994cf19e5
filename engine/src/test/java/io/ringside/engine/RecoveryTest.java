package io.ringside.engine;

import io.ringside.codec.MessageType;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.arena.ArenaGame;
import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.game.tictactoe.TicTacToeGame;
import io.ringside.engine.journal.JournalTool;
import io.ringside.engine.journal.Recovery;
import io.ringside.engine.logic.GameLogicHandler;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.output.OutputWriter;
import io.ringside.engine.ring.EventPublisher;
import io.ringside.engine.support.CapturingTransport;
import io.ringside.engine.support.ClientMessages;
import io.ringside.engine.support.Received;
import io.ringside.journal.JournalReader;
import io.ringside.journal.JournalContext;
import io.ringside.journal.SqliteJournal;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exact recovery: a real pipeline (200 players, 3,000 ticks) journals to a real SQLite file; a new pipeline built on the same file recovers the
 * state (latest snapshot plus the journal after it, or the whole journal) and its state hash equals the hash the live
 * engine had at the same journal sequence.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RecoveryTest
{
    private static final long TICK_NS = 16_666_667L;
    private static final int SNAPSHOT_TICKS = 1000;

    @TempDir
    Path dir;

    private final ClientMessages messages = new ClientMessages();
    private CapturingTransport transport;
    private EnginePipeline pipeline;
    private EventPublisher publisher;
    private long tick;
    private long nextSessionId;

    private JournalContext journalContext()
    {
        return new JournalContext().path(dir.resolve("ringside.db"));
    }

    private EnginePipeline newPipeline()
    {
        transport = new CapturingTransport();
        pipeline = new EnginePipeline(new EngineContext()
            .games(games())
            .egressTransport(transport)
            .ringSize(4096)
            .outputLogCapacityBytes(1024 * 1024)
            .sessionTimeoutNs(TimeUnit.SECONDS.toNanos(600))
            .snapshotIntervalNs(SNAPSHOT_TICKS * TICK_NS)
            .journalContext(journalContext()));
        return pipeline;
    }

    private static GameRegistry games()
    {
        return new GameRegistry()
            .register(new ArenaGame(new ArenaSettings().maxPlayers(16)))
            .register(new TicTacToeGame());
    }

    private void start()
    {
        pipeline.start();
        publisher = pipeline.publisher();
        tick = pipeline.logic().tick();
        nextSessionId = 1_000 * (tick + 1);
    }

    @AfterEach
    void close()
    {
        if (null != pipeline)
        {
            pipeline.close();
            assertEquals(0, pipeline.faults(), "no stage faulted");
        }
    }

    // ------------------------------------------------------------------ a producer standing in for ingress

    private void clientMessage(final long sessionId, final long playerId, final long seed)
    {
        while (!publisher.publishClientMessage(messages.templateId, sessionId, playerId, sessionId * 31 + 7,
            sessionId * 17 + 3, seed, ErrorCode.OK, tick * TICK_NS, messages.buffer, 0, messages.length))
        {
            Thread.yield();
        }
    }

    private long connect(final long playerId)
    {
        final long sessionId = nextSessionId++;
        messages.connect(playerId, "aeron:ipc", 1000);
        clientMessage(sessionId, playerId, 0);
        return sessionId;
    }

    private void join(final long sessionId, final String game)
    {
        messages.joinRoom(sessionId, sessionId, 0, game);
        clientMessage(sessionId, 0, sessionId * 7919);
    }

    private void tick()
    {
        tick++;
        while (!publisher.publishTick(tick, tick * TICK_NS))
        {
            Thread.yield();
        }
        pipeline.producerCommands().drain((sessionId, reason) ->
        {
            while (!publisher.publishSessionLost(sessionId, reason, tick * TICK_NS))
            {
                Thread.yield();
            }
        }, 100);
    }

    private void drain()
    {
        assertTrue(pipeline.awaitDrained(TimeUnit.SECONDS.toNanos(30)), "pipeline drained");
    }

    private long journalSequenceNow()
    {
        return pipeline.journalHandler().sequenceBase() + pipeline.ringBuffer().getCursor();
    }

    /**
     * A seeded mix of everything that changes state: inputs, turn actions, lost and resumed sessions, leaves and
     * joins, disconnects and new players.
     */
    private void play(final long[] sessions, final long[] players, final int ticks, final SplittableRandom random)
    {
        for (int t = 0; t < ticks; t++)
        {
            for (int i = 0; i < sessions.length; i++)
            {
                final long session = sessions[i];
                final int roll = random.nextInt(1000);
                if (i % 4 == 3)
                {
                    if (roll < 100)
                    {
                        messages.turnAction(tick, session, random.nextInt(9));
                        clientMessage(session, 0, 0);
                    }
                }
                else if (roll < 700)
                {
                    messages.input(session, tick * 10 + i, tick * TICK_NS, (float)random.nextDouble(),
                        (float)random.nextDouble(-1, 1), random.nextInt(4) == 0);
                    clientMessage(session, 0, 0);
                }
                else if (roll < 702)
                {
                    messages.disconnect(session);
                    clientMessage(session, 0, 0);
                    sessions[i] = connect(players[i]);
                    join(sessions[i], i % 4 == 3 ? "tictactoe" : "arena");
                }
                else if (roll < 704)
                {
                    messages.leaveRoom(1, session);
                    clientMessage(session, 0, 0);
                    join(session, i % 4 == 3 ? "tictactoe" : "arena");
                }
                else if (roll < 705)
                {
                    while (!publisher.publishSessionLost(session, ErrorCode.TIMED_OUT, tick * TICK_NS))
                    {
                        Thread.yield();
                    }
                    final long replyId = nextSessionId++;
                    messages.reconnect(1, session, session * 31 + 7, session * 17 + 3, "aeron:ipc", 2000);
                    while (!publisher.publishClientMessage(messages.templateId, replyId, 0, replyId * 31 + 7,
                        replyId * 17 + 3, 0, ErrorCode.OK, tick * TICK_NS, messages.buffer, 0, messages.length))
                    {
                        Thread.yield();
                    }
                }
            }
            tick();
        }
    }

    private long[] seatPlayers(final long[] players)
    {
        final long[] sessions = new long[players.length];
        for (int i = 0; i < players.length; i++)
        {
            sessions[i] = connect(players[i]);
            join(sessions[i], i % 4 == 3 ? "tictactoe" : "arena");
        }
        return sessions;
    }

    // ------------------------------------------------------------------ tests

    @Test
    void recoveredStateHashEqualsTheLiveHashAtTheSameSequence() throws Exception
    {
        newPipeline();
        assertEquals(-1, pipeline.recovery().lastSequence(), "a new journal is empty");
        start();
        final long[] players = new long[200];
        for (int i = 0; i < players.length; i++)
        {
            players[i] = 100 + i;
        }
        final long[] sessions = seatPlayers(players);
        final SplittableRandom random = new SplittableRandom(20261121);

        play(sessions, players, 1500, random);
        drain();
        final long midSequence = journalSequenceNow();
        final long midHash = pipeline.logic().stateHash();

        play(sessions, players, 1500, random);
        drain();
        final long endSequence = journalSequenceNow();
        final long endHash = pipeline.logic().stateHash();
        pipeline.close();
        final long taken = pipeline.logic().counters().engineSnapshots();
        assertEquals(3, taken + pipeline.logic().counters().snapshotsDeferred(),
            "one due every 1000 ticks: taken, or deferred (and counted) while the journal held the last one");
        assertTrue(taken >= 1);
        assertEquals(taken, pipeline.journalHandler().snapshotsWritten());

        final var status = pipeline.context().journal().status();
        assertTrue(status.eventRows() >= 10 * status.commits(),
            "batching batches: " + status.eventRows() + " rows in " + status.commits() + " transactions");
        try (JournalReader reader = new JournalReader(journalContext()))
        {
            assertEquals(endSequence, reader.lastSequence(), "every event journaled, in ring order");
            assertEquals(endSequence + 1, reader.eventCount(), "no gaps: pings aside, every event is a row");
        }

        // from the latest snapshot plus the journal after it
        newPipeline();
        final Recovery.Result fromSnapshot = pipeline.recovery();
        assertTrue(fromSnapshot.snapshotSequence() > midSequence, "recovery started from a snapshot");
        assertEquals(endSequence, fromSnapshot.lastSequence());
        assertEquals(endHash, fromSnapshot.stateHash(), "state hash after recovery equals the live one");
        pipeline.close();
        pipeline = null;

        // to a sequence in the middle, from the snapshot before it
        try (JournalReader reader = new JournalReader(journalContext()))
        {
            final GameLogicHandler logic = new GameLogicHandler(games(), new EngineContext().games(games())
                .egressTransport(new CapturingTransport())
                .sessionTimeoutNs(TimeUnit.SECONDS.toNanos(600)).conclude().logicContext());
            final OutputLog log = new OutputLog(1024 * 1024);
            log.addConsumer();
            logic.output(new OutputWriter(log, new YieldingIdleStrategy(), logic));
            final Recovery.Result mid = Recovery.recover(reader, logic, log, midSequence);
            assertEquals(midSequence, mid.lastSequence());
            assertEquals(midHash, mid.stateHash(), "replay to the middle matches the live hash there");

            // the tool builds the games from the ringside.* properties, which must match the journal's engine
            final java.io.ByteArrayOutputStream text = new java.io.ByteArrayOutputStream();
            final Recovery.Result byTool;
            System.setProperty(ArenaSettings.MAX_PLAYERS_PROP_NAME, "16");
            System.setProperty(EngineConfiguration.SESSION_TIMEOUT_PROP_NAME, "600s");
            try
            {
                byTool = JournalTool.replay(reader, endSequence, new java.io.PrintStream(text));
            }
            finally
            {
                System.clearProperty(ArenaSettings.MAX_PLAYERS_PROP_NAME);
                System.clearProperty(EngineConfiguration.SESSION_TIMEOUT_PROP_NAME);
            }
            assertEquals(endHash, byTool.stateHash(), "the journal tool replays to the same hash");
            assertTrue(text.toString().contains(String.format("%016x", endHash)), text.toString());
        }

        // from the very beginning, with no snapshot at all
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + journalContext().path());
            Statement s = c.createStatement())
        {
            s.executeUpdate("DELETE FROM engine_snapshot");
        }
        newPipeline();
        assertEquals(-1, pipeline.recovery().snapshotSequence());
        assertEquals(endSequence + 1, pipeline.recovery().replayedEvents());
        assertEquals(endHash, pipeline.recovery().stateHash(), "full replay gives the same hash");

        // the recovered engine goes on, and its journal sequences go on after the old ones
        start();
        assertEquals(endSequence + 1, pipeline.journalHandler().sequenceBase());
        for (int t = 0; t < 30; t++)
        {
            tick();
        }
        drain();
        final long continuedSequence = journalSequenceNow();
        pipeline.close();
        assertTrue(pipeline.context().journal().status().isWritable());
        try (JournalReader reader = new JournalReader(journalContext()))
        {
            assertEquals(continuedSequence, reader.lastSequence());
            assertEquals(continuedSequence + 1, reader.eventCount());
        }
    }

    @Test
    void aReturningPlayerGetsItsSavedStateBackAfterARestart()
    {
        newPipeline();
        start();
        final long session = connect(7);
        join(session, "arena");
        for (int t = 0; t < 150; t++)
        {
            messages.input(session, t + 1, tick * TICK_NS, 1.0f, 0.3f, false);
            clientMessage(session, 0, 0);
            tick();
        }
        messages.disconnect(session);
        clientMessage(session, 0, 0);
        tick();
        drain();
        pipeline.close();

        final ArenaGame.SavedShip saved;
        try (JournalReader reader = new JournalReader(journalContext()))
        {
            final JournalReader.PlayerState stored = reader.playerState(7, "arena");
            assertNotNull(stored, "player state written at disconnect");
            assertFalse(stored.connected());
            saved = ArenaGame.SavedShip.of(stored.state());
        }
        assertTrue(saved.health() > 0);

        newPipeline();
        start();
        final long returning = connect(7);
        join(returning, "arena");
        tick();
        drain();

        final List<Received> received = Received.decodeAll(transport.messages(returning));
        final Received spawn = received.stream()
            .filter(r -> MessageType.GAME_EVENT == r.type && GameEventType.SPAWN == r.eventType)
            .findFirst().orElseThrow();
        assertEquals(saved.x(), spawn.x, "back where it left, after a restart");
        assertEquals(saved.y(), spawn.y);
    }

    @Test
    void aSnapshotThatIsNotAnEngineSnapshotRecordIsRefused()
    {
        try (SqliteJournal journal = new SqliteJournal(journalContext()))
        {
            final byte[] garbage = new byte[64];
            java.util.Arrays.fill(garbage, (byte)7);
            journal.appendSnapshot(10, 5, 1234, new org.agrona.concurrent.UnsafeBuffer(garbage), 0, garbage.length);
            journal.commit();
        }
        final IllegalStateException ex = org.junit.jupiter.api.Assertions.assertThrows(
            IllegalStateException.class, this::newPipeline);
        pipeline = null;
        assertTrue(ex.getMessage().contains("this build reads schema 7102"), ex.getMessage());
    }
}
