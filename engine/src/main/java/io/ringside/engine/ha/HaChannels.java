package io.ringside.engine.ha;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * The two one-to-one channels between the engine and the HA gateway agent. {@link #toCluster}: what the logic says
 * to the HA cluster (creates, joins, leaves, each room's batch of inputs), written by the logic thread, read by the
 * agent. {@link #fromCluster}: what the service answers (joins, refusals, frames, closings), written by the agent,
 * read by ingress, which puts each message into the ring ({@code EventType.HA_MESSAGE}), so the logic applies it in
 * ring order and the journal keeps it. Messages are the HA protocol's, header included.
 */
public final class HaChannels
{
    private static final int MSG_TYPE_ID = 1;

    private final OneToOneRingBuffer toCluster;
    private final OneToOneRingBuffer fromCluster;

    /**
     * @param capacityBytes of each channel, a power of two.
     */
    public HaChannels(final int capacityBytes)
    {
        toCluster = ring(capacityBytes);
        fromCluster = ring(capacityBytes);
    }

    private static OneToOneRingBuffer ring(final int capacityBytes)
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /**
     * Logic thread: a message for the cluster.
     *
     * @return false when the channel is full (the caller counts it).
     */
    public boolean sendToCluster(final DirectBuffer message, final int offset, final int length)
    {
        return toCluster.write(MSG_TYPE_ID, message, offset, length);
    }

    /**
     * Agent thread: read messages for the cluster; one the handler aborts stays for the next read.
     */
    public int readToCluster(final ControlledMessageHandler handler, final int limit)
    {
        return toCluster.controlledRead(handler, limit);
    }

    /**
     * Agent thread: a message from the cluster.
     *
     * @return false when the channel is full (the caller counts it).
     */
    public boolean receiveFromCluster(final DirectBuffer message, final int offset, final int length)
    {
        return fromCluster.write(MSG_TYPE_ID, message, offset, length);
    }

    /**
     * Ingress: read messages from the cluster; one the handler aborts stays for the next read.
     */
    public int readFromCluster(final ControlledMessageHandler handler, final int limit)
    {
        return fromCluster.controlledRead(handler, limit);
    }

    /**
     * @return the longest message a channel takes.
     */
    public int maxMessageLength()
    {
        return toCluster.maxMsgLength();
    }
}
