package io.ringside.engine.support;

import io.ringside.codec.MessageType;
import io.ringside.codec.MessageValidator;
import io.ringside.codec.Rejection;
import io.ringside.engine.egress.EgressTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An egress transport that keeps a copy of every message it takes, per session (and per room, when told to carry
 * room streams), after checking it with the validator, and that can be told to push back or to report a session's
 * stream closed. Thread-safe: egress offers
 * on its thread while a test reads on its own.
 */
public final class CapturingTransport implements EgressTransport
{
    private final MessageValidator validator = MessageValidator.forClient();
    private final Map<Long, List<byte[]>> messages = new HashMap<>();
    private final Set<Long> open = new HashSet<>();
    private final Set<Long> everClosed = new HashSet<>();
    private final Set<Long> backPressured = new HashSet<>();
    private final Map<Long, List<byte[]>> roomMessages = new HashMap<>();
    private final Map<Long, Set<Long>> roomMembers = new HashMap<>();
    private final Map<Long, Integer> roomStreamIds = new HashMap<>();
    private final Set<Long> roomsBackPressured = new HashSet<>();
    private final Set<Long> withChannel = new HashSet<>();
    private boolean roomStreams;
    private long invalid;
    private long roomJoinsWithoutChannel;

    /**
     * Carry room streams (off by default, as a transport that cannot): a room is open while it has members, and
     * what is offered to it is kept per room.
     */
    public synchronized CapturingTransport roomStreams(final boolean roomStreams)
    {
        this.roomStreams = roomStreams;
        return this;
    }

    public synchronized boolean supportsRoomStreams()
    {
        return roomStreams;
    }

    public synchronized void onRoomMemberJoined(final long roomId, final int roomStreamId, final long sessionId)
    {
        if (!withChannel.contains(sessionId))
        {
            // as the Aeron transport: a room stream reaches a member only on the channel it gave at connect
            roomJoinsWithoutChannel++;
            return;
        }
        roomMembers.computeIfAbsent(roomId, k -> new HashSet<>()).add(sessionId);
        roomStreamIds.put(roomId, roomStreamId);
        roomMessages.computeIfAbsent(roomId, k -> new ArrayList<>());
    }

    public synchronized void onRoomMemberLeft(final long roomId, final long sessionId)
    {
        final Set<Long> members = roomMembers.get(roomId);
        if (null != members && members.remove(sessionId) && members.isEmpty())
        {
            roomMembers.remove(roomId);
        }
    }

    public synchronized void onOtherShardSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int channelOffset,
        final int channelLength)
    {
        withChannel.add(sessionId);
    }

    /**
     * @return room joins of sessions whose channel this transport was never told (nothing was joined).
     */
    public synchronized long roomJoinsWithoutChannel()
    {
        return roomJoinsWithoutChannel;
    }

    public synchronized void onOtherShardSessionClosed(final long sessionId)
    {
        withChannel.remove(sessionId);
        roomMembers.values().forEach(members -> members.remove(sessionId));
        roomMembers.values().removeIf(Set::isEmpty);
    }

    public synchronized long offerRoom(final long roomId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!roomMembers.containsKey(roomId))
        {
            return NOT_CONNECTED;
        }
        if (roomsBackPressured.contains(roomId))
        {
            return BACK_PRESSURED;
        }
        if (Rejection.NONE != validator.validate(buffer, offset, length))
        {
            invalid++;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        roomMessages.get(roomId).add(copy);
        return length;
    }

    public synchronized void backPressureRoom(final long roomId, final boolean on)
    {
        if (on)
        {
            roomsBackPressured.add(roomId);
        }
        else
        {
            roomsBackPressured.remove(roomId);
        }
    }

    /**
     * @return the sessions on a room's stream now (empty when it is closed).
     */
    public synchronized Set<Long> roomMembers(final long roomId)
    {
        return new HashSet<>(roomMembers.getOrDefault(roomId, Set.of()));
    }

    public synchronized int roomStreamId(final long roomId)
    {
        return roomStreamIds.getOrDefault(roomId, 0);
    }

    /**
     * @return a copy of what a room's stream took, in order.
     */
    public synchronized List<UnsafeBuffer> roomMessages(final long roomId)
    {
        final List<UnsafeBuffer> copies = new ArrayList<>();
        for (final byte[] bytes : roomMessages.getOrDefault(roomId, List.of()))
        {
            copies.add(new UnsafeBuffer(bytes));
        }
        return copies;
    }

    public synchronized void onSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int offset, final int length)
    {
        open.add(sessionId);
        withChannel.add(sessionId);
        messages.computeIfAbsent(sessionId, k -> new ArrayList<>());
    }

    public synchronized long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!open.contains(sessionId))
        {
            return NOT_CONNECTED;
        }
        if (backPressured.contains(sessionId))
        {
            return BACK_PRESSURED;
        }
        if (Rejection.NONE != validator.validate(buffer, offset, length))
        {
            invalid++;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        messages.get(sessionId).add(copy);
        return length;
    }

    public synchronized void onSessionClosed(final long sessionId)
    {
        open.remove(sessionId);
        withChannel.remove(sessionId);
        everClosed.add(sessionId);
    }

    public synchronized void backPressure(final long sessionId, final boolean on)
    {
        if (on)
        {
            backPressured.add(sessionId);
        }
        else
        {
            backPressured.remove(sessionId);
        }
    }

    public synchronized boolean isOpen(final long sessionId)
    {
        return open.contains(sessionId);
    }

    public synchronized boolean wasClosed(final long sessionId)
    {
        return everClosed.contains(sessionId);
    }

    /**
     * @return a copy of the messages a session received, in order.
     */
    public synchronized List<UnsafeBuffer> messages(final long sessionId)
    {
        final List<UnsafeBuffer> copies = new ArrayList<>();
        for (final byte[] bytes : messages.getOrDefault(sessionId, List.of()))
        {
            copies.add(new UnsafeBuffer(bytes));
        }
        return copies;
    }

    public synchronized int count(final long sessionId, final MessageType type)
    {
        int count = 0;
        for (final byte[] bytes : messages.getOrDefault(sessionId, List.of()))
        {
            if (MessageType.get(new UnsafeBuffer(bytes).getShort(2) & 0xFFFF) == type)
            {
                count++;
            }
        }
        return count;
    }

    public synchronized long invalidMessages()
    {
        return invalid;
    }

    public synchronized void clear(final long sessionId)
    {
        messages.computeIfAbsent(sessionId, k -> new ArrayList<>()).clear();
    }
}
