package io.ringside.engine.logic;

import io.ringside.codec.state.StateSchema;
import io.ringside.codec.state.StateSchemaCodec;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.ha.HaRoomIds;
import io.ringside.engine.output.OutputRecordDescriptor;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * A room hosting one game, as the logic thread sees it: the game's state plus the seated sessions in join order.
 */
final class Room
{
    final long roomId;
    final Game game;
    /**
     * The game's index in the registry: how saved states and records name it.
     */
    final int gameIndex;
    final GameRoom state;
    /**
     * The room ticks on every this many engine ticks.
     */
    final int tickDivisor;
    /**
     * The game's declared state, or null for the fixed entity view; with the record length of its frames.
     */
    final StateSchema stateSchema;
    final int stateRecordLength;
    /**
     * The declaration's bytes, as each member is sent them when seated.
     */
    final byte[] stateSchemaBytes;
    /**
     * The messages the game declares, taken when the room was created.
     */
    final MessageCatalog messages;
    final int maxPlayers;
    /**
     * The stream every member reads this room's snapshots from, or 0 when each member gets its own view.
     */
    final int roomStreamId;
    /**
     * A private room's join code (never listed nor matched, joined by the code only); null for a public room.
     */
    final String joinCode;
    /**
     * Watchers at most: each reads the room's stream, as a member does, without a seat.
     */
    static final int MAX_WATCHERS = 256;

    /**
     * Whether the room runs on the HA cluster (its id says so): here it is a mirror, its state applied from the
     * cluster's frames, never ticked or called by this engine.
     */
    final boolean ha;
    /**
     * HA rooms: the tick of the last frame applied, and the inputs of this tick waiting for the next batch.
     */
    long lastMirroredTick;
    final HaRelay.Batch haBatch;
    final Session[] members;
    /**
     * Sessions watching the room without a seat, in the order they started.
     */
    final java.util.ArrayList<Session> watchers = new java.util.ArrayList<>();
    final Int2ObjectHashMap<Session> membersByEntityId = new Int2ObjectHashMap<>();
    int memberCount;
    long emptySinceTick;
    int index;
    /**
     * The game's tick failed last time (its members were told once, not every tick). Not part of the state: it only
     * decides whether to tell.
     */
    boolean tickFaulting;
    /**
     * What the game said of the room when it opened or its members last changed, cleaned to printable ASCII; and its
     * pairs, which filters match. Derived from the game's state, not saved.
     */
    String metadata = "";
    RoomOptions metadataPairs = RoomOptions.NONE;

    Room(
        final long roomId,
        final Game game,
        final int gameIndex,
        final GameRoom state,
        final int maxPlayers,
        final int roomStreamId,
        final String joinCode,
        final long createdTick)
    {
        this.roomId = roomId;
        this.game = game;
        this.gameIndex = gameIndex;
        this.state = state;
        this.tickDivisor = game.tickDivisor();
        this.stateSchema = game.state();
        this.stateRecordLength = null == stateSchema ? 0 :
            OutputRecordDescriptor.stateRecordLength(stateSchema.maxRecordLength());
        this.stateSchemaBytes = null == stateSchema ? null : StateSchemaCodec.encode(stateSchema);
        this.messages = game.messages();
        this.maxPlayers = maxPlayers;
        this.roomStreamId = roomStreamId;
        this.joinCode = joinCode;
        this.members = new Session[maxPlayers];
        this.ha = HaRoomIds.isHa(roomId);
        this.haBatch = ha ? new HaRelay.Batch() : null;
        this.emptySinceTick = createdTick;
    }

    /**
     * @return whether the room ticks on this engine tick: every {@link #tickDivisor} ticks, offset by the room id so
     * that the rooms of a game spread their ticks.
     */
    boolean ticksOn(final long tick)
    {
        return 1 == tickDivisor || 0 == (tick + roomId) % tickDivisor;
    }

    boolean isPrivate()
    {
        return null != joinCode;
    }

    boolean isFull()
    {
        return memberCount == maxPlayers;
    }

    void add(final Session session)
    {
        members[memberCount++] = session;
        membersByEntityId.put(session.entityId, session);
    }

    /**
     * Remove a member, keeping the join order of the others (so that iteration stays deterministic and fair).
     */
    void remove(final Session session)
    {
        for (int i = 0; i < memberCount; i++)
        {
            if (members[i] == session)
            {
                System.arraycopy(members, i + 1, members, i, memberCount - i - 1);
                members[--memberCount] = null;
                break;
            }
        }
        membersByEntityId.remove(session.entityId);
    }
}
