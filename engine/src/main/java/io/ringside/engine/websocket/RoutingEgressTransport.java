package io.ringside.engine.websocket;

import io.ringside.codec.ProtocolLimits;
import io.ringside.engine.egress.EgressTransport;
import org.agrona.DirectBuffer;

/**
 * An egress shard's transport when the WebSocket endpoint is on: sessions that connected over a WebSocket (their
 * Connect named the in-band response channel, {@value ProtocolLimits#IN_BAND_RESPONSE_CHANNEL}, and ingress put the
 * connection id in the response stream id) go to their connection; the others to Aeron. A room's stream reaches
 * both: the Aeron members on the room's publication, the WebSocket members forwarded on their own connections.
 */
public final class RoutingEgressTransport implements EgressTransport
{
    private final EgressTransport aeron;
    private final WebSocketEgressTransport webSockets;

    public RoutingEgressTransport(final EgressTransport aeron, final WebSocketEgressTransport webSockets)
    {
        this.aeron = aeron;
        this.webSockets = webSockets;
    }

    public void onSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int channelOffset,
        final int channelLength)
    {
        if (isInBand(channel, channelOffset, channelLength))
        {
            if (!webSockets.owns(sessionId))
            {
                aeron.onSessionClosed(sessionId); // resumed here after an Aeron connection
            }
            webSockets.open(sessionId, streamId);
        }
        else
        {
            webSockets.close(sessionId);
            aeron.onSessionOpened(sessionId, streamId, channel, channelOffset, channelLength);
        }
    }

    public long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        return webSockets.owns(sessionId) ?
            webSockets.offer(sessionId, buffer, offset, length) : aeron.offer(sessionId, buffer, offset, length);
    }

    public void onSessionClosed(final long sessionId)
    {
        if (webSockets.owns(sessionId))
        {
            webSockets.close(sessionId);
        }
        else
        {
            aeron.onSessionClosed(sessionId);
        }
    }

    public int doWork()
    {
        return aeron.doWork();
    }

    public int maxMessageLength()
    {
        return Math.min(aeron.maxMessageLength(), ProtocolLimits.MAX_SERVER_MESSAGE_LENGTH);
    }

    public boolean supportsRoomStreams()
    {
        return aeron.supportsRoomStreams();
    }

    public void onRoomMemberJoined(final long roomId, final int roomStreamId, final long sessionId)
    {
        if (webSockets.knows(sessionId))
        {
            webSockets.joinRoom(roomId, sessionId);
        }
        else
        {
            aeron.onRoomMemberJoined(roomId, roomStreamId, sessionId);
        }
    }

    public void onRoomMemberLeft(final long roomId, final long sessionId)
    {
        if (webSockets.knows(sessionId))
        {
            webSockets.leaveRoom(roomId, sessionId);
        }
        else
        {
            aeron.onRoomMemberLeft(roomId, sessionId);
        }
    }

    public void onOtherShardSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int channelOffset,
        final int channelLength)
    {
        if (isInBand(channel, channelOffset, channelLength))
        {
            webSockets.openOtherShard(sessionId, streamId);
        }
        else
        {
            webSockets.closeOtherShard(sessionId);
            aeron.onOtherShardSessionOpened(sessionId, streamId, channel, channelOffset, channelLength);
        }
    }

    public void onOtherShardSessionClosed(final long sessionId)
    {
        webSockets.closeOtherShard(sessionId);
        aeron.onOtherShardSessionClosed(sessionId);
    }

    /**
     * The room's Aeron stream and its WebSocket members: taken when either took it (the room's sequence moves on;
     * a member that missed it sees the gap).
     */
    public long offerRoom(final long roomId, final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = aeron.offerRoom(roomId, buffer, offset, length);
        final int forwarded = webSockets.forwardRoom(roomId, buffer, offset, length);
        return result >= 0 || 0 == forwarded ? result : 0;
    }

    private static boolean isInBand(final DirectBuffer channel, final int offset, final int length)
    {
        final String inBand = ProtocolLimits.IN_BAND_RESPONSE_CHANNEL;
        if (length != inBand.length())
        {
            return false;
        }
        for (int i = 0; i < length; i++)
        {
            if (channel.getByte(offset + i) != inBand.charAt(i))
            {
                return false;
            }
        }
        return true;
    }
}
