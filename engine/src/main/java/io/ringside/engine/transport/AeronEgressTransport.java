package io.ringside.engine.transport;

import io.ringside.engine.egress.EgressTransport;
import io.ringside.transport.ClientPublications;
import io.ringside.transport.RoomPublications;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Egress over Aeron: adapts the transport module's per-client publications and room publications to the engine's
 * {@link EgressTransport}. Aeron's offer results have the same values as the interface's codes. Egress thread only.
 */
public final class AeronEgressTransport implements EgressTransport
{
    private final ClientPublications publications;
    private final RoomPublications rooms;
    private final Long2ObjectHashMap<String> channelBySessionId = new Long2ObjectHashMap<>();
    private long badChannels;

    /**
     * @param rooms room streams, or null to send every client its own snapshots.
     */
    public AeronEgressTransport(final ClientPublications publications, final RoomPublications rooms)
    {
        this.publications = publications;
        this.rooms = rooms;
    }

    public void onSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int offset, final int length)
    {
        final String clientChannel = channel.getStringWithoutLengthUtf8(offset, length);
        if (publications.open(sessionId, clientChannel, streamId))
        {
            channelBySessionId.put(sessionId, clientChannel);
        }
        else
        {
            channelBySessionId.remove(sessionId);
            badChannels++;
        }
    }

    public boolean supportsRoomStreams()
    {
        return null != rooms;
    }

    public void onRoomMemberJoined(final long roomId, final int roomStreamId, final long sessionId)
    {
        final String clientChannel = channelBySessionId.get(sessionId);
        if (null == clientChannel || !rooms.join(roomId, roomStreamId, sessionId, clientChannel))
        {
            badChannels++;
        }
    }

    public void onRoomMemberLeft(final long roomId, final long sessionId)
    {
        rooms.leave(sessionId);
    }

    public long offerRoom(final long roomId, final DirectBuffer buffer, final int offset, final int length)
    {
        return rooms.offer(roomId, buffer, offset, length);
    }

    public long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        return publications.offer(sessionId, buffer, offset, length);
    }

    public void onSessionClosed(final long sessionId)
    {
        publications.close(sessionId);
        channelBySessionId.remove(sessionId);
        if (null != rooms)
        {
            rooms.leave(sessionId);
        }
    }

    public int doWork()
    {
        return publications.doWork() + (null != rooms ? rooms.doWork() : 0);
    }

    /**
     * @return response channels that could not be opened.
     */
    public long badChannels()
    {
        return badChannels;
    }
}
