package io.ringside.engine.transport;

import io.ringside.engine.egress.EgressTransport;
import io.ringside.transport.ClientPublications;
import io.ringside.transport.RoomPublications;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;

/**
 * Egress over Aeron: adapts the transport module's per-client publications and room publications to the engine's
 * {@link EgressTransport}. Aeron's offer results have the same values as the interface's codes. One per egress shard
 * (its own publications; room publications only on shard 0's), used by that shard's thread only.
 */
public final class AeronEgressTransport implements EgressTransport
{
    private final ClientPublications publications;
    private final RoomPublications rooms;
    private final Long2ObjectHashMap<String> channelBySessionId = new Long2ObjectHashMap<>();
    private final Runnable wakeSender;
    private int udpSessions;
    private boolean offeredSinceWake;
    private long badChannels;

    /**
     * @param rooms      room streams, or null to send every client its own snapshots.
     * @param wakeSender wakes the media driver's sender after a batch of offers while any client is on UDP, so that
     *                   what egress offered does not wait out the sender's park.
     */
    public AeronEgressTransport(
        final ClientPublications publications, final RoomPublications rooms, final Runnable wakeSender)
    {
        this.publications = publications;
        this.rooms = rooms;
        this.wakeSender = wakeSender;
    }

    public void onSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int offset, final int length)
    {
        final String clientChannel = channel.getStringWithoutLengthUtf8(offset, length);
        forget(sessionId);
        if (publications.open(sessionId, clientChannel, streamId))
        {
            channelBySessionId.put(sessionId, clientChannel);
            if (isUdp(clientChannel))
            {
                udpSessions++;
            }
        }
        else
        {
            badChannels++;
        }
    }

    public void onOtherShardSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int channelOffset,
        final int channelLength)
    {
        forget(sessionId);
        final String clientChannel = channel.getStringWithoutLengthUtf8(channelOffset, channelLength);
        channelBySessionId.put(sessionId, clientChannel);
        if (isUdp(clientChannel))
        {
            udpSessions++;
        }
    }

    public void onOtherShardSessionClosed(final long sessionId)
    {
        forget(sessionId);
        if (null != rooms)
        {
            rooms.leave(sessionId);
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
        final long result = rooms.offer(roomId, buffer, offset, length);
        offeredSinceWake |= result >= 0;
        return result;
    }

    public int maxMessageLength()
    {
        return publications.maxMessageLength();
    }

    public long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final long result = publications.offer(sessionId, buffer, offset, length);
        offeredSinceWake |= result >= 0;
        return result;
    }

    public void onSessionClosed(final long sessionId)
    {
        publications.close(sessionId);
        forget(sessionId);
        if (null != rooms)
        {
            rooms.leave(sessionId);
        }
    }

    /**
     * At the end of each egress batch: complete asynchronous adds, and wake the driver's sender if this batch offered
     * anything while a client is on UDP (over IPC nothing passes the sender).
     */
    public int doWork()
    {
        if (offeredSinceWake && udpSessions > 0)
        {
            wakeSender.run();
        }
        offeredSinceWake = false;
        return publications.doWork() + (null != rooms ? rooms.doWork() : 0);
    }

    private void forget(final long sessionId)
    {
        final String previous = channelBySessionId.remove(sessionId);
        if (null != previous && isUdp(previous))
        {
            udpSessions--;
        }
    }

    private static boolean isUdp(final String channel)
    {
        return channel.startsWith("aeron:udp");
    }

    /**
     * @return response channels that could not be opened.
     */
    public long badChannels()
    {
        return badChannels;
    }
}
