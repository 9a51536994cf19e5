package io.ringside.engine.logic;

import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.state.FieldKind;
import io.ringside.codec.state.StateSchema;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.game.ViewWriter;
import io.ringside.engine.output.OutputWriter;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;

import java.nio.ByteOrder;
import java.util.function.Consumer;

/**
 * Runs the rooms: seats and unseats players, hands their inputs, actions and messages to the game, ticks every room
 * and writes its frame, and turns what a game reports (events, messages) into output records. Every call into game
 * code happens here, always before the engine's own tables change, so a game that throws leaves them as they were;
 * a room whose tick throws has that tick taken back alone. Logic thread only.
 */
final class RoomHost
{
    private final LogicContext settings;
    private final LogicState state;
    private final LogicCounters counters;
    private final RoomDirectory rooms;
    private final SavedStates savedStates;
    private final RoomEvents roomEvents = new RoomEvents();
    private final FrameView frameView = new FrameView();
    private final Consumer<Room> disposer = this::dispose;
    private final RoomListing listing = new RoomListing();
    private final SizingStateWriter sizing = new SizingStateWriter();
    private boolean listingChanged;
    private OutputWriter output;
    private HaRelay relay;
    private ErrorHandler faultHandler = ex -> {};

    RoomHost(
        final LogicContext settings,
        final LogicState state,
        final LogicCounters counters,
        final RoomDirectory rooms,
        final SavedStates savedStates)
    {
        this.settings = settings;
        this.state = state;
        this.counters = counters;
        this.rooms = rooms;
        this.savedStates = savedStates;
    }

    void output(final OutputWriter output)
    {
        this.output = output;
    }

    void faultHandler(final ErrorHandler faultHandler)
    {
        this.faultHandler = faultHandler;
    }

    /**
     * @param relay where what players do in HA rooms goes (their game runs on the HA cluster).
     */
    void relay(final HaRelay relay)
    {
        this.relay = relay;
    }

    /**
     * A request failed inside game code: forget the room the events were bound to.
     */
    void unbind()
    {
        roomEvents.bind(null, null);
    }

    void refuse(final Session session, final long correlationId, final ErrorCode code, final String text)
    {
        counters.rejection(code);
        output.error(session.sessionId, correlationId, code, text);
    }

    RoomListing listing()
    {
        return listing;
    }

