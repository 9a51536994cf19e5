package io.ringside.engine.egress;

import io.ringside.engine.output.OutputRecordDescriptor;
import org.agrona.ExpandableRingBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What egress keeps per client: its next sequence number, the reliable messages waiting for its transport, and the
 * entities it was last shown (the baseline for deltas). Owned by the egress thread.
 */
final class ClientState
{
    final long sessionId;
    long nextSequence = 1;
    long roomId;
    boolean lost;
    boolean waiting;
    boolean closing;
    boolean forgetOnClose;
    long closeDeadlineNs;
    boolean needsFull = true;
    long skippedSinceDelivered;
    int stalledSkips;
    long lastOfferResult;
    long lastSnapshotSequence;
    int index;

    final ExpandableRingBuffer reliableQueue;

    /**
     * Entities last delivered, sorted by id, in the frame's entity layout (the fixed entity's, or a declared game's
     * records).
     */
    UnsafeBuffer baseline;
    int baselineCount;

    /**
     * Entities being shown now, same layout; swapped with the baseline when delivered.
     */
    UnsafeBuffer current;
    int currentCount;

    ClientState(final long sessionId, final int maxEntities, final int reliableQueueCapacityBytes)
    {
        this.sessionId = sessionId;
        this.reliableQueue = new ExpandableRingBuffer(0, reliableQueueCapacityBytes, false);
        this.baseline = new UnsafeBuffer(new byte[maxEntities * OutputRecordDescriptor.ENTITY_LENGTH]);
        this.current = new UnsafeBuffer(new byte[maxEntities * OutputRecordDescriptor.ENTITY_LENGTH]);
    }

    /**
     * Make room for views of this many bytes of records (a declared game's records can be longer than the fixed
     * entity's); growing forgets the baseline, so the next view is FULL. Allocates only when growing.
     */
    void recordCapacity(final int bytes)
    {
        if (current.capacity() < bytes)
        {
            current = new UnsafeBuffer(new byte[bytes]);
            baseline = new UnsafeBuffer(new byte[bytes]);
            currentCount = 0;
            clearBaseline();
        }
    }

    void swapBaseline()
    {
        final UnsafeBuffer previous = baseline;
        baseline = current;
        baselineCount = currentCount;
        current = previous;
        currentCount = 0;
    }

    void clearBaseline()
    {
        baselineCount = 0;
        needsFull = true;
    }
}
