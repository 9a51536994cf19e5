package io.ringside.ha;

import io.ringside.codec.ha.HaEventKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.game.StateHasher;
import io.ringside.engine.logic.BufferStateWriter;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

import java.util.ArrayList;

/**
 * One HA room in the service: the game's room, its members (each a session of a gateway), and what the game reported
 * since the room's last frame. Every call into game code for the room happens here. The service's thread only.
 */
final class HaRoom
{
    /**
     * Events and messages kept for one frame at most; the rest are counted ({@link #eventsDropped}).
     */
    static final int MAX_EVENTS_PER_FRAME = 1024;

    final long roomId;
    final Game game;
    final GameRoom state;
    final String options;
    final long seed;
    final int maxPlayers;
    final int tickDivisor;
    final Member[] members;
    int memberCount;
    long emptySinceTick;
    long inputs;
    long eventsDropped;
    long stateHash;

    private final ArrayList<Event> events = new ArrayList<>();
    private int eventCount;
    private long tick;
    private final Recorder recorder = new Recorder();
    private final BufferStateWriter stateWriter = new BufferStateWriter();

    HaRoom(final long roomId, final Game game, final GameRoom state, final String options, final long seed,
        final long createdTick)
    {
        this.seed = seed;
        this.roomId = roomId;
        this.game = game;
        this.state = state;
        this.options = options;
        this.maxPlayers = game.maxPlayers();
        this.tickDivisor = Math.max(1, game.tickDivisor());
        this.members = new Member[maxPlayers];
        this.emptySinceTick = createdTick;
    }

    /**
     * A member: a player seated through a gateway.
     */
    static final class Member
    {
        int gatewayId;
        long sessionId;
        long playerId;
        int entityId;
        long lastInputSequence;
        long lastInputClientTimeNs;
    }

    boolean ticksOn(final long tick)
    {
        return 1 == tickDivisor || 0 == (tick + roomId) % tickDivisor;
    }

    Member member(final int gatewayId, final long sessionId)
    {
        for (int i = 0; i < memberCount; i++)
        {
            final Member member = members[i];
            if (member.sessionId == sessionId && member.gatewayId == gatewayId)
            {
                return member;
            }
        }
        return null;
    }

    Member memberByEntity(final int entityId)
    {
        for (int i = 0; i < memberCount; i++)
        {
            if (members[i].entityId == entityId)
            {
                return members[i];
            }
        }
        return null;
    }

    /**
     * Seat a player, if the game agrees.
     *
     * @return the member, or null with the refusal in {@code refusal[0]}.
     */
    Member join(final int gatewayId, final long sessionId, final long playerId, final long tick,
        final ErrorCode[] refusal)
    {
        this.tick = tick;
        if (memberCount == maxPlayers)
        {
            refusal[0] = ErrorCode.ROOM_FULL;
            return null;
        }
        final ErrorCode veto = state.onJoinAttempt(playerId);
        if (ErrorCode.OK != veto)
        {
            refusal[0] = null == veto || ErrorCode.NULL_VAL == veto ? ErrorCode.GAME_FAULT : veto;
            return null;
        }
        final int entityId = state.onJoin(playerId, null, recorder); // HA rooms keep no saved player state
        if (entityId <= 0)
        {
            throw new IllegalStateException("game " + game.name() + " returned entity id " + entityId);
        }
        final Member member = new Member();
        member.gatewayId = gatewayId;
        member.sessionId = sessionId;
        member.playerId = playerId;
        member.entityId = entityId;
        members[memberCount++] = member;
        recorder.toRoom(GameEventType.PLAYER_JOINED, entityId, 0, memberCount, 0, 0);
        return member;
    }

    void leave(final Member member, final LeaveReason reason, final long tick)
    {
        this.tick = tick;
        try
        {
            state.onLeave(member.entityId, reason, recorder);
        }
        finally
        {
            for (int i = 0; i < memberCount; i++)
            {
                if (members[i] == member)
                {
                    System.arraycopy(members, i + 1, members, i, memberCount - i - 1);
                    members[--memberCount] = null;
                    break;
                }
            }
            recorder.toRoom(GameEventType.PLAYER_LEFT, member.entityId, 0, memberCount, 0, 0);
            if (0 == memberCount)
            {
                emptySinceTick = tick;
            }
        }
    }

    ErrorCode input(final Member member, final long inputSequence, final long clientTimeNs, final float thrust,
        final float turn, final boolean fire)
    {
        if (inputSequence <= member.lastInputSequence)
        {
            return null; // stale: an earlier batch carried a later input
        }
        member.lastInputSequence = inputSequence;
        member.lastInputClientTimeNs = clientTimeNs;
        inputs++;
        return state.onInput(member.entityId, thrust, turn, fire, recorder);
    }

    ErrorCode action(final Member member, final int cell)
    {
        inputs++;
        return state.onAction(member.entityId, cell, recorder);
    }

