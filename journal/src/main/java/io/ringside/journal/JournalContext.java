package io.ringside.journal;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Where the journal lives and how hard it tries. Plain values, set before the journal opens.
 */
public final class JournalContext
{
    private Path path = Path.of("data", "ringside.db");
    private boolean synchronousFull;
    private int busyTimeoutMs = 5_000;
    private long retryMinBackoffNs = TimeUnit.MILLISECONDS.toNanos(1);
    private long retryMaxBackoffNs = TimeUnit.SECONDS.toNanos(1);
    private long closeTimeoutNs = TimeUnit.SECONDS.toNanos(3);
    private boolean pruneBeforeSnapshot;

    public JournalContext path(final Path path)
    {
        this.path = path;
        return this;
    }

    public Path path()
    {
        return path;
    }

    /**
     * @param synchronousFull {@code PRAGMA synchronous=FULL} (every commit survives power loss) instead of NORMAL
     *                        (in WAL mode: survives a process crash, may lose the last commits on power loss).
     */
    public JournalContext synchronousFull(final boolean synchronousFull)
    {
        this.synchronousFull = synchronousFull;
        return this;
    }

    public boolean synchronousFull()
    {
        return synchronousFull;
    }

    public JournalContext busyTimeoutMs(final int busyTimeoutMs)
    {
        this.busyTimeoutMs = busyTimeoutMs;
        return this;
    }

    public int busyTimeoutMs()
    {
        return busyTimeoutMs;
    }

    public JournalContext retryBackoffNs(final long minNs, final long maxNs)
    {
        this.retryMinBackoffNs = minNs;
        this.retryMaxBackoffNs = maxNs;
        return this;
    }

    public long retryMinBackoffNs()
    {
        return retryMinBackoffNs;
    }

    public long retryMaxBackoffNs()
    {
        return retryMaxBackoffNs;
    }

    /**
     * @param closeTimeoutNs how long a commit keeps retrying once the journal is closing, before it gives up and
     *                       counts the rows as abandoned.
     */
    public JournalContext closeTimeoutNs(final long closeTimeoutNs)
    {
        this.closeTimeoutNs = closeTimeoutNs;
        return this;
    }

    public long closeTimeoutNs()
    {
        return closeTimeoutNs;
    }

    /**
     * @param prune delete journal blocks wholly at or before an engine snapshot once it is written (replay starts from the
     *              snapshot, so they are no longer needed for recovery; keep them for audit and full replays).
     */
    public JournalContext pruneBeforeSnapshot(final boolean prune)
    {
        this.pruneBeforeSnapshot = prune;
        return this;
    }

    public boolean pruneBeforeSnapshot()
    {
        return pruneBeforeSnapshot;
    }

    public String toString()
    {
        return path + " (WAL, synchronous=" + (synchronousFull ? "FULL" : "NORMAL") + ", busy timeout " +
            busyTimeoutMs + " ms" + (pruneBeforeSnapshot ? ", pruned at snapshots" : "") + ")";
    }
}
