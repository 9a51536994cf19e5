package io.ringside.journal;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The journal writer and reader against a real SQLite file in a temporary folder.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SqliteJournalTest
{
    @TempDir
    Path dir;

    private SqliteJournal journal;

    private JournalContext settings()
    {
        return new JournalContext().path(dir.resolve("data").resolve("test.db")).busyTimeoutMs(20)
            .retryBackoffNs(TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(20))
            .closeTimeoutNs(TimeUnit.MILLISECONDS.toNanos(300));
    }

    @AfterEach
    void close()
    {
        if (null != journal)
        {
            journal.close();
        }
    }

    private static void await(final String what, final java.util.function.BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean())
        {
            assertTrue(System.nanoTime() < deadline, "no " + what + " within 10 s");
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private Connection sideConnection() throws SQLException
    {
        return DriverManager.getConnection("jdbc:sqlite:" + settings().path().toAbsolutePath());
    }

    private static void appendEvent(final Journal journal, final long sequence, final byte[] payload)
    {
        journal.appendEvent(sequence, 1, 5, 100 + sequence, 7, 11, 12, 13, sequence / 2, sequence * 1000, 0,
            99, new UnsafeBuffer(payload), 0, payload.length);
    }

    @Test
    void createsTheFolderAndAppliesMigrationsOnce() throws SQLException
    {
        journal = new SqliteJournal(settings());
        journal.close();
        journal = new SqliteJournal(settings());

        try (Connection c = sideConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT version, description FROM schema_migrations ORDER BY version"))
        {
            for (int version = 1; version <= JournalDatabase.SCHEMA_VERSION; version++)
            {
                assertTrue(rs.next());
                assertEquals(version, rs.getInt(1));
            }
            assertFalse(rs.next(), "each migration recorded once");
        }
        try (Connection c = sideConnection(); Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("PRAGMA journal_mode"))
        {
            assertTrue(rs.next());
            assertEquals("wal", rs.getString(1));
        }
    }

    @Test
    void refusesADatabaseFromANewerSchema() throws SQLException
    {
        journal = new SqliteJournal(settings());
        journal.close();
        journal = null;
        try (Connection c = sideConnection(); Statement s = c.createStatement())
        {
            s.executeUpdate("INSERT INTO schema_migrations VALUES (99, 'from the future', 0)");
        }
        final JournalException ex = assertThrows(JournalException.class, () -> new SqliteJournal(settings()));
        assertTrue(ex.getMessage().contains("newer"), ex.getMessage());
    }

    @Test
    void commitsOneTransactionAndReadsRowsBackInOrder()
    {
        journal = new SqliteJournal(settings());
        for (long sequence = 0; sequence < 2500; sequence++)
        {
            appendEvent(journal, sequence, new byte[]{ (byte)sequence, (byte)(sequence >> 8), 42 });
        }
        journal.upsertPlayerState(7, "arena", 1, new UnsafeBuffer(new byte[]{ 1, 2, 3 }), 0, 3, true, 111);
        journal.upsertPlayerState(7, "arena", 1, new UnsafeBuffer(new byte[]{ 9, 9, 4, 5, 6, 9 }), 2, 3, false, 222);
        journal.upsertPlayerState(7, "tictactoe", 4, new UnsafeBuffer(new byte[]{ 8 }), 0, 1, true, 223);
        journal.upsertPlayerState(8, "arena", 2, new UnsafeBuffer(new byte[0]), 0, 0, true, 333);
        assertEquals(2500 + 3, journal.pendingRows(), "player 7 staged once per game: the last upsert wins");

        try (JournalReader reader = new JournalReader(settings()))
        {
            assertEquals(0, reader.eventCount(), "nothing visible before commit");
            journal.commit();
            assertEquals(0, journal.pendingRows());
            assertEquals(2500, reader.eventCount());
            assertEquals(2499, reader.lastSequence());

            final List<Long> sequences = new ArrayList<>();
            reader.readEvents(99, 200, row ->
            {
                sequences.add(row.sequence);
                assertEquals(100 + row.sequence, row.sessionId);
                assertEquals(99, row.correlationId);
                assertEquals(row.sequence * 1000, row.timeNs);
                assertEquals(3, row.payloadLength);
                assertEquals((byte)row.sequence, row.payload.getByte(0));
                assertEquals(42, row.payload.getByte(2));
                return true;
            });
            assertEquals(101, sequences.size());
            assertEquals(100L, sequences.get(0));
            assertEquals(200L, sequences.get(100));

            final JournalReader.PlayerState seven = reader.playerState(7, "arena");
            assertNotNull(seven);
            assertArrayEquals(new byte[]{ 4, 5, 6 }, seven.state(), "the last upsert's bytes, as given");
            assertFalse(seven.connected());
            assertEquals(222, seven.updatedTimeNs());
            assertArrayEquals(new byte[]{ 8 }, reader.playerState(7, "tictactoe").state(), "a row per game");
            assertArrayEquals(new byte[0], reader.playerState(8, "arena").state());
            assertNull(reader.playerState(8, "tictactoe"));
            assertNull(reader.playerState(9, "arena"));
        }
        assertEquals(1, journal.status().commits());
        assertEquals(2500, journal.status().eventRows());
        assertEquals(2499, journal.status().lastCommittedSequence());
    }

    @Test
    void aVersionOneJournalIsMigratedAndItsRowsAreReadBeforeTheBlocksAfterThem() throws SQLException
    {
        journal = new SqliteJournal(settings());
        journal.close();
        journal = null;
        // what an engine of schema version 1 left: one row per event in the journal table
        try (Connection c = sideConnection(); Statement s = c.createStatement())
        {
            s.executeUpdate("DROP TABLE journal_block");
            s.executeUpdate("DROP TABLE saved_player_state");
            s.executeUpdate("DELETE FROM schema_migrations WHERE version > 1");
            for (long sequence = 0; sequence < 30; sequence++)
            {
                s.executeUpdate("INSERT INTO journal VALUES (" + sequence + ", 1, 5, " + (100 + sequence) +
                    ", 7, 11, 12, 13, " + sequence / 2 + ", " + sequence * 1000 + ", 0, 99, x'" +
                    String.format("%02x", sequence) + "2a')");
            }
        }

        journal = new SqliteJournal(settings());
        for (long sequence = 30; sequence < 60; sequence += 3)
        {
            appendEvent(journal, sequence, new byte[]{ (byte)sequence, 42 });
            appendEvent(journal, sequence + 1, new byte[]{ (byte)(sequence + 1), 42 });
            journal.commit();
        }

        try (JournalReader reader = new JournalReader(settings()))
        {
            assertEquals(30 + 20, reader.eventCount());
            assertEquals(10, reader.eventBlockCount(), "one block per commit");
            assertEquals(58, reader.lastSequence());
            final List<Long> sequences = new ArrayList<>();
            reader.readEvents(24, 40, row ->
            {
                sequences.add(row.sequence);
                assertEquals(100 + row.sequence, row.sessionId);
                assertEquals(7, row.playerId);
                assertEquals(11, row.tokenHigh);
                assertEquals(12, row.tokenLow);
                assertEquals(13, row.seed);
                assertEquals(row.sequence / 2, row.tick);
                assertEquals(row.sequence * 1000, row.timeNs);
                assertEquals(99, row.correlationId);
                assertEquals(2, row.payloadLength);
                assertEquals((byte)row.sequence, row.payload.getByte(0));
                assertEquals(42, row.payload.getByte(1));
                return true;
            });
            assertEquals(List.of(25L, 26L, 27L, 28L, 29L, 30L, 31L, 33L, 34L, 36L, 37L, 39L, 40L), sequences);

            final List<Long> firstTwo = new ArrayList<>();
            reader.readEvents(32, Long.MAX_VALUE, row -> firstTwo.add(row.sequence) && firstTwo.size() < 2);
            assertEquals(List.of(33L, 34L), firstTwo, "a range starting inside a block, stopped by the handler");
        }
    }

    @Test
    void snapshotsAreStoredAndOptionallyPruneTheJournalBeforeThem()
    {
        journal = new SqliteJournal(settings().pruneBeforeSnapshot(true));
        for (long sequence = 0; sequence < 10; sequence++)
        {
            appendEvent(journal, sequence, new byte[]{ 1 });
            if (3 == sequence)
            {
                journal.commit();
            }
        }
        final byte[] state = { 9, 8, 7, 6 };
        journal.appendSnapshot(5, 77, 0xABCDL, new UnsafeBuffer(state), 0, state.length);
        journal.commit();

        try (JournalReader reader = new JournalReader(settings()))
        {
            final JournalReader.Snapshot snapshot = reader.latestSnapshot();
            assertNotNull(snapshot);
            assertEquals(5, snapshot.sequence());
            assertEquals(77, snapshot.tick());
            assertEquals(0xABCDL, snapshot.stateHash());
            assertArrayEquals(state, snapshot.state());
            assertEquals(6, reader.eventCount(), "the block of 0..3 pruned; 4..9, holding the snapshot's, kept whole");
            assertEquals(4, reader.readEvents(5, Long.MAX_VALUE, row -> true), "6..9 to replay after the snapshot");
            assertEquals(9, reader.lastSequence());
            assertNull(reader.snapshotAtOrBefore(4));
        }
    }

    @Test
    void busyDatabaseIsRetriedUntilItFreesAndNothingIsLost() throws Exception
    {
        journal = new SqliteJournal(settings());
        for (long sequence = 0; sequence < 100; sequence++)
        {
            appendEvent(journal, sequence, new byte[]{ 1, 2 });
        }

        try (Connection locker = sideConnection(); Statement s = locker.createStatement())
        {
            s.execute("BEGIN IMMEDIATE");
            s.executeUpdate("INSERT INTO metadata VALUES ('holder', 'test')");
            final CompletableFuture<Void> commit = CompletableFuture.runAsync(journal::commit);
            await("three retries", () -> journal.status().retries() >= 3);
            assertFalse(commit.isDone(), "commit waits while another connection holds the write lock");
            s.execute("COMMIT");
            commit.get(10, TimeUnit.SECONDS);
        }

        assertTrue(journal.status().isWritable(), "busy is transient, not unwritable");
        try (JournalReader reader = new JournalReader(settings()))
        {
            assertEquals(100, reader.eventCount());
        }
    }

    @Test
    void unwritableDatabaseIsReportedRetriedAndThenWrittenWithoutLoss() throws Exception
    {
        journal = new SqliteJournal(settings());
        appendEvent(journal, 0, new byte[]{ 1 });
        journal.commit();

        // every insert into the journal now fails inside SQLite, as it would on a full or read-only disk
        try (Connection c = sideConnection(); Statement s = c.createStatement())
        {
            s.executeUpdate("CREATE TRIGGER refuse BEFORE INSERT ON journal_block BEGIN " +
                "SELECT RAISE(ABORT, 'database or disk is full (simulated)'); END");
        }
        for (long sequence = 1; sequence <= 50; sequence++)
        {
            appendEvent(journal, sequence, new byte[]{ 2 });
        }
        final CompletableFuture<Void> commit = CompletableFuture.runAsync(journal::commit);
        await("the journal marked not writable", () -> !journal.status().isWritable());
        assertFalse(commit.isDone(), "the commit does not pretend: it keeps the rows and waits");
        assertEquals(1, journal.status().unwritableEpisodes());
        assertTrue(journal.status().lastError().contains("simulated"), journal.status().lastError());

        try (Connection c = sideConnection(); Statement s = c.createStatement())
        {
            s.executeUpdate("DROP TRIGGER refuse");
        }
        commit.get(10, TimeUnit.SECONDS);
        assertTrue(journal.status().isWritable());
        assertEquals(0, journal.status().rowsAbandoned());
        try (JournalReader reader = new JournalReader(settings()))
        {
            assertEquals(51, reader.eventCount());
            assertEquals(50, reader.lastSequence());
        }
    }

    @Test
    void closingWhileUnwritableGivesUpInBoundedTimeAndCountsTheRows() throws Exception
    {
        journal = new SqliteJournal(settings());
        try (Connection c = sideConnection(); Statement s = c.createStatement())
        {
            s.executeUpdate("CREATE TRIGGER refuse BEFORE INSERT ON journal_block BEGIN SELECT RAISE(ABORT, 'no'); END");
        }
        for (long sequence = 0; sequence < 7; sequence++)
        {
            appendEvent(journal, sequence, new byte[]{ 3 });
        }
        final SqliteJournal closing = journal;
        journal = null;
        final JournalException ex = assertThrows(JournalException.class, closing::close);
        assertTrue(ex.getMessage().contains("7 rows not written"), ex.getMessage());
        assertEquals(7, closing.status().rowsAbandoned());
        assertFalse(closing.status().isWritable());
    }
}
