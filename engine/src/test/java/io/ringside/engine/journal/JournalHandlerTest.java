package io.ringside.engine.journal;

import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.PingDecoder;
import io.ringside.engine.logic.SnapshotExchange;
import io.ringside.engine.metrics.EngineHistograms;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventType;
import io.ringside.journal.JournalReader;
import io.ringside.journal.JournalContext;
import io.ringside.journal.SqliteJournal;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The journal stage driven directly, one ring event at a time with a set clock, over a real SQLite file: group
 * commit, cut by the end of a batch once the transaction is 1 ms old, the row cap or the 5 ms time cap, whichever
 * comes first; ticks alone wait for 100 ms; pings are not journaled, and sequences carry the base the engine started
 * from.
 */
class JournalHandlerTest
{
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    private final CachedNanoClock clock = new CachedNanoClock();
    private final EngineEvent event = new EngineEvent();
    private SqliteJournal journal;
    private JournalHandler handler;
    private long sequence;

    @BeforeEach
    void open()
    {
        journal = new SqliteJournal(new JournalContext().path(dir.resolve("journal.db")));
        final OutputLog log = new OutputLog(64 * 1024);
        handler = new JournalHandler(journal, new SnapshotExchange(), 1_000, log, clock, 10, MS, 5 * MS,
            100 * MS, new EngineHistograms(), java.util.List.of("arena"));
    }

    @AfterEach
    void close()
    {
        journal.close();
    }

    private void input(final boolean endOfBatch)
    {
        event.reset();
        event.type = EventType.CLIENT_MESSAGE;
        event.templateId = InputDecoder.TEMPLATE_ID;
        event.sessionId = 7;
        event.payloadLength = 16;
        handler.onEvent(event, sequence++, endOfBatch);
    }

    private void tick(final boolean endOfBatch)
    {
        event.reset();
        event.type = EventType.TICK;
        handler.onEvent(event, sequence++, endOfBatch);
    }

    private void ping(final boolean endOfBatch)
    {
        event.reset();
        event.type = EventType.CLIENT_MESSAGE;
        event.templateId = PingDecoder.TEMPLATE_ID;
        handler.onEvent(event, sequence++, endOfBatch);
    }

    @Test
    void oneTransactionPerBatchCutByTheRowCap()
    {
        for (int i = 0; i < 25; i++)
        {
            input(false);
        }
        assertEquals(2, journal.status().commits(), "10 rows each: the cap cut two");
        assertEquals(5, journal.pendingRows());
        clock.update(MS);
        input(true);
        assertEquals(3, journal.status().commits(), "the end of the batch, 1 ms after it opened, commits the rest");
        assertEquals(26, journal.status().eventRows());
    }

    @Test
    void theEndOfABatchCommitsOnlyOnceTheTransactionHasBeenOpenTheMinimumTime()
    {
        clock.update(0);
        input(true);
        clock.update(MS / 2);
        input(true);
        assertEquals(0, journal.status().commits(), "two batches ended within 1 ms: one transaction, still open");
        clock.update(MS);
        input(false);
        assertEquals(0, journal.status().commits(), "not the end of a batch");
        input(true);
        assertEquals(1, journal.status().commits(), "1 ms open and the end of a batch: committed");
        assertEquals(4, journal.status().eventRows());
    }

    @Test
    void aBatchOpenLongerThanTheTimeCapIsCommittedOnItsNextEvent()
    {
        clock.update(0);
        input(false);
        input(false);
        clock.update(4 * MS);
        input(false);
        assertEquals(0, journal.status().commits(), "within 5 ms: still open");
        clock.update(6 * MS);
        input(false);
        assertEquals(1, journal.status().commits(), "past 5 ms: committed");
        assertEquals(4, journal.status().eventRows());
    }

    @Test
    void batchesOfTicksAloneStayOpenUntilAnInputOrTheirOwnCap()
    {
        clock.update(0);
        tick(true);
        clock.update(17 * MS);
        tick(true);
        assertEquals(0, journal.status().commits(), "ticks alone, past the 5 ms cap of batches with input: still open");
        clock.update(34 * MS);
        tick(false);
        input(true);
        assertEquals(1, journal.status().commits(), "an input's batch commits at its end, the ticks before it too");
        assertEquals(4, journal.status().eventRows());

        clock.update(50 * MS);
        tick(true);
        clock.update(149 * MS);
        tick(true);
        assertEquals(1, journal.status().commits(), "99 ms of ticks alone: still open");
        clock.update(150 * MS);
        tick(true);
        assertEquals(2, journal.status().commits(), "100 ms of ticks alone: committed");
        assertEquals(7, journal.status().eventRows());
    }

    @Test
    void pingsAreNotJournaledAndSequencesCarryTheBase()
    {
        input(false);
        ping(false);
        clock.update(MS);
        input(true);
        try (JournalReader reader = new JournalReader(new JournalContext().path(dir.resolve("journal.db"))))
        {
            assertEquals(2, reader.eventCount());
            assertEquals(1_002, reader.lastSequence(), "ring sequence 2 plus the base 1,000; the ping's 1,001 unused");
        }
    }
}
