package io.ringside.engine.logic;

import io.ringside.codec.ProtocolLimits;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The open rooms: by id, and in creation order (the order they tick and are saved in), with the next room id. A room
 * is made for a join ({@link #newRoom}) and listed only once its first player is seated ({@link #register}), so a
 * join the game refuses leaves no room and uses up no id. Logic thread only.
 */
final class RoomDirectory
{
    private final Long2ObjectHashMap<Room> byId = new Long2ObjectHashMap<>();
    private final ArrayList<Room> rooms = new ArrayList<>();
    private final LogicSettings settings;
    private final GameRegistry games;
    private long nextRoomId = 1;

    RoomDirectory(final LogicSettings settings, final GameRegistry games)
    {
        this.settings = settings;
        this.games = games;
    }

    int size()
    {
        return rooms.size();
    }

    boolean isEmpty()
    {
        return rooms.isEmpty();
    }

    /**
     * @param index 0 until {@link #size()}.
     */
    Room at(final int index)
    {
        return rooms.get(index);
    }

    /**
     * @return the open room with that id, or null.
     */
    Room get(final long roomId)
    {
        return byId.get(roomId);
    }

    /**
     * @return the first room of the game, in creation order, with a free seat; or null.
     */
    Room firstOpen(final Game game)
    {
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room candidate = rooms.get(i);
            if (candidate.game == game && !candidate.isFull())
            {
                return candidate;
            }
        }
        return null;
    }

    /**
     * A room for the next room id, not yet listed.
     */
    Room newRoom(final Game game, final long seed, final long tick)
    {
        final long roomId = nextRoomId;
        final GameRoom state = game.createRoom(
            new RoomSettings(roomId, game.maxPlayers(), settings.tickIntervalNs * game.tickDivisor(), seed));
        return new Room(roomId, game, games.games().indexOf(game), state, game.maxPlayers(),
            roomStreamId(roomId, game.maxPlayers()), tick);
    }

    boolean isListed(final Room room)
    {
        return byId.get(room.roomId) == room;
    }

    /**
     * List a room made by {@link #newRoom}; its id is used up.
     */
    void register(final Room room)
    {
        nextRoomId++;
        add(room);
    }

    /**
     * Close the rooms that have stood empty for the grace period, each handed to {@code onClose} first.
     */
    void closeEmpty(final long tick, final long graceTicks, final Consumer<Room> onClose)
    {
        int kept = 0;
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.get(i);
            if (0 == room.memberCount && tick - room.emptySinceTick >= graceTicks)
            {
                onClose.accept(room);
                byId.remove(room.roomId);
                continue;
            }
            room.index = kept;
            rooms.set(kept++, room);
        }
        while (rooms.size() > kept)
        {
            rooms.remove(rooms.size() - 1);
        }
    }

    long nextRoomId()
    {
        return nextRoomId;
    }

    void nextRoomId(final long nextRoomId)
    {
        this.nextRoomId = nextRoomId;
    }

    /**
     * Rooms in creation order (the next room id is the checkpoint's, in its header), each with its game (by registry index and name), members and the game's own state.
     */
    void writeState(final StateWriter out)
    {
        final List<Game> registered = games.games();
        out.putInt(rooms.size());
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.get(i);
            out.putLong(room.roomId).putInt(registered.indexOf(room.game)).putInt(room.game.name().hashCode())
                .putInt(room.memberCount).putLong(room.emptySinceTick);
            for (int m = 0; m < room.memberCount; m++)
            {
                out.putLong(room.members[m].sessionId);
            }
            room.state.writeState(out);
        }
    }

    /**
     * Restore what {@link #writeState} wrote, seating the sessions restored before it.
     */
    void readState(final StateReader in, final SessionTable sessions, final Long2LongHashMap roomOfSession)
    {
        final List<Game> registered = games.games();
        final int roomCount = in.getInt();
        for (int i = 0; i < roomCount; i++)
        {
            final long roomId = in.getLong();
            final int gameIndex = in.getInt();
            final int nameHash = in.getInt();
            if (gameIndex < 0 || gameIndex >= registered.size() || registered.get(gameIndex).name().hashCode() != nameHash)
            {
                throw new IllegalStateException("room " + roomId + " was saved with game #" + gameIndex +
                    ", which is not registered here in the same order");
            }
            final Game game = registered.get(gameIndex);
            final GameRoom state = game.createRoom(
                new RoomSettings(roomId, game.maxPlayers(), settings.tickIntervalNs * game.tickDivisor(), 0));
            final Room room = new Room(
                roomId, game, gameIndex, state, game.maxPlayers(), roomStreamId(roomId, game.maxPlayers()), 0);
            final int memberCount = in.getInt();
            room.emptySinceTick = in.getLong();
            for (int m = 0; m < memberCount; m++)
            {
                final Session member = sessions.get(in.getLong());
                if (null == member || roomOfSession.get(member.sessionId) != roomId)
                {
                    throw new IllegalStateException("room " + roomId + " lists a member that is not seated in it");
                }
                member.room = room;
                room.add(member);
            }
            state.readState(in);
            add(room);
        }
    }

    /**
     * A room small enough is broadcast on a stream of its own; derived from settings, never saved.
     */
    private int roomStreamId(final long roomId, final int maxPlayers)
    {
        return maxPlayers <= settings.roomStreamMaxSeats ? ProtocolLimits.roomStreamId(roomId) : 0;
    }

    private void add(final Room room)
    {
        room.index = rooms.size();
        rooms.add(room);
        byId.put(room.roomId, room);
    }
}
