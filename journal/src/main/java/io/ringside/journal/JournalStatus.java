package io.ringside.journal;

/**
 * The journal writer's health and counters. Written by the journal thread, read by any (the ingress agent watches
 * {@link #isWritable()} to tell clients and stop taking input; counters feed the engine's metrics).
 */
public final class JournalStatus
{
    private volatile boolean writable = true;
    private volatile String lastError = "";
    private volatile long commits;
    private volatile long eventRows;
    private volatile long playerRows;
    private volatile long snapshots;
    private volatile long retries;
    private volatile long failedAttempts;
    private volatile long unwritableEpisodes;
    private volatile long rowsAbandoned;
    private volatile long lastCommittedSequence = -1;
    private Runnable onChange = () -> {};

    /**
     * @param onChange run by the thread that changed the status (the journal thread), after every change. Set before
     *                 the journal is used.
     * @return this.
     */
    public JournalStatus onChange(final Runnable onChange)
    {
        this.onChange = onChange;
        return this;
    }

    public boolean isWritable()
    {
        return writable;
    }

    public String lastError()
    {
        return lastError;
    }

    public long commits()
    {
        return commits;
    }

    public long eventRows()
    {
        return eventRows;
    }

    public long playerRows()
    {
        return playerRows;
    }

    public long snapshots()
    {
        return snapshots;
    }

    /**
     * @return transient failures (busy, locked) that were retried.
     */
    public long retries()
    {
        return retries;
    }

    /**
     * @return commit attempts that failed for any reason.
     */
    public long failedAttempts()
    {
        return failedAttempts;
    }

    /**
     * @return times the database went from writable to not writable.
     */
    public long unwritableEpisodes()
    {
        return unwritableEpisodes;
    }

    /**
     * @return rows given up on because the journal was closed while the database could not be written.
     */
    public long rowsAbandoned()
    {
        return rowsAbandoned;
    }

    /**
     * @return the highest event sequence known durable, or -1.
     */
    public long lastCommittedSequence()
    {
        return lastCommittedSequence;
    }

    void onCommitted(final int events, final int players, final int snapshotCount, final long lastSequence)
    {
        commits++;
        eventRows += events;
        playerRows += players;
        snapshots += snapshotCount;
        if (lastSequence >= 0)
        {
            lastCommittedSequence = lastSequence;
        }
        if (!writable)
        {
            writable = true;
        }
        onChange.run();
    }

    void onRetry()
    {
        retries++;
        failedAttempts++;
        onChange.run();
    }

    void onUnwritable(final String error)
    {
        failedAttempts++;
        lastError = error;
        if (writable)
        {
            unwritableEpisodes++;
            writable = false;
        }
        onChange.run();
    }

    void onAbandoned(final int rows)
    {
        rowsAbandoned += rows;
        onChange.run();
    }

    public String toString()
    {
        return "JournalStatus{writable=" + writable + ", commits=" + commits + ", eventRows=" + eventRows +
            ", playerRows=" + playerRows + ", snapshots=" + snapshots + ", retries=" + retries +
            ", failedAttempts=" + failedAttempts + ", unwritableEpisodes=" + unwritableEpisodes +
            ", rowsAbandoned=" + rowsAbandoned + ", lastError='" + lastError + "'}";
    }
}
