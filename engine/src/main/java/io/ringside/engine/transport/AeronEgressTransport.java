package io.ringside.engine.transport;

import io.ringside.engine.egress.EgressTransport;
import io.ringside.transport.ClientPublications;
import org.agrona.DirectBuffer;

/**
 * Egress over Aeron: adapts the transport module's per-client publications to the engine's {@link EgressTransport}.
 * Aeron's offer results have the same values as the interface's codes.
 */
public final class AeronEgressTransport implements EgressTransport
{
    private final ClientPublications publications;
    private long badChannels;

    public AeronEgressTransport(final ClientPublications publications)
    {
        this.publications = publications;
    }

    public void onSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int offset, final int length)
    {
        if (!publications.open(sessionId, channel.getStringWithoutLengthUtf8(offset, length), streamId))
        {
            badChannels++;
        }
    }

    public long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        return publications.offer(sessionId, buffer, offset, length);
    }

    public void onSessionClosed(final long sessionId)
    {
        publications.close(sessionId);
    }

    public int doWork()
    {
        return publications.doWork();
    }

    /**
     * @return response channels that could not be opened.
     */
    public long badChannels()
    {
        return badChannels;
    }
}
