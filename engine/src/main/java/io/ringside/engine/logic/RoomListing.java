package io.ringside.engine.logic;

import java.util.List;

/**
 * The open rooms as other threads may read them (the HTTP API, tools): a list the logic thread replaces whenever a
 * room opens or closes or its members change, never changes in place, and publishes through a volatile field. Values
 * are as of that change; nothing here is game state or decides anything.
 */
public final class RoomListing
{
    /**
     * One room as listed.
     *
     * @param roomId     the room.
     * @param game       its game's name.
     * @param maxPlayers its seats.
     * @param playerIds  the authenticated players seated, in join order.
     * @param metadata   what the game says of the room ({@code GameRoom.metadata()}).
     * @param privateRoom whether the room is joined by its code only (never listed to clients nor matched).
     * @param stateBytes the size of the room's checkpoint state when its members last changed.
     * @param tick       the engine tick of that change.
     */
    public record Room(
        long roomId, String game, int maxPlayers, List<Long> playerIds, String metadata, boolean privateRoom,
        int stateBytes, long tick)
    {
        public int players()
        {
            return playerIds.size();
        }
    }

    private volatile List<Room> rooms = List.of();

    /**
     * @return the rooms in creation order, as of the last change; any thread.
     */
    public List<Room> rooms()
    {
        return rooms;
    }

    /**
     * @return the room with that id, or null; any thread.
     */
    public Room room(final long roomId)
    {
        for (final Room room : rooms)
        {
            if (room.roomId() == roomId)
            {
                return room;
            }
        }
        return null;
    }

    void publish(final List<Room> rooms)
    {
        this.rooms = List.copyOf(rooms);
    }
}
