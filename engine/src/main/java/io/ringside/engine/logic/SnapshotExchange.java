package io.ringside.engine.logic;

import org.agrona.ExpandableDirectByteBuffer;

/**
 * Hands an engine snapshot from the logic thread to the journal thread without allocating and without sharing live
 * state: the logic thread writes the full engine state into this buffer at a tick boundary and flags the ring event;
 * the journal stage copies it into its transaction and releases the buffer. The logic thread only writes when the
 * buffer is free; when it is not (the journal is behind by a whole snapshot interval), that snapshot is skipped and
 * counted, never half-overwritten.
 */
public final class SnapshotExchange
{
    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(64 * 1024);
    private int length;
    private long stateHash;
    private long tick;
    private volatile boolean held;

    /**
     * Logic thread: may a new snapshot be written?
     */
    public boolean isFree()
    {
        return !held;
    }

    ExpandableDirectByteBuffer buffer()
    {
        return buffer;
    }

    /**
     * Logic thread: the snapshot is written; the journal may take it.
     */
    void publish(final int length, final long stateHash, final long tick)
    {
        this.length = length;
        this.stateHash = stateHash;
        this.tick = tick;
        held = true;
    }

    /**
     * Journal thread: what was published, valid until {@link #release()}.
     */
    public ExpandableDirectByteBuffer state()
    {
        return buffer;
    }

    public int length()
    {
        return length;
    }

    public long stateHash()
    {
        return stateHash;
    }

    public long tick()
    {
        return tick;
    }

    /**
     * Journal thread: the snapshot has been copied.
     */
    public void release()
    {
        held = false;
    }
}