    ErrorCode message(final Member member, final int opcode, final DirectBuffer payload, final int offset,
        final int length)
    {
        final int capBytes = game.messages().fromClientCapBytes(opcode);
        if (capBytes < 0)
        {
            return ErrorCode.UNKNOWN_OPCODE;
        }
        if (length > capBytes)
        {
            return ErrorCode.MESSAGE_TOO_LONG;
        }
        inputs++;
        return state.onMessage(member.entityId, opcode, payload, offset, length, recorder);
    }

    void tick(final long tick)
    {
        this.tick = tick;
        state.onTick(tick, recorder);
    }

    /**
     * Write the room's state and hash it with the room's own tables into {@link #stateHash}.
     *
     * @return the state's length in bytes.
     */
    int writeState(final ExpandableArrayBuffer buffer, final int offset, final StateHasher hasher)
    {
        final BufferStateWriter writer = stateWriter.wrap(buffer, offset);
        state.writeState(writer);
        final int length = writer.length();
        hasher.reset().hash(roomId).hash(memberCount).hash(inputs).hash(emptySinceTick);
        for (int i = 0; i < memberCount; i++)
        {
            final Member member = members[i];
            hasher.hash(member.gatewayId).hash(member.sessionId).hash(member.playerId).hash(member.entityId)
                .hash(member.lastInputSequence).hash(member.lastInputClientTimeNs);
        }
        int i = 0;
        for (; i + Long.BYTES <= length; i += Long.BYTES)
        {
            hasher.hash(buffer.getLong(offset + i));
        }
        for (; i < length; i++)
        {
            hasher.hash(buffer.getByte(offset + i));
        }
        stateHash = hasher.value();
        return length;
    }

    // ------------------------------------------------------------------ what the game reported since the last frame

    int eventCount()
    {
        return eventCount;
    }

    Event event(final int index)
    {
        return events.get(index);
    }

    void clearEvents()
    {
        eventCount = 0;
    }

    /**
     * One event or message of the room, kept for its next frame.
     */
    static final class Event
    {
        HaEventKind kind;
        int recipient;
        long tick;
        GameEventType type = GameEventType.SPAWN;
        int subjectId;
        int objectId;
        int value;
        float x;
        float y;
        int opcode;
        final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(64);
        int payloadLength;
    }

    private Event nextEvent(final HaEventKind kind, final int recipient)
    {
        if (eventCount == MAX_EVENTS_PER_FRAME)
        {
            eventsDropped++;
            return null;
        }
        if (eventCount == events.size())
        {
            events.add(new Event());
        }
        final Event event = events.get(eventCount++);
        event.kind = kind;
        event.recipient = recipient;
        event.tick = tick;
        event.opcode = 0;
        event.payloadLength = 0;
        return event;
    }

    /**
     * What the game reports, kept in order for the room's next frame; messages checked against the game's
     * declaration as the engine checks them.
     */
    private final class Recorder implements GameEvents
    {
        public void toRoom(final GameEventType type, final int subjectId, final int objectId, final int value,
            final float x, final float y)
        {
            event(HaEventKind.EVENT_TO_ROOM, 0, type, subjectId, objectId, value, x, y);
        }

        public void toPlayer(final int recipientEntityId, final GameEventType type, final int subjectId,
            final int objectId, final int value, final float x, final float y)
        {
            event(HaEventKind.EVENT_TO_PLAYER, recipientEntityId, type, subjectId, objectId, value, x, y);
        }

        public void messageToPlayer(final int recipientEntityId, final int opcode, final DirectBuffer payload,
            final int offset, final int length)
        {
            message(HaEventKind.MESSAGE_TO_PLAYER, recipientEntityId, opcode, payload, offset, length);
        }

        public void messageToRoom(final int opcode, final DirectBuffer payload, final int offset, final int length)
        {
            message(HaEventKind.MESSAGE_TO_ROOM, 0, opcode, payload, offset, length);
        }

        public void messageToRoomExcept(final int exceptEntityId, final int opcode, final DirectBuffer payload,
            final int offset, final int length)
        {
            message(HaEventKind.MESSAGE_TO_ROOM, exceptEntityId, opcode, payload, offset, length);
        }

        private void event(final HaEventKind kind, final int recipient, final GameEventType type, final int subjectId,
            final int objectId, final int value, final float x, final float y)
        {
            final Event event = nextEvent(kind, recipient);
            if (null != event)
            {
                event.type = type;
                event.subjectId = subjectId;
                event.objectId = objectId;
                event.value = value;
                event.x = x;
                event.y = y;
            }
        }

        private void message(final HaEventKind kind, final int recipient, final int opcode, final DirectBuffer payload,
            final int offset, final int length)
        {
            final MessageCatalog messages = game.messages();
            final int capBytes = messages.toClientCapBytes(opcode);
            if (capBytes < 0 || length < 0 || length > capBytes)
            {
                throw new IllegalArgumentException("game " + game.name() + " sent opcode " + opcode + " with " +
                    length + " bytes, which it does not declare");
            }
            final Event event = nextEvent(kind, recipient);
            if (null != event)
            {
                event.opcode = opcode;
                event.payload.putBytes(0, payload, offset, length);
                event.payloadLength = length;
            }
        }
    }
}
