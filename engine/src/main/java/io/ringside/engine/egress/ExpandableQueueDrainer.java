package io.ringside.engine.egress;

import org.agrona.ExpandableRingBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Offers a client's queued reliable messages in order, stopping at the first the transport will not take; or, when
 * discarding, counts and drops them. One instance, reused by the egress thread, so draining allocates nothing.
 */
final class ExpandableQueueDrainer implements ExpandableRingBuffer.MessageConsumer
{
    private EgressHandler egress;
    private ClientState client;
    private boolean lost;
    private boolean discarding;
    private int discarded;

    void begin(final EgressHandler egress, final ClientState client)
    {
        this.egress = egress;
        this.client = client;
        this.lost = false;
    }

    /**
     * @return true when the last drain found the client's stream closed.
     */
    boolean lostClient()
    {
        return lost;
    }

    /**
     * Drop everything queued.
     *
     * @return how many messages were dropped.
     */
    int discard(final ExpandableRingBuffer queue)
    {
        if (queue.isEmpty())
        {
            return 0;
        }
        discarding = true;
        discarded = 0;
        queue.consume(this, Integer.MAX_VALUE);
        discarding = false;
        return discarded;
    }

    public boolean onMessage(final MutableDirectBuffer buffer, final int offset, final int length, final int headOffset)
    {
        if (discarding)
        {
            discarded++;
            return true;
        }

        final long result = egress.offerNumbered(client, buffer, offset, length);
        if (result >= 0)
        {
            return true;
        }
        if (EgressTransport.CLOSED == result || EgressTransport.MAX_POSITION_EXCEEDED == result)
        {
            lost = true;
        }
        return false;
    }
}
