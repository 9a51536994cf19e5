package io.ringside.engine.journal;

import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.journal.JournalStatus;
import org.agrona.concurrent.status.AtomicCounter;

/**
 * What the journal stage has written, as engine counters: a mirror of the journal's own {@link JournalStatus}, made by
 * the journal thread whenever the status changes. Each is an {@link AtomicCounter} of {@link EngineCounters} (an
 * Aeron counter when the engine runs on Aeron), written by the journal thread only, with ordered stores; the
 * accessors read them from any thread, also after the engine closed.
 */
public final class JournalCounters
{
    private final EngineCounters counters;
    final AtomicCounter batches;
    final AtomicCounter rows;
    final AtomicCounter playerRows;
    final AtomicCounter snapshots;
    final AtomicCounter retries;
    final AtomicCounter unwritableEpisodes;
    final AtomicCounter writable;

    public JournalCounters(final EngineCounters counters)
    {
        this.counters = counters;
        batches = counters.counter(CounterDescriptor.JOURNAL_BATCHES);
        rows = counters.counter(CounterDescriptor.JOURNAL_ROWS);
        playerRows = counters.counter(CounterDescriptor.JOURNAL_PLAYER_ROWS);
        snapshots = counters.counter(CounterDescriptor.JOURNAL_SNAPSHOTS);
        retries = counters.counter(CounterDescriptor.JOURNAL_RETRIES);
        unwritableEpisodes = counters.counter(CounterDescriptor.JOURNAL_UNWRITABLE_EPISODES);
        writable = counters.counter(CounterDescriptor.JOURNAL_WRITABLE);
    }

    /**
     * @return journal transactions committed.
     */
    public long batches()
    {
        return counters.value(CounterDescriptor.JOURNAL_BATCHES);
    }

    /**
     * @return journal event rows committed.
     */
    public long rows()
    {
        return counters.value(CounterDescriptor.JOURNAL_ROWS);
    }

    /**
     * @return player-state rows committed.
     */
    public long playerRows()
    {
        return counters.value(CounterDescriptor.JOURNAL_PLAYER_ROWS);
    }

    /**
     * @return engine snapshots committed.
     */
    public long snapshots()
    {
        return counters.value(CounterDescriptor.JOURNAL_SNAPSHOTS);
    }

    /**
     * @return transient write failures retried.
     */
    public long retries()
    {
        return counters.value(CounterDescriptor.JOURNAL_RETRIES);
    }

    /**
     * @return times the database went from writable to not writable.
     */
    public long unwritableEpisodes()
    {
        return counters.value(CounterDescriptor.JOURNAL_UNWRITABLE_EPISODES);
    }

    /**
     * @return 1 while the journal can write.
     */
    public long writable()
    {
        return counters.value(CounterDescriptor.JOURNAL_WRITABLE);
    }

    /**
     * Copy the journal's status into the counters. The journal thread, on every change of the status.
     */
    public void mirror(final JournalStatus status)
    {
        batches.setRelease(status.commits());
        rows.setRelease(status.eventRows());
        playerRows.setRelease(status.playerRows());
        snapshots.setRelease(status.snapshots());
        retries.setRelease(status.retries());
        unwritableEpisodes.setRelease(status.unwritableEpisodes());
        writable.setRelease(status.isWritable() ? 1 : 0);
    }
}
