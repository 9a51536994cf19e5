package io.ringside.transport;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;

/**
 * A game client over Aeron: an exclusive publication to the engine's ingress and a subscription on the client's own
 * response channel and stream. The session's stream is the image its OK SessionResult came on; when no image of that
 * Aeron session is left the stream is lost. Room streams are Aeron streams of their own (see RoomStreamReader).
 */
public final class AeronClientTransport implements ClientTransport
{
    /**
     * Client messages are small (at most {@code ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH} bytes), and the engine's
     * driver keeps an image of every client's publication at the publication's term length, so the client asks for
     * {@link #INGRESS_TERM_LENGTH} terms rather than its driver's default (16 MiB for UDP).
     */
    public static final int INGRESS_TERM_LENGTH = 64 * 1024;

    private static final long NO_STREAM = Long.MIN_VALUE;

    private final Aeron aeron;
    private final int ingressStreamId;
    private ExclusivePublication publication;
    private final Subscription subscription;
    private final String responseChannel;
    private final int responseStreamId;
    private FragmentAssembler assembler;
    private FragmentHandler assembled;
    private long streamImageSessionId = NO_STREAM;
    private long leftImageSessionId = NO_STREAM;

    /**
     * @param aeron            a connected Aeron client (one may serve many game clients).
     * @param ingressChannel   the engine's ingress channel.
     * @param ingressStreamId  the engine's ingress stream id.
     * @param responseChannel  where this client receives, e.g. {@code aeron:udp?endpoint=localhost:50000}.
     * @param responseStreamId this client's stream id on that channel (unique per client on a shared channel).
     */
    public AeronClientTransport(
        final Aeron aeron,
        final String ingressChannel,
        final int ingressStreamId,
        final String responseChannel,
        final int responseStreamId)
    {
        this.aeron = aeron;
        this.ingressStreamId = ingressStreamId;
        this.responseChannel = responseChannel;
        this.responseStreamId = responseStreamId;
        Subscription sub = null;
        try
        {
            sub = aeron.addSubscription(responseChannel, responseStreamId);
            publication = aeron.addExclusivePublication(withTermLength(ingressChannel), ingressStreamId);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(sub);
            throw ex;
        }
        subscription = sub;
    }

    static String withTermLength(final String channel)
    {
        final ChannelUri uri = ChannelUri.parse(channel);
        if (null == uri.get(CommonContext.TERM_LENGTH_PARAM_NAME))
        {
            uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(INGRESS_TERM_LENGTH));
        }
        return uri.toString();
    }

    public String responseChannel()
    {
        return responseChannel;
    }

    public int responseStreamId()
    {
        return responseStreamId;
    }

    public boolean isConnected()
    {
        return publication.isConnected();
    }

    public long offer(final DirectBuffer buffer, final int offset, final int length)
    {
        return publication.offer(buffer, offset, length);
    }

    public int poll(final FragmentHandler handler, final int limit)
    {
        if (handler != assembled)
        {
            assembler = new FragmentAssembler((buffer, offset, length, header) ->
            {
                if (header.sessionId() != leftImageSessionId)
                {
                    handler.onFragment(buffer, offset, length, header);
                }
            });
            assembled = handler;
        }
        return subscription.poll(assembler, limit);
    }

    /**
     * Another engine: a publication to its ingress (on the same stream id: the engines behind one directory share
     * it). Not from an IPC response channel, which only this engine's media driver reaches.
     */
    public boolean redirect(final String aeronEndpoint, final String webSocketUrl)
    {
        if (aeronEndpoint.isEmpty() || responseChannel.startsWith(CommonContext.IPC_CHANNEL))
        {
            return false;
        }
        final ExclusivePublication next;
        try
        {
            next = aeron.addExclusivePublication(withTermLength(aeronEndpoint), ingressStreamId);
        }
        catch (final RuntimeException ex)
        {
            return false; // an endpoint that is not a channel this client can publish on
        }
        CloseHelper.quietClose(publication);
        publication = next;
        // what the old engine still sends on this subscription (its image) is not this session's any more
        leftImageSessionId = streamImageSessionId;
        return true;
    }

    public void markSessionStream(final Header header)
    {
        streamImageSessionId = header.sessionId();
    }

    public void clearSessionStream()
    {
        streamImageSessionId = NO_STREAM;
    }

    public boolean isSessionStreamLost()
    {
        return NO_STREAM != streamImageSessionId && null == subscription.imageBySessionId((int)streamImageSessionId);
    }

    public boolean roomStreamsInBand()
    {
        return false;
    }

    public Aeron aeron()
    {
        return aeron;
    }

    public void close()
    {
        CloseHelper.closeAll(publication, subscription);
    }
}
