package io.ringside.engine.output;

import com.lmax.disruptor.Sequence;
import org.agrona.BitUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static io.ringside.engine.output.OutputRecordDescriptor.HEADER_LENGTH;
import static io.ringside.engine.output.OutputRecordDescriptor.LENGTH_OFFSET;
import static io.ringside.engine.output.OutputRecordDescriptor.PADDING;
import static io.ringside.engine.output.OutputRecordDescriptor.TYPE_OFFSET;
import static io.ringside.engine.output.OutputRecordDescriptor.align;

/**
 * A circular byte log with one writer (the logic thread) and several readers (egress, journal), gated like a
 * Disruptor ring: the writer never overwrites a byte a reader has not consumed. It carries what the logic thread
 * produced for each ring event (frames of room state, messages to send, membership changes) so that no live game
 * state is shared with the threads downstream: they read copies, in positions recorded in the ring slot
 * ({@code outputStart}, {@code outputEnd}).
 * <p>
 * Positions grow without bound (a {@code long}); the index in the buffer is {@code position & mask}. A record never
 * wraps: when it does not fit before the end, a PADDING record fills the rest and it starts at index 0.
 * <p>
 * Visibility: readers only read the output of a ring event after the logic handler's sequence has passed it, which
 * orders the writer's plain stores before the reader's loads. Each reader publishes how far it has consumed through
 * its own {@link Sequence}, which the writer reads before reusing space.
 */
public final class OutputLog
{
    private final UnsafeBuffer buffer;
    private final int capacity;
    private final int mask;
    private Sequence[] consumers = new Sequence[0];

    private long tail;
    private long cachedMinConsumed;
    private long lastClaimPosition;

    /**
     * @param capacity in bytes, a power of two of at least 4 KiB.
     */
    public OutputLog(final int capacity)
    {
        if (!BitUtil.isPowerOfTwo(capacity) || capacity < 4096)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 4096: " + capacity);
        }
        this.capacity = capacity;
        this.mask = capacity - 1;
        this.buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(capacity));
    }

    /**
     * Register a reader before the pipeline starts.
     *
     * @return the sequence the reader sets to the position it has consumed up to.
     */
    public Sequence addConsumer()
    {
        final Sequence sequence = new Sequence(0);
        consumers = Arrays.copyOf(consumers, consumers.length + 1);
        consumers[consumers.length - 1] = sequence;
        return sequence;
    }

    /**
     * Mark everything up to {@code position} consumed by every reader. Recovery only: while the journal is replayed
     * before the pipeline starts, the logic handler's output goes nowhere (egress is muted).
     */
    public void discardTo(final long position)
    {
        for (final Sequence consumer : consumers)
        {
            consumer.set(position);
        }
    }

    public int capacity()
    {
        return capacity;
    }

    public UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the position the next record will be written at (writer thread).
     */
    public long position()
    {
        return tail;
    }

    /**
     * @return the lowest position consumed by every reader.
     */
    public long minConsumedPosition()
    {
        long min = tail;
        for (final Sequence consumer : consumers)
        {
            min = Math.min(min, consumer.get());
        }
        return min;
    }

    /**
     * Claim space for a record of up to {@code maxBodyLength} body bytes. Writer thread only.
     *
     * @return the buffer index of the record's body, or -1 when readers have not freed enough space yet.
     */
    public int tryClaim(final int type, final int maxBodyLength)
    {
        final int recordLength = HEADER_LENGTH + maxBodyLength;
        final int alignedLength = align(recordLength);
        if (alignedLength > capacity >> 1)
        {
            throw new IllegalArgumentException("record of " + recordLength + " bytes too long for a log of " + capacity);
        }

        int index = (int)(tail & mask);
        final int toEnd = capacity - index;
        final int required = alignedLength > toEnd ? alignedLength + toEnd : alignedLength;
        final long wrapLimit = tail + required - capacity;
        if (wrapLimit > cachedMinConsumed)
        {
            cachedMinConsumed = minConsumedPosition();
            if (wrapLimit > cachedMinConsumed)
            {
                return -1;
            }
        }

        if (alignedLength > toEnd)
        {
            buffer.putInt(index + LENGTH_OFFSET, toEnd);
            buffer.putInt(index + TYPE_OFFSET, PADDING);
            tail += toEnd;
            index = 0;
        }

        buffer.putInt(index + LENGTH_OFFSET, recordLength);
        buffer.putInt(index + TYPE_OFFSET, type);
        lastClaimPosition = tail;
        tail += alignedLength;

        return index + HEADER_LENGTH;
    }

    /**
     * Shrink the last claimed record to the body length actually written. Writer thread only.
     *
     * @param bodyIndex  returned by the last {@link #tryClaim}.
     * @param bodyLength written, no more than claimed.
     */
    public void commit(final int bodyIndex, final int bodyLength)
    {
        final int recordLength = HEADER_LENGTH + bodyLength;
        buffer.putInt(bodyIndex - HEADER_LENGTH + LENGTH_OFFSET, recordLength);
        tail = lastClaimPosition + align(recordLength);
    }

    /**
     * Take back everything written from {@code position} on: the output of an event that failed half way. Writer
     * thread only, and only for output no reader can see yet (not published in a ring slot).
     *
     * @param position an earlier {@link #position()} within the event being handled.
     */
    public void rewind(final long position)
    {
        if (position > tail)
        {
            throw new IllegalArgumentException("rewind forward: " + position + " > " + tail);
        }
        tail = position;
    }

    /**
     * Visit the records between two positions. Reader threads.
     *
     * @return the number of records visited (padding excluded).
     */
    public int read(final long fromPosition, final long toPosition, final OutputRecordHandler handler)
    {
        int records = 0;
        long position = fromPosition;
        while (position < toPosition)
        {
            final int index = (int)(position & mask);
            final int recordLength = buffer.getInt(index + LENGTH_OFFSET);
            final int type = buffer.getInt(index + TYPE_OFFSET);
            if (PADDING != type)
            {
                handler.onRecord(type, buffer, index + HEADER_LENGTH, recordLength - HEADER_LENGTH);
                records++;
            }
            position += align(recordLength);
        }
        return records;
    }

    /**
     * Receives records read from the log.
     */
    @FunctionalInterface
    public interface OutputRecordHandler
    {
        void onRecord(int type, DirectBuffer buffer, int offset, int length);
    }
}
