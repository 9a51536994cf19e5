package io.ringside.engine.journal;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.ringside.codec.sbe.PingDecoder;
import io.ringside.engine.logic.SnapshotExchange;
import io.ringside.engine.metrics.EngineHistograms;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.output.OutputRecordDescriptor;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventType;
import io.ringside.journal.Journal;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.NanoClock;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.ringside.engine.output.OutputRecordDescriptor.*;

/**
 * Stage 2 of the ring, beside egress: writes every state-changing event (everything but pings) to the
 * {@link Journal} in ring order, and the player-state records the logic thread emitted, in transactions (group
 * commit): a transaction is committed at the end of a Disruptor batch once it has been open {@code minBatchNs}, or as
 * soon as it reaches {@code maxBatchRows} rows or has been open {@code maxBatchNs}, whichever comes first. One open
 * less than {@code minBatchNs} at the end of a batch waits for the next event, which is at most a tick away. A
 * commit costs tens of microseconds whatever it holds; committing every Disruptor batch, which under load holds a few
 * events, cost thousands of commits a second. While the journal is slow the ring fills and the producer stops taking
 * input: the journal never drops.
 * <p>
 * A batch of nothing but ticks is not committed at its end: it stays open until an event that is not a tick arrives
 * (whose batch then commits as above, the ticks with it), or until it has been open for {@code tickOnlyCommitNs}.
 * An engine with nobody playing then costs a few commits a second instead of one per tick; ticks carry no one's input,
 * and a crash loses at most that much of them, which only restarts the rooms' clocks that much earlier.
 * <p>
 * Journal sequences are ring sequences plus a base: the sequence after the last one the journal held when this
 * engine started, so that they keep rising across restarts. An engine snapshot the logic thread took on an event is
 * written in the same transaction as that event.
 */
public final class JournalHandler implements EventHandler<EngineEvent>, OutputLog.OutputRecordHandler
{
    private final Journal journal;
    private final SnapshotExchange snapshots;
    private final long sequenceBase;
    private final OutputLog log;
    private final Sequence consumed;
    private final NanoClock clock;
    private final EngineHistograms histograms;
    private final int maxBatchRows;
    private final long minBatchNs;
    private final long maxBatchNs;
    private final long tickOnlyCommitNs;
    /**
     * The registered games' names in registry order: a player-state record names its game by that index.
     */
    private final List<String> gameNames;

    private long batchStartNs;
    private boolean batchHasMoreThanTicks;
    private long currentTimeNs;
    private long eventsJournaled;
    private long eventsSkipped;
    private long playerStates;
    private long commits;
    private long snapshotsWritten;
    private volatile int largestBatch;
    private final CountDownLatch shutdown = new CountDownLatch(1);

    public JournalHandler(
        final Journal journal,
        final SnapshotExchange snapshots,
        final long sequenceBase,
        final OutputLog log,
        final NanoClock clock,
        final int maxBatchRows,
        final long minBatchNs,
        final long maxBatchNs,
        final long tickOnlyCommitNs,
        final EngineHistograms histograms,
        final List<String> gameNames)
    {
        this.gameNames = List.copyOf(gameNames);
        this.histograms = histograms;
        this.journal = journal;
        this.snapshots = snapshots;
        this.sequenceBase = sequenceBase;
        this.log = log;
        this.consumed = log.addConsumer();
        this.clock = clock;
        this.maxBatchRows = maxBatchRows;
        this.minBatchNs = minBatchNs;
        this.maxBatchNs = maxBatchNs;
        this.tickOnlyCommitNs = tickOnlyCommitNs;
    }

    /**
     * Names the stage's thread after its job, so per-thread CPU (top -H, /proc, JFR) says which stage spent it.
     */
    @Override
    public void onStart()
    {
        Thread.currentThread().setName("ringside-journal");
    }

