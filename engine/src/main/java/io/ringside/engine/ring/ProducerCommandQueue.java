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
 * sessions, to the ring's single producer (the ingress agent). Egress is its only writer (the Proxy side, the
 * {@code offer*} methods) and the producer its only reader ({@link #drain}, the Adapter side, which decodes each
 * command and calls a {@link CommandHandler} with primitive arguments). Allocation-free: an Agrona one-to-one ring
 * buffer.
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

    private final OneToOneRingBuffer ringBuffer;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[16]);
    private final MessageHandler adapter = this::onMessage;
    private CommandHandler handler;
    private long rejectedOffers;

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
        final AtomicBuffer buffer = new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH));
        ringBuffer = new OneToOneRingBuffer(buffer);
    }

    /**
     * Ask the producer to publish a SESSION_LOST event. Egress thread only.
     *
     * @return false when the queue is full (counted); the caller retries later.
     */
    public boolean offerSessionLost(final long sessionId, final ErrorCode reason)
    {
        scratch.putLong(SESSION_ID_OFFSET, sessionId);
        scratch.putInt(REASON_OFFSET, reason.value());
        scratch.putInt(REASON_OFFSET + 4, 0);
        return write(SESSION_LOST, SESSION_LOST_LENGTH);
    }

    /**
     * Tell the producer a session is gone for good. Egress thread only.
     *
     * @return false when the queue is full (counted).
     */
    public boolean offerSessionForgotten(final long sessionId)
    {
        scratch.putLong(SESSION_ID_OFFSET, sessionId);
        return write(SESSION_FORGOTTEN, SESSION_FORGOTTEN_LENGTH);
    }

    /**
     * Tell the producer the logic resumed a session from another source. Egress thread only.
     *
     * @return false when the queue is full (counted).
     */
    public boolean offerSessionBound(final long sessionId, final long sourceId)
    {
        scratch.putLong(SESSION_ID_OFFSET, sessionId);
        scratch.putLong(SOURCE_ID_OFFSET, sourceId);
        return write(SESSION_BOUND, SESSION_BOUND_LENGTH);
    }

    private boolean write(final int type, final int length)
    {
        if (!ringBuffer.write(type, scratch, 0, length))
        {
            rejectedOffers++;
            return false;
        }
        return true;
    }

    /**
     * @return whether no command waits. Producer thread.
     */
    public boolean isEmpty()
    {
        return 0 == ringBuffer.size();
    }

    /**
     * Drain up to {@code limit} commands. Producer thread only.
     *
     * @return the number drained.
     */
    public int drain(final CommandHandler handler, final int limit)
    {
        this.handler = handler;
        return ringBuffer.read(adapter, limit);
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

    /**
     * @return offers refused because the queue was full. Egress thread.
     */
    public long rejectedOffers()
    {
        return rejectedOffers;
    }
}
