package io.ringside.engine.ring;

import io.ringside.codec.sbe.ErrorCode;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * The one back channel of the pipeline: from egress, the stage that carries out the logic's decisions about
 * sessions, to the ring's single producer (the ingress agent). Each egress shard writes its own lane (the Proxy side,
 * the {@code offer*} methods, given the shard's index) and the producer is the only reader of all of them
 * ({@link #drain}, the Adapter side, which decodes each command and calls a {@link CommandHandler} with primitive
 * arguments). Commands about one session come from the one shard that owns it, so they stay in order. Allocation-free:
 * an Agrona one-to-one ring buffer per lane (single writer, single reader, no compare-and-swap; a many-to-one buffer
 * would let one shard's unfinished claim hold back what another shard had already offered).
 * <pre>
 *  SESSION_LOST       0 long sessionId  8 int reason (an ErrorCode value)  12 int pad
 *  SESSION_FORGOTTEN  0 long sessionId
 *  SESSION_BOUND      0 long sessionId  8 long sourceId
 * </pre>
 */
public final class ProducerCommandQueue
{
    public static final int SESSION_LOST = 1;
    public static final int SESSION_FORGOTTEN = 2;
    public static final int SESSION_BOUND = 3;

    private static final int SESSION_ID_OFFSET = 0;
    private static final int REASON_OFFSET = 8;
    private static final int SOURCE_ID_OFFSET = 8;
    private static final int SESSION_LOST_LENGTH = 16;
    private static final int SESSION_FORGOTTEN_LENGTH = 8;
    private static final int SESSION_BOUND_LENGTH = 16;

    private final OneToOneRingBuffer[] lanes;
    private final UnsafeBuffer[] scratch;
    private final MessageHandler adapter = this::onMessage;
    private CommandHandler handler;
    private int nextLane;

    /**
     * Receives commands drained by the producer. Only the loss of a session must be handled by every producer; the
     * others matter to one that keeps per-session state (the ingress agent).
     */
    @FunctionalInterface
    public interface CommandHandler
    {
        /**
         * Egress lost the session's transport (slow consumer, closed stream): put it in the ring.
         */
        void onSessionLost(long sessionId, ErrorCode reason);

        /**
         * The session is gone for good: the producer may forget what it kept for it (bindings, rate limits).
         */
        default void onSessionForgotten(final long sessionId)
        {
        }

        /**
         * The logic resumed the session from {@code sourceId}: its messages come from there from now on.
         */
        default void onSessionBound(final long sessionId, final long sourceId)
        {
        }
    }

    /**
     * @param capacity bytes of queue, a power of two.
     */
    public ProducerCommandQueue(final int capacity)
    {
        this(capacity, 1);
    }

    /**
     * @param capacity bytes of each lane, a power of two.
     * @param writers  how many egress shards write, each to its own lane.
     */
    public ProducerCommandQueue(final int capacity, final int writers)
    {
        lanes = new OneToOneRingBuffer[writers];
        scratch = new UnsafeBuffer[writers];
        for (int lane = 0; lane < writers; lane++)
        {
            final AtomicBuffer buffer = new UnsafeBuffer(
                ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
            lanes[lane] = new OneToOneRingBuffer(buffer);
            scratch[lane] = new UnsafeBuffer(new byte[16]);
        }
    }

    /**
     * Ask the producer to publish a SESSION_LOST event, on the lane of egress shard 0, from its thread only.
     *
     * @return false when the lane is full; the caller keeps the command (egress counts it as deferred) and retries.
     */
    public boolean offerSessionLost(final long sessionId, final ErrorCode reason)
    {
        return offerSessionLost(0, sessionId, reason);
    }

    /**
     * As {@link #offerSessionLost(long, ErrorCode)}, on the lane of egress shard {@code lane}, from its thread only.
     */
    public boolean offerSessionLost(final int lane, final long sessionId, final ErrorCode reason)
    {
        final UnsafeBuffer scratch = this.scratch[lane];
        scratch.putLong(SESSION_ID_OFFSET, sessionId);
        scratch.putInt(REASON_OFFSET, reason.value());
        scratch.putInt(REASON_OFFSET + 4, 0);
        return lanes[lane].write(SESSION_LOST, scratch, 0, SESSION_LOST_LENGTH);
    }

    /**
     * Tell the producer a session is gone for good, on the lane of egress shard 0, from its thread only.
     *
     * @return false when the lane is full.
     */
    public boolean offerSessionForgotten(final long sessionId)
    {
        return offerSessionForgotten(0, sessionId);
    }

    /**
     * As {@link #offerSessionForgotten(long)}, on the lane of egress shard {@code lane}, from its thread only.
     */
    public boolean offerSessionForgotten(final int lane, final long sessionId)
    {
        final UnsafeBuffer scratch = this.scratch[lane];
        scratch.putLong(SESSION_ID_OFFSET, sessionId);
        return lanes[lane].write(SESSION_FORGOTTEN, scratch, 0, SESSION_FORGOTTEN_LENGTH);
    }

    /**
     * Tell the producer the logic resumed a session from another source (lane of egress shard 0, its thread only).
     *
     * @return false when the lane is full.
     */
    public boolean offerSessionBound(final long sessionId, final long sourceId)
    {
        return offerSessionBound(0, sessionId, sourceId);
    }

    /**
     * As {@link #offerSessionBound(long, long)}, on the lane of egress shard {@code lane}, from its thread only.
     */
    public boolean offerSessionBound(final int lane, final long sessionId, final long sourceId)
    {
        final UnsafeBuffer scratch = this.scratch[lane];
        scratch.putLong(SESSION_ID_OFFSET, sessionId);
        scratch.putLong(SOURCE_ID_OFFSET, sourceId);
        return lanes[lane].write(SESSION_BOUND, scratch, 0, SESSION_BOUND_LENGTH);
    }

    /**
     * @return whether no command waits. Producer thread.
     */
    public boolean isEmpty()
    {
        for (final OneToOneRingBuffer lane : lanes)
        {
            if (0 != lane.size())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Drain up to {@code limit} commands, the lanes in turn (starting one further each call, so that no lane waits
     * behind a busy one). Producer thread only.
     *
     * @return the number drained.
     */
    public int drain(final CommandHandler handler, final int limit)
    {
        this.handler = handler;
        final int laneCount = lanes.length;
        if (1 == laneCount)
        {
            return lanes[0].read(adapter, limit);
        }
        int drained = 0;
        final int first = nextLane;
        nextLane = first + 1 == laneCount ? 0 : first + 1;
        for (int i = 0; i < laneCount && drained < limit; i++)
        {
            final int lane = first + i < laneCount ? first + i : first + i - laneCount;
            drained += lanes[lane].read(adapter, limit - drained);
        }
        return drained;
    }

    private void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long sessionId = buffer.getLong(index + SESSION_ID_OFFSET);
        switch (msgTypeId)
        {
            case SESSION_LOST:
                handler.onSessionLost(sessionId, ErrorCode.get((short)buffer.getInt(index + REASON_OFFSET)));
                break;
            case SESSION_FORGOTTEN:
                handler.onSessionForgotten(sessionId);
                break;
            case SESSION_BOUND:
                handler.onSessionBound(sessionId, buffer.getLong(index + SOURCE_ID_OFFSET));
                break;
            default:
                break;
        }
    }
}
