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
 * Requests from a stage downstream of the logic thread (egress) to the ring's single producer, which turns them into
 * ring events so that the logic thread learns of them in order, and the journal records them. Today the one request
 * is "this session is lost" (a slow consumer, a closed stream). Allocation-free: an Agrona one-to-one ring buffer.
 */
public final class ProducerCommandQueue
{
    public static final int SESSION_LOST = 1;
    public static final int SESSION_FORGOTTEN = 2;

    private static final int SESSION_LOST_LENGTH = 12;

    private final OneToOneRingBuffer ringBuffer;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[SESSION_LOST_LENGTH]);
    private final MessageHandler adapter = this::onMessage;
    private CommandHandler handler;
    private long rejectedOffers;

    /**
     * Receives commands drained by the producer.
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
     * Ask the producer to publish a SESSION_LOST event. Called by one downstream thread.
     *
     * @return false when the queue is full (counted); the caller retries later.
     */
    public boolean offerSessionLost(final long sessionId, final ErrorCode reason)
    {
        scratch.putLong(0, sessionId);
        scratch.putInt(8, reason.value());
        if (!ringBuffer.write(SESSION_LOST, scratch, 0, SESSION_LOST_LENGTH))
        {
            rejectedOffers++;
            return false;
        }
        return true;
    }

    /**
     * Tell the producer a session is gone for good.
     *
     * @return false when the queue is full (counted).
     */
    public boolean offerSessionForgotten(final long sessionId)
    {
        scratch.putLong(0, sessionId);
        scratch.putInt(8, 0);
        if (!ringBuffer.write(SESSION_FORGOTTEN, scratch, 0, SESSION_LOST_LENGTH))
        {
            rejectedOffers++;
            return false;
        }
        return true;
    }

    /**
     * Drain up to {@code limit} commands on the producer thread.
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
        if (SESSION_LOST == msgTypeId)
        {
            handler.onSessionLost(buffer.getLong(index), ErrorCode.get((short)buffer.getInt(index + 8)));
        }
        else if (SESSION_FORGOTTEN == msgTypeId)
        {
            handler.onSessionForgotten(buffer.getLong(index));
        }
    }

    public long rejectedOffers()
    {
        return rejectedOffers;
    }
}
