package io.ringside.engine.websocket;

import io.ringside.engine.egress.EgressTransport;
import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.metrics.EngineCounters;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.ArrayList;

/**
 * An egress shard's WebSocket clients: each session bound to the connection it connected on, its messages offered
 * to that connection's buffer; and, on the shard that runs the room streams, the room stream's messages forwarded to
 * each WebSocket member of the room (a WebSocket carries one stream, so the room's messages come on the client's own
 * connection with their own room sequence). One egress thread only.
 */
public final class WebSocketEgressTransport
{
    private final WebSocketGateway gateway;
    private final Long2ObjectHashMap<WebSocketConnection> bySession = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<ArrayList<WebSocketConnection>> roomMembers = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<WebSocketConnection> otherShardSessions = new Long2ObjectHashMap<>();
    private final AtomicCounter roomMessagesNotForwarded;

    /**
     * @param shard the egress shard whose thread uses this transport (its counters).
     */
    public WebSocketEgressTransport(final WebSocketGateway gateway, final EngineCounters counters, final int shard)
    {
        this.gateway = gateway;
        this.roomMessagesNotForwarded = counters.counter(CounterDescriptor.WS_ROOM_MESSAGES_NOT_FORWARDED, shard);
    }

    boolean owns(final long sessionId)
    {
        return bySession.containsKey(sessionId);
    }

    boolean knows(final long sessionId)
    {
        return bySession.containsKey(sessionId) || otherShardSessions.containsKey(sessionId);
    }

    /**
     * A session connected (or resumed) on a connection: its messages go there. A connection already gone is a
     * closed stream (egress loses the session, as for a closed publication).
     */
    void open(final long sessionId, final int connectionId)
    {
        bySession.put(sessionId, connectionOrClosed(connectionId));
    }

    void openOtherShard(final long sessionId, final int connectionId)
    {
        otherShardSessions.put(sessionId, connectionOrClosed(connectionId));
    }

    long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        final WebSocketConnection connection = bySession.get(sessionId);
        return null == connection ? EgressTransport.NOT_CONNECTED : connection.offer(buffer, offset, length);
    }

    void close(final long sessionId)
    {
        bySession.remove(sessionId);
    }

    void closeOtherShard(final long sessionId)
    {
        otherShardSessions.remove(sessionId);
    }

    void joinRoom(final long roomId, final long sessionId)
    {
        WebSocketConnection connection = bySession.get(sessionId);
        if (null == connection)
        {
            connection = otherShardSessions.get(sessionId);
        }
        if (null == connection)
        {
            return;
        }
        ArrayList<WebSocketConnection> members = roomMembers.get(roomId);
        if (null == members)
        {
            members = new ArrayList<>();
            roomMembers.put(roomId, members);
        }
        if (!members.contains(connection))
        {
            members.add(connection);
        }
    }

    void leaveRoom(final long roomId, final long sessionId)
    {
        final ArrayList<WebSocketConnection> members = roomMembers.get(roomId);
        if (null == members)
        {
            return;
        }
        WebSocketConnection connection = bySession.get(sessionId);
        if (null == connection)
        {
            connection = otherShardSessions.get(sessionId);
        }
        members.remove(connection);
        if (members.isEmpty())
        {
            roomMembers.remove(roomId);
        }
    }

    /**
     * @return how many WebSocket members took the room's message; one whose buffer is full misses it (counted) and
     * sees a gap in the room sequence, which it recovers from at the next keyframe, as a lagging room stream reader;
     * one whose connection has closed leaves the room's list.
     */
    int forwardRoom(final long roomId, final DirectBuffer buffer, final int offset, final int length)
    {
        final ArrayList<WebSocketConnection> members = roomMembers.get(roomId);
        if (null == members)
        {
            return 0;
        }
        int taken = 0;
        for (int i = members.size() - 1; i >= 0; i--)
        {
            final long result = members.get(i).offer(buffer, offset, length);
            if (result >= 0)
            {
                taken++;
            }
            else if (EgressTransport.CLOSED == result)
            {
                // the member's connection is gone: its session is lost or resumes on a new connection, which joins
                // the room again with its RoomJoined; nothing more is offered to this one
                members.remove(i);
            }
            else
            {
                roomMessagesNotForwarded.incrementRelease();
            }
        }
        if (members.isEmpty())
        {
            roomMembers.remove(roomId);
        }
        return taken;
    }

    private WebSocketConnection connectionOrClosed(final int connectionId)
    {
        final WebSocketConnection connection = gateway.connection(connectionId);
        return null == connection ? CLOSED_CONNECTION : connection;
    }

    /**
     * Stands for a connection that was gone before its session opened: every offer is CLOSED.
     */
    private static final WebSocketConnection CLOSED_CONNECTION = WebSocketConnection.closed();
}
