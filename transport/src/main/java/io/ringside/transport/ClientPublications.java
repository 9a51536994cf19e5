package io.ringside.transport;

import io.aeron.Aeron;
import io.aeron.ChannelUri;
import io.aeron.CommonContext;
import io.aeron.ExclusivePublication;
import io.aeron.Publication;
import io.aeron.exceptions.AeronException;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;

/**
 * One exclusive Aeron publication per client, on the channel and stream the client named, with the engine's term
 * length imposed. Publications are added asynchronously so that a slow driver round trip never stalls the egress
 * thread: until one is ready, offers answer {@link Publication#NOT_CONNECTED}; if the driver refuses it, offers answer
 * {@link Publication#CLOSED}. Egress thread only.
 */
public final class ClientPublications implements AutoCloseable
{
    private final Aeron aeron;
    private final int termLength;
    private final ErrorHandler errorHandler;
    private final Long2ObjectHashMap<Entry> bySessionId = new Long2ObjectHashMap<>();
    private final ArrayList<Entry> pending = new ArrayList<>();
    private long opened;
    private long failed;

    private static final class Entry
    {
        final long sessionId;
        final long registrationId;
        ExclusivePublication publication;
        boolean failed;

        Entry(final long sessionId, final long registrationId)
        {
            this.sessionId = sessionId;
            this.registrationId = registrationId;
        }
    }

    public ClientPublications(final Aeron aeron, final int termLength, final ErrorHandler errorHandler)
    {
        this.aeron = aeron;
        this.termLength = termLength;
        this.errorHandler = errorHandler;
    }

    /**
     * The channel a client's publication uses: the client's channel with the engine's term length, or null when the
     * client's text is not an Aeron UDP or IPC channel.
     */
    public String egressChannel(final String clientChannel)
    {
        try
        {
            final ChannelUri uri = ChannelUri.parse(clientChannel);
            if (!CommonContext.UDP_MEDIA.equals(uri.media()) && !CommonContext.IPC_MEDIA.equals(uri.media()))
            {
                return null;
            }
            final String endpoint = uri.get(CommonContext.ENDPOINT_PARAM_NAME);
            if (CommonContext.UDP_MEDIA.equals(uri.media()) && (null == endpoint || endpoint.isEmpty()))
            {
                return null;
            }
            uri.put(CommonContext.TERM_LENGTH_PARAM_NAME, Integer.toString(termLength));
            return uri.toString();
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
    }

    /**
     * Start opening a client's publication, replacing any it had.
     *
     * @return false when the channel is not usable (nothing was opened).
     */
    public boolean open(final long sessionId, final String clientChannel, final int streamId)
    {
        close(sessionId);
        final String channel = egressChannel(clientChannel);
        if (null == channel)
        {
            failed++;
            return false;
        }
        final long registrationId = aeron.asyncAddExclusivePublication(channel, streamId);
        final Entry entry = new Entry(sessionId, registrationId);
        bySessionId.put(sessionId, entry);
        pending.add(entry);
        return true;
    }

    /**
     * @return as {@link Publication#offer}: a new position when taken, otherwise a negative code.
     */
    public long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final Entry entry = bySessionId.get(sessionId);
        if (null == entry || entry.failed)
        {
            return Publication.CLOSED;
        }
        final ExclusivePublication publication = entry.publication;
        if (null == publication)
        {
            return Publication.NOT_CONNECTED;
        }
        return publication.offer(buffer, offset, length);
    }

    public void close(final long sessionId)
    {
        final Entry entry = bySessionId.remove(sessionId);
        if (null != entry)
        {
            if (null != entry.publication)
            {
                CloseHelper.close(errorHandler, entry.publication);
            }
            else if (!entry.failed)
            {
                pending.remove(entry);
                aeron.asyncRemovePublication(entry.registrationId);
            }
        }
    }

    /**
     * Complete publications the driver has made.
     *
     * @return how many completed or failed.
     */
    public int doWork()
    {
        int work = 0;
        for (int i = pending.size() - 1; i >= 0; i--)
        {
            final Entry entry = pending.get(i);
            try
            {
                final ExclusivePublication publication = aeron.getExclusivePublication(entry.registrationId);
                if (null != publication)
                {
                    entry.publication = publication;
                    pending.remove(i);
                    opened++;
                    work++;
                }
            }
            catch (final AeronException ex)
            {
                entry.failed = true;
                pending.remove(i);
                failed++;
                work++;
                errorHandler.onError(ex);
            }
        }
        return work;
    }

    /**
     * @return the longest message one client's publication takes (its term length / 8).
     */
    public int maxMessageLength()
    {
        return termLength / 8;
    }

    public int size()
    {
        return bySessionId.size();
    }

    public long opened()
    {
        return opened;
    }

    public long failed()
    {
        return failed;
    }

    public void close()
    {
        for (final Entry entry : bySessionId.values())
        {
            if (null != entry.publication)
            {
                CloseHelper.close(errorHandler, entry.publication);
            }
        }
        bySessionId.clear();
        pending.clear();
    }
}