    public void onEvent(final EngineEvent event, final long sequence, final boolean endOfBatch)
    {
        if (0 == journal.pendingRows())
        {
            batchStartNs = clock.nanoTime();
        }

        if (EventType.CLIENT_MESSAGE == event.type && PingDecoder.TEMPLATE_ID == event.templateId)
        {
            eventsSkipped++;
        }
        else
        {
            batchHasMoreThanTicks |= EventType.TICK != event.type;
            journal.appendEvent(sequenceBase + sequence, event.type, event.templateId, event.sessionId,
                event.playerId, event.tokenHigh, event.tokenLow, event.seed, event.tick, event.timeNs, event.reason,
                event.correlationId, event.payload, 0, event.payloadLength);
            eventsJournaled++;
        }

        if (event.outputEnd > event.outputStart)
        {
            currentTimeNs = event.timeNs;
            log.read(event.outputStart, event.outputEnd, this);
        }
        consumed.set(event.outputEnd);

        if (event.snapshot)
        {
            snapshots.sequence(sequenceBase + sequence);
            journal.appendSnapshot(sequenceBase + sequence, snapshots.tick(), snapshots.stateHash(),
                snapshots.state(), 0, snapshots.length());
            snapshots.release();
            snapshotsWritten++;
            batchHasMoreThanTicks = true;
        }

        final int rows = journal.pendingRows();
        if (rows > 0)
        {
            final long openNs = clock.nanoTime() - batchStartNs;
            if (rows >= maxBatchRows || (batchHasMoreThanTicks ?
                (endOfBatch && openNs >= minBatchNs) || openNs >= maxBatchNs : openNs >= tickOnlyCommitNs))
            {
                commit();
            }
        }
    }

    private void commit()
    {
        batchHasMoreThanTicks = false;
        largestBatch = Math.max(largestBatch, journal.pendingRows());
        final long startNs = clock.nanoTime();
        journal.commit();
        histograms.record(EngineHistograms.Metric.JOURNAL_COMMIT, clock.nanoTime() - startNs);
        commits++;
    }

    public void onRecord(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        if (OutputRecordDescriptor.PLAYER_STATE == type)
        {
            batchHasMoreThanTicks = true;
            journal.upsertPlayerState(
                buffer.getLong(offset),
                gameNames.get(buffer.getInt(offset + PLAYER_STATE_GAME_INDEX_OFFSET)),
                buffer.getLong(offset + PLAYER_STATE_ROOM_ID_OFFSET),
                buffer,
                offset + PLAYER_STATE_BYTES_OFFSET,
                buffer.getInt(offset + PLAYER_STATE_LENGTH_OFFSET),
                0 != buffer.getInt(offset + PLAYER_STATE_CONNECTED_OFFSET),
                currentTimeNs);
            playerStates++;
        }
    }

    /**
     * The stage's last act on its own thread: commit what is still open. Disruptor calls it after {@code halt()}
     * returns, so whoever closes the journal waits for it first ({@link #awaitShutdown}).
     */
    public void onShutdown()
    {
        try
        {
            if (journal.pendingRows() > 0)
            {
                commit();
            }
        }
        finally
        {
            shutdown.countDown();
        }
    }

    /**
     * @return whether the stage's thread finished {@link #onShutdown} within the timeout.
     */
    public boolean awaitShutdown(final long timeoutNs) throws InterruptedException
    {
        return shutdown.await(timeoutNs, TimeUnit.NANOSECONDS);
    }

    public long eventsJournaled()
    {
        return eventsJournaled;
    }

    public long eventsSkipped()
    {
        return eventsSkipped;
    }

    public long playerStates()
    {
        return playerStates;
    }

    public long snapshotsWritten()
    {
        return snapshotsWritten;
    }

    /**
     * @return the most rows one transaction has held: what a SIGKILL at the worst moment would have lost from the
     * journal (besides events still in the ring, which no stage had finished).
     */
    public int largestBatch()
    {
        return largestBatch;
    }

    public long sequenceBase()
    {
        return sequenceBase;
    }

    public long commits()
    {
        return commits;
    }
}
