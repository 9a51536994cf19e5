package io.ringside.engine.logic;

import io.ringside.codec.ProtocolLimits;
import io.ringside.directory.RoomIds;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.Matchmaker;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.ha.HaRoomIds;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.Object2ObjectHashMap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The open rooms: by id, by join code (private ones), and in creation order (the order they tick and are saved in), with the next room id. A room
 * is made for a join ({@link #newRoom}) and listed only once its first player is seated ({@link #register}), so a
 * join the game refuses leaves no room and uses up no id. Logic thread only.
 */
final class RoomDirectory
{
    private static final long HA_STREAM_BIT = 1L << 27;

    private final Long2ObjectHashMap<Room> byId = new Long2ObjectHashMap<>();
    private final Object2ObjectHashMap<String, Room> byJoinCode = new Object2ObjectHashMap<>();
    private final Candidates candidates = new Candidates();
    private final ArrayList<Room> rooms = new ArrayList<>();
    private final LogicContext settings;
    private final GameRegistry games;
    private long nextRoomId = 1;

    RoomDirectory(final LogicContext settings, final GameRegistry games)
    {
        this.settings = settings;
        this.games = games;
        this.nextRoomId = settings.engineId > 0 ? RoomIds.firstRoomId(settings.engineId) : 1;
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
     * @return the open private room with that join code, or null.
     */
    Room byJoinCode(final String joinCode)
    {
        return byJoinCode.get(joinCode);
    }

    /**
     * The game's public rooms with a free seat whose metadata holds the filter, in creation order, for its
     * matchmaker; valid until the next call.
     */
    Matchmaker.Candidates candidates(final Game game, final RoomOptions filter)
    {
        candidates.rooms.clear();
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.get(i);
            if (room.game == game && !room.isPrivate() && !room.isFull() && room.metadataPairs.holds(filter))
            {
                candidates.rooms.add(room);
            }
        }
        return candidates;
    }

    /**
     * @return the room a matchmaker chose from {@link #candidates}, or null for a new room.
     * @throws IllegalStateException for an index that names no candidate.
     */
    Room chosen(final int index)
    {
        if (index < -1 || index >= candidates.rooms.size())
        {
            throw new IllegalStateException("the matchmaker chose candidate " + index + " of " + candidates.rooms.size());
        }
        return -1 == index ? null : candidates.rooms.get(index);
    }

    /**
     * The game's public rooms whose metadata holds the filter, full or not, in creation order: a page of them.
     *
     * @param page filled with the page's rooms, from the {@code firstRoom}-th match, at most {@code pageSize}.
     * @return how many rooms match in all.
     */
    int list(final Game game, final RoomOptions filter, final int firstRoom, final int pageSize, final List<Room> page)
    {
        page.clear();
        int matching = 0;
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.get(i);
            if (room.game == game && !room.isPrivate() && room.metadataPairs.holds(filter))
            {
                if (matching >= firstRoom && page.size() < pageSize)
                {
                    page.add(room);
                }
                matching++;
            }
        }
        return matching;
    }

    /**
     * A room for the next room id, not yet listed.
     *
     * @param joinCode for a private room ({@link #newJoinCode}), null for a public one.
     */
    Room newRoom(final Game game, final long seed, final long tick, final String joinCode)
    {
        final long roomId = nextRoomId;
        final GameRoom state = game.createRoom(
            new RoomSettings(roomId, game.maxPlayers(), settings.tickIntervalNs * game.tickDivisor(), seed));
        return new Room(roomId, game, games.games().indexOf(game), state, game.maxPlayers(),
            roomStreamId(roomId, game.maxPlayers()), joinCode, tick);
    }

    /**
     * @param random bits from a secure source, decided at ingress and carried in the ring event (so replay finds the
     *               same code).
     * @return a join code no open room has: 8 characters of a 32-letter alphabet without look-alikes (40 bits).
     */
    String newJoinCode(final long random)
    {
        long bits = random;
        while (true)
        {
            final String code = JoinCodes.toCode(bits);
            if (!byJoinCode.containsKey(code))
            {
                return code;
            }
            bits = JoinCodes.next(bits);
        }
    }

    /**
     * A mirror of an HA room, for the id the HA cluster gave it, not yet listed; the engine's own room ids are not
     * used up by it.
     */
    Room newMirror(final Game game, final long roomId, final long tick)
    {
        final GameRoom state = game.createRoom(
            new RoomSettings(roomId, game.maxPlayers(), settings.tickIntervalNs * game.tickDivisor(), 0));
        return new Room(roomId, game, games.games().indexOf(game), state, game.maxPlayers(),
            roomStreamId(roomId, game.maxPlayers()), null, tick);
    }

    /**
     * List a mirror made by {@link #newMirror}.
     */
    void registerMirror(final Room room)
    {
        add(room);
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
                if (room.isPrivate())
                {
                    byJoinCode.remove(room.joinCode);
                }
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
     * Rooms in creation order (the next room id is the checkpoint's, in its header), each with its game (by registry
     * index and name), join code, members, the metadata matchmaking and listings see (what the game said at the last
     * change of members, which its state now may not say) and the game's own state.
     */
    void writeState(final StateWriter out)
    {
        final List<Game> registered = games.games();
        out.putInt(rooms.size());
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.get(i);
            out.putLong(room.roomId).putInt(registered.indexOf(room.game)).putInt(room.game.name().hashCode())
                .putLong(JoinCodes.pack(room.joinCode)).putInt(room.memberCount).putLong(room.emptySinceTick);
            writeText(out, room.metadata);
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
            final String joinCode = JoinCodes.unpack(in.getLong());
            final GameRoom state = game.createRoom(
                new RoomSettings(roomId, game.maxPlayers(), settings.tickIntervalNs * game.tickDivisor(), 0));
            final Room room = new Room(roomId, game, gameIndex, state, game.maxPlayers(),
                roomStreamId(roomId, game.maxPlayers()), joinCode, 0);
            final int memberCount = in.getInt();
            room.emptySinceTick = in.getLong();
            room.metadata = readText(in);
            room.metadataPairs = RoomOptions.parseLenient(room.metadata);
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
     * Give each restored session back the room it watched (in the sessions' table order).
     */
    void restoreWatchers(final SessionTable sessions, final Long2LongHashMap watchedOfSession)
    {
        for (int i = 0, size = sessions.size(); i < size; i++)
        {
            final Session session = sessions.at(i);
            final long roomId = watchedOfSession.get(session.sessionId);
            if (roomId > 0)
            {
                final Room room = get(roomId);
                if (null == room)
                {
                    throw new IllegalStateException("session " + session.sessionId + " watches room " + roomId +
                        ", which was not saved");
                }
                session.watching = room;
                room.watchers.add(session);
            }
        }
    }

    /**
     * Printable ASCII (a room's cleaned metadata) as its length and its characters, one int each: rarely written, so
     * kept simple.
     */
    private static void writeText(final StateWriter out, final String text)
    {
        out.putInt(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            out.putInt(text.charAt(i));
        }
    }

    private static String readText(final StateReader in)
    {
        final int length = in.getInt();
        if (length < 0 || length > ProtocolLimits.MAX_ROOM_TEXT_LENGTH)
        {
            throw new IllegalStateException("room metadata of " + length + " characters in a checkpoint");
        }
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            chars[i] = (char)in.getInt();
        }
        return new String(chars);
    }

    /**
     * A room small enough is broadcast on a stream of its own; derived from settings, never saved.
     */
    private int roomStreamId(final long roomId, final int maxPlayers)
    {
        if (maxPlayers > settings.roomStreamMaxSeats)
        {
            return 0;
        }
        // an HA room's mirror streams in the upper half of the range (its number has nothing to do with this
        // engine's room numbers), so the two never share a stream id on this engine's driver
        return ProtocolLimits.roomStreamId(HaRoomIds.isHa(roomId) ? roomId | HA_STREAM_BIT : roomId);
    }

    private void add(final Room room)
    {
        room.index = rooms.size();
        rooms.add(room);
        byId.put(room.roomId, room);
        if (room.isPrivate())
        {
            byJoinCode.put(room.joinCode, room);
        }
    }

    /**
     * The candidates of one matchmaking, over a list reused for every request.
     */
    private static final class Candidates implements Matchmaker.Candidates
    {
        final ArrayList<Room> rooms = new ArrayList<>();

        public int count()
        {
            return rooms.size();
        }

        public long roomId(final int index)
        {
            return rooms.get(index).roomId;
        }

        public int playerCount(final int index)
        {
            return rooms.get(index).memberCount;
        }

        public int maxPlayers(final int index)
        {
            return rooms.get(index).maxPlayers;
        }

        public RoomOptions metadata(final int index)
        {
            return rooms.get(index).metadataPairs;
        }
    }
}
