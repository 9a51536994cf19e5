package io.ringside.engine.logic;

import io.ringside.codec.ProtocolLimits;

import java.util.ArrayList;

/**
 * One page of a room listing, as a RoomList carries it: the rooms, then their ids, player counts, seats and metadata
 * (each ended by a newline) in flat arrays the output writer encodes. Reused for every ListRooms. Logic thread only.
 */
final class RoomListPage
{
    final ArrayList<Room> rooms = new ArrayList<>(ProtocolLimits.MAX_ROOM_LIST_PAGE);
    final long[] roomIds = new long[ProtocolLimits.MAX_ROOM_LIST_PAGE];
    final int[] playerCounts = new int[ProtocolLimits.MAX_ROOM_LIST_PAGE];
    final int[] maxPlayers = new int[ProtocolLimits.MAX_ROOM_LIST_PAGE];
    final StringBuilder metadata = new StringBuilder(ProtocolLimits.MAX_ROOM_LIST_PAGE * (ProtocolLimits.MAX_ROOM_TEXT_LENGTH + 1));
    int count;

    /**
     * Fill the arrays from {@link #rooms}.
     */
    void fill()
    {
        count = rooms.size();
        metadata.setLength(0);
        for (int i = 0; i < count; i++)
        {
            final Room room = rooms.get(i);
            roomIds[i] = room.roomId;
            playerCounts[i] = room.memberCount;
            maxPlayers[i] = room.maxPlayers;
            metadata.append(room.metadata).append('\n');
        }
    }
}