    /**
     * Publish the rooms as they now are, if a room opened or closed or its members changed since the last time.
     * Allocates the new list: only after joins, leaves and closes, never on a tick that changed no seat.
     */
    void publishListing()
    {
        if (!listingChanged)
        {
            return;
        }
        listingChanged = false;
        final java.util.ArrayList<RoomListing.Room> published = new java.util.ArrayList<>(rooms.size());
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.at(i);
            final Long[] players = new Long[room.memberCount];
            for (int m = 0; m < room.memberCount; m++)
            {
                players[m] = room.members[m].playerId;
            }
            sizing.reset();
            try
            {
                room.state.writeState(sizing);
            }
            catch (final RuntimeException ex)
            {
                // a listing is no reason to stop: the room is listed without its size
                counters.gameFaults.incrementRelease();
                faultHandler.onError(ex);
            }
            published.add(new RoomListing.Room(room.roomId, room.game.name(), room.maxPlayers,
                java.util.List.of(players), room.metadata, room.isPrivate(), sizing.length(), state.tick));
        }
        listing.publish(published);
    }

    // ------------------------------------------------------------------ seats

    /**
     * Open a room just made for a request with the request's options, if its game takes them, and seat the session
     * in it; a room the game refuses is dropped unlisted.
     */
    void create(final Session session, final Room room, final RoomOptions options, final long correlationId)
    {
        final ErrorCode refusal = createState(room, options);
        if (ErrorCode.OK != refusal)
        {
            refuse(session, correlationId, refusal, "the game refused the room's options");
            return;
        }
        join(session, room, correlationId);
    }

    /**
     * Open a room just made for the HTTP API with the request's options, if its game takes them, and list it empty.
     *
     * @return OK, or the game's refusal.
     */
    ErrorCode open(final Room room, final RoomOptions options)
    {
        final ErrorCode refusal = createState(room, options);
        if (ErrorCode.OK == refusal)
        {
            rooms.register(room);
            counters.roomsCreated.incrementRelease();
            listingChanged = true;
            refreshMetadata(room);
        }
        return refusal;
    }

    private static ErrorCode createState(final Room room, final RoomOptions options)
    {
        final ErrorCode refusal = room.state.onCreate(options);
        return null == refusal || ErrorCode.NULL_VAL == refusal ? ErrorCode.GAME_FAULT : refusal;
    }

    /**
     * Seat a session in a room, if the game agrees (a new room is listed once the game has taken its first player).
     */
    void join(final Session session, final Room room, final long correlationId)
    {
        if (room.ha)
        {
            relay.join(session, room.roomId, correlationId); // the cluster seats the player, or refuses
            return;
        }
        final ErrorCode veto = room.state.onJoinAttempt(session.playerId);
        if (ErrorCode.OK != veto)
        {
            refuse(session, correlationId, null == veto || ErrorCode.NULL_VAL == veto ? ErrorCode.GAME_FAULT : veto,
                "the game refused the join");
            return;
        }
        final long tick = state.tick;
        final int roomJoinedIndex = output.roomJoined(session.sessionId, correlationId, room.roomId, 0,
            room.maxPlayers, room.memberCount + 1, tick, room.roomStreamId, room.joinCode, room.game.name());
        final int memberJoinedIndex = output.memberJoined(room.roomId, session.sessionId, 0, room.roomStreamId);

        roomEvents.bind(room, session);
        final int entityId = room.state.onJoin(
            session.playerId, savedStates.reader(room.gameIndex, session.playerId), roomEvents);
        if (entityId <= 0)
        {
            throw new IllegalStateException("game " + room.game.name() + " returned entity id " + entityId);
        }
        output.patchRoomJoinedEntityId(roomJoinedIndex, entityId);
        output.patchMemberEntityId(memberJoinedIndex, entityId);
        if (null != room.stateSchemaBytes)
        {
            output.roomStateSchema(session.sessionId, room.roomId, room.stateSchemaBytes);
        }

        // the game took the player: from here on the engine's tables change
        seat(session, room, entityId);
        roomEvents.bind(room, null);
        roomEvents.toRoom(GameEventType.PLAYER_JOINED, entityId, 0, room.memberCount, 0, 0);
    }

    /**
     * Let a session watch a room without a seat: RoomJoined with entity 0, the room's stream (egress counts it as a
     * reader and sends it a keyframe), its declaration if it has one; the game is not told. Only a room broadcast on a
     * room stream can be watched (a room too big to broadcast has only per-player views).
     */
    void watch(final Session session, final Room room, final long correlationId)
    {
        if (room.ha)
        {
            refuse(session, correlationId, ErrorCode.INVALID_INPUT, "HA rooms are seen by their players only");
            return;
        }
        if (!ProtocolLimits.isRoomStreamId(room.roomStreamId))
        {
            refuse(session, correlationId, ErrorCode.INVALID_INPUT,
                "this room is not broadcast: only its players see it");
            return;
        }
        if (room.watchers.size() >= Room.MAX_WATCHERS)
        {
            refuse(session, correlationId, ErrorCode.ROOM_FULL, "the room has as many watchers as it takes");
            return;
        }
        output.roomJoined(session.sessionId, correlationId, room.roomId, 0, room.maxPlayers, room.memberCount,
            state.tick, room.roomStreamId, room.joinCode, room.game.name());
        output.memberJoined(room.roomId, session.sessionId, 0, room.roomStreamId);
        if (null != room.stateSchemaBytes)
        {
            output.roomStateSchema(session.sessionId, room.roomId, room.stateSchemaBytes);
        }
        session.watching = room;
        room.watchers.add(session);
        counters.watches.incrementRelease();
    }

    /**
     * A session stops watching its room (it asked, or it is going).
     */
    void unwatch(final Session session)
    {
        final Room room = session.watching;
        output.memberLeft(room.roomId, session.sessionId);
        room.watchers.remove(session);
        session.watching = null;
    }

    /**
     * A session leaves its room: the game saves the player, then lets it go.
     *
     * @param connected whether the player is still connected (for the player-state table).
     * @param reason    whether the player asked to leave.
     */
    void leave(final Session session, final boolean connected, final LeaveReason reason)
    {
        final Room room = session.room;
        if (room.ha)
        {
            // the game runs on the cluster: it hears of the leave there, and tells the others in its next frame
            relay.leave(room, session, reason);
            output.memberLeft(room.roomId, session.sessionId);
            room.remove(session);
            vacate(session, room);
            return;
        }
        final boolean saved = room.state.savePlayer(session.entityId, savedStates.beginSave());
        output.memberLeft(room.roomId, session.sessionId);
        roomEvents.bind(room, null);
        room.state.onLeave(session.entityId, reason, roomEvents);

        // the game let the player go: from here on the engine's tables change
        if (saved)
        {
            keepSavedState(session, room, connected);
        }
        room.remove(session);
        roomEvents.toRoom(GameEventType.PLAYER_LEFT, session.entityId, 0, room.memberCount, 0, 0);
        vacate(session, room);
    }

    /**
     * Take a session out of its room without the game (whose leave failed).
     */
    void unseat(final Session session)
    {
        final Room room = session.room;
        output.memberLeft(room.roomId, session.sessionId);
        room.remove(session);
        vacate(session, room);
    }

    /**
     * A member's transport is gone and its seat held: the game is told ({@link GameRoom#onDrop}). What the game does
     * about it is lost if the game throws; the seat is held either way.
     */
    void drop(final Session session)
    {
        if (session.room.ha)
        {
            return; // the seat is held here; the cluster's game is not told of drops
        }
        final long mark = output.position();
        try
        {
            roomEvents.bind(session.room, null);
            session.room.state.onDrop(session.entityId, roomEvents);
        }
        catch (final RuntimeException ex)
        {
            contain(mark, ex);
        }
    }

    /**
     * A held member is back: the game is told ({@link GameRoom#onResume}). The session resumes whatever the game
     * does; if it throws, what it wrote is taken back.
     */
    void resume(final Session session)
    {
        if (session.room.ha)
        {
            return;
        }
        final long mark = output.position();
        try
        {
            roomEvents.bind(session.room, null);
            session.room.state.onResume(session.entityId, roomEvents);
        }
        catch (final RuntimeException ex)
        {
            contain(mark, ex);
        }
    }

    /**
     * Close the rooms that have stood empty for the room close grace, telling each game
     * ({@link GameRoom#onDispose}).
     */
    void closeEmptyRooms()
    {
        rooms.closeEmpty(state.tick, settings.roomCloseGraceTicks, disposer);
    }

    private void dispose(final Room room)
    {
        // watchers do not keep a room open: each is told it is gone
        for (int i = room.watchers.size() - 1; i >= 0; i--)
        {
            final Session watcher = room.watchers.get(i);
            unwatch(watcher);
            output.roomLeft(watcher.sessionId, 0, room.roomId, state.tick);
        }
        try
        {
            room.state.onDispose();
        }
        catch (final RuntimeException ex)
        {
            counters.gameFaults.incrementRelease();
            faultHandler.onError(ex);
        }
        counters.roomsClosed.incrementRelease();
        listingChanged = true;
    }

    /**
     * Game code failed where the engine goes on regardless: take back what it wrote, count it, record it.
     */
    private void contain(final long mark, final RuntimeException ex)
    {
        output.rewind(mark);
        counters.gameFaults.incrementRelease();
        faultHandler.onError(ex);
    }

    /**
     * Ask the game what it says of the room now, for listings and matchmaking. A game that fails to say leaves what
     * it said before.
     */
    void refreshMetadata(final Room room)
    {
        try
        {
            final String metadata = printable(room.state.metadata());
            if (!metadata.equals(room.metadata))
            {
                room.metadata = metadata;
                room.metadataPairs = RoomOptions.parseLenient(metadata);
            }
        }
        catch (final RuntimeException ex)
        {
            counters.gameFaults.incrementRelease();
            faultHandler.onError(ex);
        }
    }

    /**
     * @return the text as printable ASCII (others replaced by '?'), cut at the longest room text.
     */
    static String printable(final String text)
    {
        if (null == text)
        {
            return "";
        }
        final int length = Math.min(text.length(), ProtocolLimits.MAX_ROOM_TEXT_LENGTH);
        final char[] chars = new char[length];
        for (int i = 0; i < length; i++)
        {
            final char c = text.charAt(i);
            chars[i] = c < ' ' || c > '~' ? '?' : c;
        }
        return new String(chars);
    }

    private void vacate(final Session session, final Room room)
    {
        listingChanged = true;
        refreshMetadata(room);
        if (0 == room.memberCount)
        {
            room.emptySinceTick = state.tick;
        }
        session.room = null;
        session.entityId = 0;
        counters.leaves.incrementRelease();
    }

    private void savePlayer(final Session session)
    {
        final Room room = session.room;
        if (room.state.savePlayer(session.entityId, savedStates.beginSave()))
        {
            keepSavedState(session, room, true);
        }
    }

    /**
     * Keep what the game just saved as the player's saved state in that game, and have it journaled.
     */
    private void keepSavedState(final Session session, final Room room, final boolean connected)
    {
        final byte[] saved = savedStates.keep(room.gameIndex, session.playerId);
        output.playerState(session.playerId, room.gameIndex, room.roomId, saved, connected);
    }

    // ------------------------------------------------------------------ what players send

    void input(
        final Session session,
        final long inputSequence,
        final long clientTimeNs,
        final float thrust,
        final float turn,
        final boolean fire)
    {
        if (null == session.room)
        {
            refuse(session, inputSequence, ErrorCode.NOT_IN_ROOM, "input outside a room");
            return;
        }
        if (inputSequence <= session.lastInputSequence)
        {
            counters.staleInputs.incrementRelease();
            return;
        }

        if (session.room.ha)
        {
            // acknowledged in frames once the cluster applied it (see HaRelay)
            relay.forward(session.room, session);
            return;
        }
        roomEvents.bind(session.room, null);
        final ErrorCode result = session.room.state.onInput(session.entityId, thrust, turn, fire, roomEvents);
        session.lastInputSequence = inputSequence;
        session.lastInputTimeNs = clientTimeNs;
        if (ErrorCode.OK != result)
        {
            refuse(session, inputSequence, result, "input refused by the game");
            return;
        }
        counters.inputs.incrementRelease();
    }

    void action(final Session session, final long correlationId, final int cell)
    {
        if (null == session.room)
        {
            refuse(session, correlationId, ErrorCode.NOT_IN_ROOM, "action outside a room");
            return;
        }
        if (session.room.ha)
        {
            relay.forward(session.room, session);
            return;
        }
        roomEvents.bind(session.room, null);
        final ErrorCode result = session.room.state.onAction(session.entityId, cell, roomEvents);
        if (ErrorCode.OK != result)
        {
            refuse(session, correlationId, result, "action refused by the game");
            return;
        }
        counters.actions.incrementRelease();
    }

    /**
     * A game-defined message: checked against the room's declared opcodes and caps, so that game code sees only
     * what its game declared.
     */
    void message(
        final Session session,
        final long correlationId,
        final int opcode,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        final Room room = session.room;
        if (null == room)
        {
            refuse(session, correlationId, ErrorCode.NOT_IN_ROOM, "game message outside a room");
            return;
        }
        final int capBytes = room.messages.fromClientCapBytes(opcode);
        if (capBytes < 0)
        {
            refuse(session, correlationId, ErrorCode.UNKNOWN_OPCODE, "the room's game declares no such opcode");
            return;
        }
        if (length > capBytes)
        {
            refuse(session, correlationId, ErrorCode.MESSAGE_TOO_LONG, "payload longer than the opcode's cap");
            return;
        }
        if (room.ha)
        {
            relay.forward(room, session);
            return;
        }
        roomEvents.bind(room, null);
        final ErrorCode result = room.state.onMessage(session.entityId, opcode, payload, offset, length, roomEvents);
        if (ErrorCode.OK != result)
        {
            refuse(session, correlationId, result, "message refused by the game");
            return;
        }
        counters.gameMessages.incrementRelease();
    }

    // ------------------------------------------------------------------ ticks

    /**
     * Tick every room whose tick it is, in creation order, and write the frames of those with members.
     *
     * @param saveStates whether this tick also saves every connected member's state.
     */
    void tick(final boolean saveStates)
    {
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.at(i);
            if (room.ha)
            {
                continue; // ticked on the cluster; its frames arrive through the ring
            }
            final long mark = output.position();
            try
            {
                tickRoom(room, saveStates);
                room.tickFaulting = false;
            }
            catch (final RuntimeException ex)
            {
                onTickFault(room, mark, ex);
            }
        }
    }

    private void tickRoom(final Room room, final boolean saveStates)
    {
        if (room.ticksOn(state.tick))
        {
            roomEvents.bind(room, null);
            room.state.onTick(state.tick, roomEvents);
            if (room.memberCount > 0)
            {
                writeFrame(room, state.tick, state.timeNs);
            }
        }
        if (room.memberCount > 0)
        {
            if (saveStates)
            {
                for (int m = 0; m < room.memberCount; m++)
                {
                    final Session member = room.members[m];
                    if (member.isActive())
                    {
                        savePlayer(member);
                    }
                }
            }
        }
    }

    /**
     * A room's tick failed: what it wrote this tick is taken back (no frame, no events), the other rooms tick on,
     * and the members are told once, when the room starts failing.
     */
    private void onTickFault(final Room room, final long mark, final RuntimeException ex)
    {
        contain(mark, ex);
        if (!room.tickFaulting)
        {
            room.tickFaulting = true;
            for (int m = 0; m < room.memberCount; m++)
            {
                final Session member = room.members[m];
                if (member.isActive())
                {
                    refuse(member, 0, ErrorCode.GAME_FAULT, "the game failed on tick " + state.tick);
                }
            }
        }
    }

    private void writeFrame(final Room room, final long tick, final long timeNs)
    {
        final int maxEntities = Math.min(room.state.maxViewEntities(), settings.maxFrameEntities);
        if (null == room.stateSchema)
        {
            output.beginFrame(room.roomId, tick, timeNs, room.game.viewRadius(), room.roomStreamId,
                maxEntities, room.memberCount);
        }
        else
        {
            output.beginStateFrame(room.roomId, tick, timeNs, room.gameIndex, room.roomStreamId,
                maxEntities, room.memberCount, room.stateRecordLength, room.game.viewRadius());
        }
        frameView.begin(room.stateSchema);
        room.state.writeView(frameView);
        if (frameView.truncated)
        {
            counters.framesTruncated.incrementRelease();
        }
        for (int m = 0; m < room.memberCount; m++)
        {
            final Session member = room.members[m];
            if (member.isActive())
            {
                output.frameMember(member.sessionId, member.entityId, member.lastInputSequence, member.lastInputTimeNs);
            }
        }
        output.endFrame();
        counters.frames.incrementRelease();
    }

    // ------------------------------------------------------------------ HA rooms' mirrors

    /**
     * Seat a session in an HA room's mirror with the entity the cluster gave it: RoomJoined and the room's stream as
     * for any join; the game is not called here (it took the player on the cluster, which tells the others).
     */
    void seatMirrored(final Session session, final Room room, final int entityId, final long correlationId,
        final long tick)
    {
        output.roomJoined(session.sessionId, correlationId, room.roomId, entityId, room.maxPlayers,
            room.memberCount + 1, tick, room.roomStreamId, room.joinCode, room.game.name());
        output.memberJoined(room.roomId, session.sessionId, entityId, room.roomStreamId);
        if (null != room.stateSchemaBytes)
        {
            output.roomStateSchema(session.sessionId, room.roomId, room.stateSchemaBytes);
        }
        seat(session, room, entityId);
    }

    /**
     * The engine's tables once a player has its entity: the room listed (a new one), the session seated.
     */
    private void seat(final Session session, final Room room, final int entityId)
    {
        if (!rooms.isListed(room))
        {
            if (room.ha)
            {
                rooms.registerMirror(room); // the cluster numbers HA rooms: no engine room id is used up
            }
            else
            {
                rooms.register(room);
            }
            counters.roomsCreated.incrementRelease();
        }
        session.room = room;
        session.entityId = entityId;
        session.lastInputSequence = 0;
        session.lastInputTimeNs = 0;
        room.add(session);
        listingChanged = true;
        refreshMetadata(room);
        counters.joins.incrementRelease();
    }

    /**
     * @return where an HA room's events of a frame go: this engine's members, stamped with the cluster's tick.
     */
    GameEvents mirroredEvents(final Room room, final long tick)
    {
        roomEvents.bind(room, null);
        roomEvents.mirroredTick = tick;
        return roomEvents;
    }

    /**
     * An HA room's state was just applied from the cluster: write its frame for this engine's members.
     */
    void mirroredFrame(final Room room, final long tick)
    {
        roomEvents.bind(room, null);
        writeFrame(room, tick, state.timeNs);
        refreshMetadata(room);
    }

    /**
     * Routes a room's events and messages to the output log, stamped with the room and tick.
     */
    private final class RoomEvents implements GameEvents
    {
        private Room room;
        private Session joiner;
        /**
         * The cluster's tick while an HA room's events are replayed here, -1 otherwise (the engine's own tick).
         */
        long mirroredTick = -1;

        void bind(final Room room, final Session joiner)
        {
            this.room = room;
            this.joiner = joiner;
            this.mirroredTick = -1;
        }

        private long tick()
        {
            return mirroredTick >= 0 ? mirroredTick : state.tick;
        }

        public void toRoom(
            final GameEventType type, final int subjectId, final int objectId, final int value, final float x,
            final float y)
        {
            output.gameEventToRoom(tick(), room.roomId, type, subjectId, objectId, value, x, y);
            counters.gameEvents.incrementRelease();
        }

        public void toPlayer(
            final int recipientEntityId,
            final GameEventType type,
            final int subjectId,
            final int objectId,
            final int value,
            final float x,
            final float y)
        {
            final Session recipient = recipient(recipientEntityId);
            if (null != recipient && recipient.isActive())
            {
                output.gameEventTo(recipient.sessionId, tick(), room.roomId, type, subjectId, objectId, value, x, y);
                counters.gameEvents.incrementRelease();
            }
        }

        public void messageToPlayer(
            final int recipientEntityId,
            final int opcode,
            final DirectBuffer payload,
            final int offset,
            final int length)
        {
            checkDeclared(opcode, length);
            final Session recipient = recipient(recipientEntityId);
            if (null != recipient && recipient.isActive())
            {
                output.roomMessageTo(recipient.sessionId, tick(), room.roomId, opcode, payload, offset, length);
                counters.roomMessages.incrementRelease();
            }
        }

        public void messageToRoom(final int opcode, final DirectBuffer payload, final int offset, final int length)
        {
            checkDeclared(opcode, length);
            output.roomMessageToRoom(tick(), room.roomId, 0, opcode, payload, offset, length);
            counters.roomMessages.incrementRelease();
        }

        public void messageToRoomExcept(
            final int exceptEntityId,
            final int opcode,
            final DirectBuffer payload,
            final int offset,
            final int length)
        {
            checkDeclared(opcode, length);
            final Session except = recipient(exceptEntityId);
            output.roomMessageToRoom(tick(), room.roomId, null == except ? 0 : except.sessionId, opcode, payload,
                offset, length);
            counters.roomMessages.incrementRelease();
        }

        /**
         * The member an entity stands for; during a join, any other entity is the joiner's (its entity id is what
         * the join returns, so the room cannot name it any other way yet).
         */
        private Session recipient(final int entityId)
        {
            final Session member = room.membersByEntityId.get(entityId);
            return null == member ? joiner : member;
        }

        private void checkDeclared(final int opcode, final int length)
        {
            final MessageCatalog messages = room.messages;
            final int capBytes = messages.toClientCapBytes(opcode);
            if (capBytes < 0)
            {
                throw new IllegalArgumentException("game " + room.game.name() + " sent undeclared opcode " + opcode);
            }
            if (length < 0 || length > capBytes)
            {
                throw new IllegalArgumentException("game " + room.game.name() + " sent " + length + " bytes with " +
                    messages.toClientName(opcode) + " (cap " + capBytes + ")");
            }
        }
    }

    /**
     * Writes a room's view into its frame: the fixed entity, or a declared type's fields in place in the frame.
     */
    private final class FrameView implements ViewWriter
    {
        boolean truncated;
        private StateSchema schema;
        private StateSchema.EntityType type;
        private int valuesIndex;

        void begin(final StateSchema schema)
        {
            this.schema = schema;
            truncated = false;
            type = null;
            valuesIndex = -1;
        }

        public void entity(
            final int entityId,
            final EntityKind kind,
            final float x,
            final float y,
            final float rotation,
            final float vx,
            final float vy,
            final int health,
            final int score,
            final int state,
            final int ownerId)
        {
            if (null != schema)
            {
                throw new IllegalStateException("a game that declares its state writes entity(id, type) and set()");
            }
            if (!output.frameEntity(entityId, kind, x, y, rotation, vx, vy, health, score, state, ownerId))
            {
                truncated = true;
            }
        }

        public void entity(final int entityId, final StateSchema.EntityType type, final float x, final float y)
        {
            if (null == schema || schema.type(type.typeId()) != type)
            {
                throw new IllegalArgumentException("entity type " + type.name() + " is not of this game's state");
            }
            if (Float.isNaN(x) != Float.isNaN(y) || Float.isInfinite(x) || Float.isInfinite(y))
            {
                throw new IllegalArgumentException("an entity's position is finite, or NaN for seen by all: " + x +
                    ", " + y);
            }
            this.type = type;
            valuesIndex = output.stateEntity(entityId, type.typeId(), x, y);
            if (valuesIndex < 0)
            {
                truncated = true;
            }
        }

        public void set(final StateSchema.Field field, final float value)
        {
            final int at = valueIndex(field);
            if (FieldKind.FLOAT32 == field.kind())
            {
                if (!Float.isFinite(value))
                {
                    throw new IllegalArgumentException(field.name() + " is not finite: " + value);
                }
                if (at >= 0)
                {
                    output.frameValues().putFloat(at, value, ByteOrder.LITTLE_ENDIAN);
                }
            }
            else if (FieldKind.QUANTIZED16 == field.kind())
            {
                final int step = field.quantize(value);
                if (at >= 0)
                {
                    output.frameValues().putShort(at, (short)step, ByteOrder.LITTLE_ENDIAN);
                }
            }
            else
            {
                throw wrongKind(field, "a float");
            }
        }

        public void set(final StateSchema.Field field, final int value)
        {
            final int at = valueIndex(field);
            switch (field.kind())
            {
                case INT32:
                    if (at >= 0)
                    {
                        output.frameValues().putInt(at, value, ByteOrder.LITTLE_ENDIAN);
                    }
                    break;
                case INT16:
                    if (value < Short.MIN_VALUE || value > Short.MAX_VALUE)
                    {
                        throw new IllegalArgumentException(field.name() + " is an INT16: " + value);
                    }
                    if (at >= 0)
                    {
                        output.frameValues().putShort(at, (short)value, ByteOrder.LITTLE_ENDIAN);
                    }
                    break;
                case UINT8:
                    if (value < 0 || value > 255)
                    {
                        throw new IllegalArgumentException(field.name() + " is a UINT8: " + value);
                    }
                    if (at >= 0)
                    {
                        output.frameValues().putByte(at, (byte)value);
                    }
                    break;
                default:
                    throw wrongKind(field, "an int");
            }
        }

        public void set(final StateSchema.Field field, final boolean value)
        {
            final int at = valueIndex(field);
            if (FieldKind.BOOL != field.kind())
            {
                throw wrongKind(field, "a boolean");
            }
            if (at >= 0)
            {
                output.frameValues().putByte(at, (byte)(value ? 1 : 0));
            }
        }

        public void set(final StateSchema.Field field, final DirectBuffer source, final int offset)
        {
            final int at = valueIndex(field);
            if (FieldKind.BYTES != field.kind())
            {
                throw wrongKind(field, "bytes");
            }
            if (at >= 0)
            {
                output.frameValues().putBytes(at, source, offset, field.length());
            }
        }

        /**
         * @return where the field's value goes, or -1 when the entity did not fit the frame.
         */
        private int valueIndex(final StateSchema.Field field)
        {
            if (null == type)
            {
                throw new IllegalStateException("set " + field.name() + " before any entity(id, type)");
            }
            if (field.type() != type)
            {
                throw new IllegalArgumentException(field.name() + " is a field of " + field.type().name() + ", not of " +
                    type.name());
            }
            return valuesIndex < 0 ? -1 : valuesIndex + field.offset();
        }

        private IllegalArgumentException wrongKind(final StateSchema.Field field, final String what)
        {
            return new IllegalArgumentException(field.name() + " is a " + field.kind() + ", not " + what);
        }
    }
}
