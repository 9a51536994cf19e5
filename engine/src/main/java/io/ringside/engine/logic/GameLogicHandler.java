package io.ringside.engine.logic;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.DisconnectDecoder;
import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.GameMessageDecoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.JoinRoomDecoder;
import io.ringside.codec.sbe.LeaveRoomDecoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.PingDecoder;
import io.ringside.codec.sbe.ReconnectDecoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.TurnActionDecoder;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.SavedPlayerState;
import io.ringside.engine.game.StateHasher;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.engine.output.OutputWriter;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventType;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;
import org.agrona.collections.Long2LongHashMap;

/**
 * Stage 1 of the ring: the only code that reads or writes game state. Decodes each event's payload with flyweights,
 * applies it to sessions, rooms and games, and writes what must be said or shown into the output log for the stages
 * after it. Single-threaded and deterministic: everything it does follows from the ordered events (time arrives as
 * TICK events, ids and seeds are in the events), it iterates only over ordered arrays, and it reads no clock.
 * <p>
 * Steady state (inputs, pings, ticks) does not allocate. Connects, joins and errors may (strings, new rooms).
 */
public final class GameLogicHandler implements EventHandler<EngineEvent>, OutputWriter.BackPressureListener
{
    private final GameRegistry games;
    private final LogicSettings settings;
    private OutputWriter output;
    private Sequence sequenceCallback;
    private long currentSequence;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ConnectDecoder connectDecoder = new ConnectDecoder();
    private final ReconnectDecoder reconnectDecoder = new ReconnectDecoder();
    private final JoinRoomDecoder joinRoomDecoder = new JoinRoomDecoder();
    private final LeaveRoomDecoder leaveRoomDecoder = new LeaveRoomDecoder();
    private final InputDecoder inputDecoder = new InputDecoder();
    private final TurnActionDecoder turnActionDecoder = new TurnActionDecoder();
    private final GameMessageDecoder gameMessageDecoder = new GameMessageDecoder();
    private final PingDecoder pingDecoder = new PingDecoder();
    private final DisconnectDecoder disconnectDecoder = new DisconnectDecoder();
    private final UnsafeBuffer varData = new UnsafeBuffer(0, 0);

    private final Long2ObjectHashMap<Session> sessionsById = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Session> activeSessionByPlayer = new Long2ObjectHashMap<>();
    private final ArrayList<Session> sessions = new ArrayList<>();
    private final Long2ObjectHashMap<Room> roomsById = new Long2ObjectHashMap<>();
    private final ArrayList<Room> rooms = new ArrayList<>();
    private final Long2ObjectHashMap<SavedPlayerState> savedByPlayer = new Long2ObjectHashMap<>();
    private final LongArrayList savedPlayerOrder = new LongArrayList();
    private final SavedPlayerState scratchState = new SavedPlayerState();
    private final RoomEvents roomEvents = new RoomEvents();
    private final FrameView frameView = new FrameView();
    private final StateHasher hasher = new StateHasher();
    private final BufferStateWriter snapshotWriter = new BufferStateWriter();
    private final TeeStateWriter tee = new TeeStateWriter();
    private SnapshotExchange snapshots;
    private ErrorHandler faultHandler = ex -> {};

    private long tick;
    private long timeNs;
    private long nextRoomId = 1;
    private ServerState serverState = ServerState.RUNNING;

    private final LogicCounters counters;

    public GameLogicHandler(final GameRegistry games, final LogicSettings settings)
    {
        this(games, settings, EngineCounters.inMemory());
    }

    /**
     * @param counters where the logic thread counts what it does (it alone writes the logic's counters).
     */
    public GameLogicHandler(final GameRegistry games, final LogicSettings settings, final EngineCounters counters)
    {
        this.games = games;
        this.settings = settings;
        this.counters = new LogicCounters(counters);
    }

    /**
     * Attach the output writer; called once while the pipeline is assembled.
     */
    public void output(final OutputWriter output)
    {
        this.output = output;
    }

    public LogicCounters counters()
    {
        return counters;
    }

    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        this.sequenceCallback = sequenceCallback;
    }

    /**
     * The output log is full: release the events already finished in this batch so that readers can free space.
     */
    public void onOutputFull()
    {
        if (null != sequenceCallback)
        {
            sequenceCallback.set(currentSequence - 1);
        }
    }

    /**
     * @param faultHandler where faults of game code go (the pipeline's distinct-error log); they are contained here:
     *                     counted, the event's output taken back, the player told GAME_FAULT.
     */
    public void faultHandler(final ErrorHandler faultHandler)
    {
        this.faultHandler = faultHandler;
    }

    /**
     * @param exchange where engine snapshots go (the journal stage); null takes none.
     */
    public void snapshots(final SnapshotExchange exchange)
    {
        this.snapshots = exchange;
    }

    public void onEvent(final EngineEvent event, final long sequence, final boolean endOfBatch)
    {
        currentSequence = sequence;
        event.outputStart = output.position();
        event.snapshot = false;
        try
        {
            switch (event.type)
            {
                case EventType.CLIENT_MESSAGE:
                    onClientMessage(event);
                    break;

                case EventType.TICK:
                    onTick(event.tick, event.timeNs);
                    event.snapshot = takeSnapshot();
                    break;

                case EventType.SESSION_LOST:
                    onSessionLost(event.sessionId, ErrorCode.get((short)event.reason));
                    break;

                case EventType.SERVER_STATE:
                    onServerState(ServerState.get((short)event.reason), event.timeNs);
                    break;

                case EventType.REJECTION:
                    onRejection(event.sessionId, ErrorCode.get((short)event.reason), event.correlationId);
                    break;

                case EventType.SESSION_KICK:
                    onSessionKick(event.sessionId, ErrorCode.get((short)event.reason));
                    break;

                default:
                    counters.unknownEvents.incrementRelease();
                    break;
            }
        }
        finally
        {
            // even when game code throws, readers must see a well-formed output range that only moves forward
            output.abortOpenFrame();
            event.outputEnd = output.position();
        }
    }

    // ------------------------------------------------------------------ client messages

    private void onClientMessage(final EngineEvent event)
    {
        final UnsafeBuffer payload = event.payload;
        headerDecoder.wrap(payload, 0);
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;

        switch (event.templateId)
        {
            case ConnectDecoder.TEMPLATE_ID:
                connectDecoder.wrap(payload, body, blockLength, version);
                onConnect(event);
                break;

            case ReconnectDecoder.TEMPLATE_ID:
                reconnectDecoder.wrap(payload, body, blockLength, version);
                onReconnect(event);
                break;

            case JoinRoomDecoder.TEMPLATE_ID:
                joinRoomDecoder.wrap(payload, body, blockLength, version);
                try
                {
                    onJoinRoom(event);
                }
                catch (final RuntimeException ex)
                {
                    onRequestFault(event, joinRoomDecoder.sessionId(), joinRoomDecoder.correlationId(), ex);
                }
                break;

            case LeaveRoomDecoder.TEMPLATE_ID:
                leaveRoomDecoder.wrap(payload, body, blockLength, version);
                try
                {
                    onLeaveRoom();
                }
                catch (final RuntimeException ex)
                {
                    onRequestFault(event, leaveRoomDecoder.sessionId(), leaveRoomDecoder.correlationId(), ex);
                }
                break;

            case InputDecoder.TEMPLATE_ID:
                inputDecoder.wrap(payload, body, blockLength, version);
                try
                {
                    onInput();
                }
                catch (final RuntimeException ex)
                {
                    onRequestFault(event, inputDecoder.sessionId(), inputDecoder.inputSequence(), ex);
                }
                break;

            case TurnActionDecoder.TEMPLATE_ID:
                turnActionDecoder.wrap(payload, body, blockLength, version);
                try
                {
                    onTurnAction();
                }
                catch (final RuntimeException ex)
                {
                    onRequestFault(event, turnActionDecoder.sessionId(), turnActionDecoder.correlationId(), ex);
                }
                break;

            case GameMessageDecoder.TEMPLATE_ID:
                gameMessageDecoder.wrap(payload, body, blockLength, version);
                try
                {
                    onGameMessage();
                }
                catch (final RuntimeException ex)
                {
                    onRequestFault(event, gameMessageDecoder.sessionId(), gameMessageDecoder.correlationId(), ex);
                }
                break;

            case PingDecoder.TEMPLATE_ID:
                pingDecoder.wrap(payload, body, blockLength, version);
                onPing(event.timeNs);
                break;

            case DisconnectDecoder.TEMPLATE_ID:
                disconnectDecoder.wrap(payload, body, blockLength, version);
                onDisconnect();
                break;

            default:
                counters.unknownEvents.incrementRelease();
                break;
        }
    }

    /**
     * Game code (or the engine on its behalf) threw while handling a player's request: the request leaves no trace.
     * Its output is taken back, the engine's tables were not yet changed (every handler calls the game before it
     * changes them), the player is told GAME_FAULT, and the fault is counted and recorded once per distinct error.
     * What the game's own state did before it threw is the game's to keep consistent, as its contract says.
     */
    private void onRequestFault(
        final EngineEvent event, final long sessionId, final long correlationId, final RuntimeException ex)
    {
        output.rewind(event.outputStart);
        roomEvents.bind(null, null);
        counters.gameFaults.incrementRelease();
        faultHandler.onError(ex);
        final Session session = sessionsById.get(sessionId);
        if (null != session && session.isActive())
        {
            refuse(session, correlationId, ErrorCode.GAME_FAULT, "the game failed on this request; nothing of it " +
                "was applied");
        }
    }

    private void onConnect(final EngineEvent event)
    {
        final long correlationId = connectDecoder.correlationId();
        final int protocolVersion = connectDecoder.protocolVersion();
        final int streamId = connectDecoder.responseStreamId();
        connectDecoder.wrapResponseChannel(varData);
        final long sessionId = event.sessionId;

        ErrorCode refusal = ErrorCode.get((short)event.reason);
        if (ErrorCode.OK == refusal)
        {
            if (protocolVersion < ProtocolLimits.MIN_SUPPORTED_VERSION)
            {
                refusal = ErrorCode.UNSUPPORTED_VERSION;
            }
            else if (ServerState.RUNNING != serverState)
            {
                refusal = ServerState.DEGRADED == serverState ? ErrorCode.STORAGE_UNAVAILABLE : ErrorCode.SHUTTING_DOWN;
            }
            else if (sessions.size() >= settings.maxSessions)
            {
                refusal = ErrorCode.TOO_MANY_SESSIONS;
            }
            else if (sessionsById.containsKey(sessionId))
            {
                refusal = ErrorCode.SERVER_BUSY;
            }
        }

        output.sessionOpened(sessionId, 0, streamId, false, varData, 0, varData.capacity());
        if (ErrorCode.OK != refusal)
        {
            counters.rejection(refusal);
            output.sessionResult(sessionId, correlationId, refusal, 0, 0, 0, 0, event.timeNs,
                settings.tickIntervalNs, tick);
            output.sessionClosed(sessionId, refusal, true);
            return;
        }

        final Session previous = activeSessionByPlayer.get(event.playerId);
        if (null != previous)
        {
            output.error(previous.sessionId, 0, ErrorCode.UNKNOWN_SESSION, "replaced by a newer session of this player");
            closeSession(previous, ErrorCode.UNKNOWN_SESSION);
        }

        final Session session = new Session(sessionId, event.playerId);
        session.tokenHigh = event.tokenHigh;
        session.tokenLow = event.tokenLow;
        session.lastHeardTick = tick;
        session.index = sessions.size();
        sessions.add(session);
        sessionsById.put(sessionId, session);
        activeSessionByPlayer.put(session.playerId, session);
        counters.sessionsOpened.incrementRelease();

        output.sessionResult(sessionId, correlationId, ErrorCode.OK, sessionId, session.tokenHigh, session.tokenLow,
            session.playerId, event.timeNs, settings.tickIntervalNs, tick);
    }

    private void onReconnect(final EngineEvent event)
    {
        final long correlationId = reconnectDecoder.correlationId();
        final long sessionId = reconnectDecoder.sessionId();
        final long tokenHigh = reconnectDecoder.resumeToken().high();
        final long tokenLow = reconnectDecoder.resumeToken().low();
        final int streamId = reconnectDecoder.responseStreamId();
        reconnectDecoder.wrapResponseChannel(varData);

        final Session session = sessionsById.get(sessionId);
        ErrorCode refusal = ErrorCode.get((short)event.reason);
        if (ErrorCode.OK == refusal)
        {
            if (null == session || 0 != ((session.tokenHigh ^ tokenHigh) | (session.tokenLow ^ tokenLow)))
            {
                refusal = ErrorCode.UNKNOWN_SESSION;
            }
            else if (ServerState.SHUTTING_DOWN == serverState || ServerState.DRAINING == serverState)
            {
                refusal = ErrorCode.SHUTTING_DOWN;
            }
        }

        if (ErrorCode.OK != refusal)
        {
            counters.rejection(refusal);
            final long replyId = event.sessionId;
            output.sessionOpened(replyId, 0, streamId, false, varData, 0, varData.capacity());
            output.sessionResult(replyId, correlationId, refusal, 0, 0, 0, 0, event.timeNs,
                settings.tickIntervalNs, tick);
            output.sessionClosed(replyId, refusal, true);
            return;
        }

        if (!session.isActive())
        {
            final Session other = activeSessionByPlayer.get(session.playerId);
            if (null != other && other != session)
            {
                output.error(other.sessionId, 0, ErrorCode.UNKNOWN_SESSION, "replaced by a resumed session");
                closeSession(other, ErrorCode.UNKNOWN_SESSION);
            }
        }

        session.state = Session.ACTIVE;
        session.tokenHigh = event.tokenHigh;
        session.tokenLow = event.tokenLow;
        session.lastHeardTick = tick;
        activeSessionByPlayer.put(session.playerId, session);
        counters.sessionsResumed.incrementRelease();

        output.sessionOpened(sessionId, event.sourceId, streamId, true, varData, 0, varData.capacity());
        output.sessionResult(sessionId, correlationId, ErrorCode.OK, sessionId, session.tokenHigh, session.tokenLow,
            session.playerId, event.timeNs, settings.tickIntervalNs, tick);
        if (null != session.room)
        {
            final int index = output.roomJoined(sessionId, correlationId, session.room.roomId, session.entityId,
                session.room.maxPlayers, session.room.memberCount, tick, session.room.roomStreamId,
                session.room.game.name());
            output.patchRoomJoinedEntityId(index, session.entityId);
            // egress may not know the seat (it was rebuilt from a snapshot taken after the join): tell it again
            output.memberJoined(session.room.roomId, sessionId, session.entityId, session.room.roomStreamId);
        }
    }

    private Session activeSession(final long sessionId, final long correlationId)
    {
        final Session session = sessionsById.get(sessionId);
        if (null == session || !session.isActive())
        {
            counters.rejection(ErrorCode.UNKNOWN_SESSION);
            counters.messagesForUnknownSessions.incrementRelease();
            return null;
        }
        session.lastHeardTick = tick;
        return session;
    }

    private void onJoinRoom(final EngineEvent event)
    {
        final long correlationId = joinRoomDecoder.correlationId();
        final Session session = activeSession(joinRoomDecoder.sessionId(), correlationId);
        final long requestedRoomId = joinRoomDecoder.roomId();
        joinRoomDecoder.wrapGameType(varData);
        if (null == session)
        {
            return;
        }
        if (null != session.room)
        {
            refuse(session, correlationId, ErrorCode.ALREADY_IN_ROOM, "leave the current room first");
            return;
        }
        if (ServerState.RUNNING != serverState)
        {
            refuse(session, correlationId, ErrorCode.SHUTTING_DOWN, "the engine takes no new players");
            return;
        }

        final Game game = games.get(varData, 0, varData.capacity());
        if (null == game)
        {
            refuse(session, correlationId, ErrorCode.NO_SUCH_GAME, "no game of that type");
            return;
        }

        Room room;
        if (0 == requestedRoomId)
        {
            room = null;
            for (int i = 0, size = rooms.size(); i < size; i++)
            {
                final Room candidate = rooms.get(i);
                if (candidate.game == game && !candidate.isFull())
                {
                    room = candidate;
                    break;
                }
            }
            if (null == room)
            {
                room = newRoom(game, event.seed);
            }
        }
        else
        {
            room = roomsById.get(requestedRoomId);
            if (null == room || room.game != game)
            {
                refuse(session, correlationId, ErrorCode.NO_SUCH_ROOM, "no room of that game with that id");
                return;
            }
            if (room.isFull())
            {
                refuse(session, correlationId, ErrorCode.ROOM_FULL, "the room is full");
                return;
            }
        }

        joinRoom(session, room, correlationId);
    }

    /**
     * A room for the next room id, not yet registered: {@link #joinRoom} registers it once its first join worked.
     */
    private Room newRoom(final Game game, final long seed)
    {
        final long roomId = nextRoomId;
        final RoomSettings roomSettings = new RoomSettings(roomId, game.maxPlayers(), settings.tickIntervalNs, seed);
        final GameRoom state = game.createRoom(roomSettings);
        return new Room(roomId, game, state, game.maxPlayers(), roomStreamId(roomId, game.maxPlayers()), tick);
    }

    /**
     * A room small enough is broadcast on a stream of its own; derived from settings, never saved.
     */
    private int roomStreamId(final long roomId, final int maxPlayers)
    {
        return maxPlayers <= settings.roomStreamMaxSeats ? ProtocolLimits.roomStreamId(roomId) : 0;
    }

    private void register(final Room room)
    {
        nextRoomId++;
        room.index = rooms.size();
        rooms.add(room);
        roomsById.put(room.roomId, room);
        counters.roomsCreated.incrementRelease();
    }

    private void joinRoom(final Session session, final Room room, final long correlationId)
    {
        final int roomJoinedIndex = output.roomJoined(session.sessionId, correlationId, room.roomId, 0,
            room.maxPlayers, room.memberCount + 1, tick, room.roomStreamId, room.game.name());
        final int memberJoinedIndex = output.memberJoined(room.roomId, session.sessionId, 0, room.roomStreamId);

        roomEvents.bind(room, session);
        final int entityId = room.state.onJoin(session.playerId, savedByPlayer.get(session.playerId), roomEvents);
        if (entityId <= 0)
        {
            throw new IllegalStateException("game " + room.game.name() + " returned entity id " + entityId);
        }
        output.patchRoomJoinedEntityId(roomJoinedIndex, entityId);
        output.patchMemberEntityId(memberJoinedIndex, entityId);

        // the game took the player: from here on the engine's tables change
        if (null == roomsById.get(room.roomId))
        {
            register(room);
        }
        session.room = room;
        session.entityId = entityId;
        session.lastInputSequence = 0;
        session.lastInputTimeNs = 0;
        room.add(session);
        roomEvents.bind(room, null);
        roomEvents.toRoom(GameEventType.PLAYER_JOINED, entityId, 0, room.memberCount, 0, 0);
        counters.joins.incrementRelease();
    }

    private void onLeaveRoom()
    {
        final long correlationId = leaveRoomDecoder.correlationId();
        final Session session = activeSession(leaveRoomDecoder.sessionId(), correlationId);
        if (null == session)
        {
            return;
        }
        if (null == session.room)
        {
            refuse(session, correlationId, ErrorCode.NOT_IN_ROOM, "not in a room");
            return;
        }
        final long roomId = session.room.roomId;
        leaveRoom(session, true);
        output.roomLeft(session.sessionId, correlationId, roomId, tick);
    }

    private void leaveRoom(final Session session, final boolean connected)
    {
        final Room room = session.room;
        final boolean saved = room.state.savePlayer(session.entityId, scratchState.reset());
        output.memberLeft(room.roomId, session.sessionId);
        roomEvents.bind(room, null);
        room.state.onLeave(session.entityId, roomEvents);

        // the game let the player go: from here on the engine's tables change
        if (saved)
        {
            keepSavedState(session, room, connected);
        }
        room.remove(session);
        roomEvents.toRoom(GameEventType.PLAYER_LEFT, session.entityId, 0, room.memberCount, 0, 0);
        if (0 == room.memberCount)
        {
            room.emptySinceTick = tick;
        }
        session.room = null;
        session.entityId = 0;
        counters.leaves.incrementRelease();
    }

    private void unseat(final Session session)
    {
        final Room room = session.room;
        output.memberLeft(room.roomId, session.sessionId);
        room.remove(session);
        if (0 == room.memberCount)
        {
            room.emptySinceTick = tick;
        }
        session.room = null;
        session.entityId = 0;
        counters.leaves.incrementRelease();
    }

    private void savePlayer(final Session session, final boolean connected)
    {
        final Room room = session.room;
        if (room.state.savePlayer(session.entityId, scratchState.reset()))
        {
            keepSavedState(session, room, connected);
        }
    }

    /**
     * Keep what the game saved in {@code scratchState} as the player's saved state, and have it persisted.
     */
    private void keepSavedState(final Session session, final Room room, final boolean connected)
    {
        SavedPlayerState saved = savedByPlayer.get(session.playerId);
        if (null == saved)
        {
            saved = new SavedPlayerState();
            savedByPlayer.put(session.playerId, saved);
            savedPlayerOrder.addLong(session.playerId);
        }
        saved.copyFrom(scratchState);
        output.playerState(session.playerId, room.roomId, saved, connected);
    }

    private void onInput()
    {
        final long sessionId = inputDecoder.sessionId();
        final long inputSequence = inputDecoder.inputSequence();
        final Session session = activeSession(sessionId, inputSequence);
        if (null == session)
        {
            return;
        }
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

        roomEvents.bind(session.room, null);
        final ErrorCode result = session.room.state.onInput(
            session.entityId, inputDecoder.thrust(), inputDecoder.turn(), BooleanType.TRUE == inputDecoder.fire(),
            roomEvents);
        session.lastInputSequence = inputSequence;
        session.lastInputTimeNs = inputDecoder.clientTimestampNs();
        if (ErrorCode.OK != result)
        {
            refuse(session, inputSequence, result, "input refused by the game");
            return;
        }
        counters.inputs.incrementRelease();
    }

    private void onTurnAction()
    {
        final long correlationId = turnActionDecoder.correlationId();
        final Session session = activeSession(turnActionDecoder.sessionId(), correlationId);
        if (null == session)
        {
            return;
        }
        if (null == session.room)
        {
            refuse(session, correlationId, ErrorCode.NOT_IN_ROOM, "action outside a room");
            return;
        }
        roomEvents.bind(session.room, null);
        final ErrorCode result = session.room.state.onAction(session.entityId, turnActionDecoder.cell(), roomEvents);
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
    private void onGameMessage()
    {
        final long correlationId = gameMessageDecoder.correlationId();
        final Session session = activeSession(gameMessageDecoder.sessionId(), correlationId);
        if (null == session)
        {
            return;
        }
        final Room room = session.room;
        if (null == room)
        {
            refuse(session, correlationId, ErrorCode.NOT_IN_ROOM, "game message outside a room");
            return;
        }
        final int opcode = gameMessageDecoder.opcode();
        final int capBytes = room.messages.fromClientCapBytes(opcode);
        if (capBytes < 0)
        {
            refuse(session, correlationId, ErrorCode.UNKNOWN_OPCODE, "the room's game declares no such opcode");
            return;
        }
        final int payloadLength = gameMessageDecoder.payloadLength();
        if (payloadLength > capBytes)
        {
            refuse(session, correlationId, ErrorCode.MESSAGE_TOO_LONG, "payload longer than the opcode's cap");
            return;
        }
        gameMessageDecoder.wrapPayload(varData);
        roomEvents.bind(room, null);
        final ErrorCode result = room.state.onMessage(session.entityId, opcode, varData, 0, payloadLength,
            roomEvents);
        if (ErrorCode.OK != result)
        {
            refuse(session, correlationId, result, "message refused by the game");
            return;
        }
        counters.gameMessages.incrementRelease();
    }

    private void onPing(final long receiveTimeNs)
    {
        final Session session = activeSession(pingDecoder.sessionId(), 0);
        if (null == session)
        {
            return;
        }
        output.pong(session.sessionId, pingDecoder.pingId(), pingDecoder.clientTimestampNs(), receiveTimeNs);
        counters.pings.incrementRelease();
    }

    private void onDisconnect()
    {
        final Session session = sessionsById.get(disconnectDecoder.sessionId());
        if (null == session || !session.isActive())
        {
            counters.rejection(ErrorCode.UNKNOWN_SESSION);
            counters.messagesForUnknownSessions.incrementRelease();
            return;
        }
        closeSession(session, ErrorCode.OK);
    }

    private void refuse(final Session session, final long correlationId, final ErrorCode code, final String text)
    {
        counters.rejection(code);
        output.error(session.sessionId, correlationId, code, text);
    }

    // ------------------------------------------------------------------ session ends

    private void onSessionLost(final long sessionId, final ErrorCode reason)
    {
        final Session session = sessionsById.get(sessionId);
        if (null == session || !session.isActive())
        {
            counters.messagesForUnknownSessions.incrementRelease();
            return;
        }
        counters.sessionsLost.incrementRelease();
        holdSession(session, reason);
    }

    /**
     * Disconnect a session's transport but hold its seat and state for the reconnect grace period.
     */
    private void holdSession(final Session session, final ErrorCode reason)
    {
        output.sessionClosed(session.sessionId, reason, false);
        session.state = Session.HELD;
        session.heldSinceTick = tick;
        if (activeSessionByPlayer.get(session.playerId) == session)
        {
            activeSessionByPlayer.remove(session.playerId);
        }
        if (null != session.room)
        {
            final long mark = output.position();
            try
            {
                roomEvents.bind(session.room, null);
                session.room.state.onInput(session.entityId, 0, 0, false, roomEvents);
            }
            catch (final RuntimeException ex)
            {
                // the player is gone whatever the game does: its seat is held, only the game's reaction is lost
                output.rewind(mark);
                counters.gameFaults.incrementRelease();
                faultHandler.onError(ex);
            }
        }
    }

    /**
     * End a session for good: leave its room (saving its state) and forget it.
     */
    private void closeSession(final Session session, final ErrorCode reason)
    {
        if (null != session.room)
        {
            final long mark = output.position();
            try
            {
                leaveRoom(session, false);
            }
            catch (final RuntimeException ex)
            {
                // the session ends whatever the game does: the engine unseats it (the game may keep a stale entity)
                output.rewind(mark);
                counters.gameFaults.incrementRelease();
                faultHandler.onError(ex);
                unseat(session);
            }
        }
        output.sessionClosed(session.sessionId, reason, true);
        if (activeSessionByPlayer.get(session.playerId) == session)
        {
            activeSessionByPlayer.remove(session.playerId);
        }
        sessionsById.remove(session.sessionId);
        final int last = sessions.size() - 1;
        final Session moved = sessions.get(last);
        sessions.set(session.index, moved);
        moved.index = session.index;
        sessions.remove(last);
        counters.sessionsClosed.incrementRelease();
    }

    private void onRejection(final long sessionId, final ErrorCode code, final long correlationId)
    {
        counters.rejection(code);
        final Session session = sessionsById.get(sessionId);
        if (null != session && session.isActive())
        {
            output.error(sessionId, correlationId, code, ErrorTexts.text(code));
        }
    }

    private void onSessionKick(final long sessionId, final ErrorCode reason)
    {
        final Session session = sessionsById.get(sessionId);
        if (null == session)
        {
            return;
        }
        counters.sessionsKicked.incrementRelease();
        if (session.isActive())
        {
            output.error(sessionId, 0, reason, ErrorTexts.kickText(reason));
        }
        closeSession(session, reason);
    }

    private void onServerState(final ServerState state, final long timeNs)
    {
        if (null == state || ServerState.NULL_VAL == state)
        {
            counters.unknownEvents.incrementRelease();
            return;
        }
        serverState = state;
        output.serverStatusToAll(state, timeNs,
            ServerState.DEGRADED == state ? "storage unavailable: input paused until the journal can write" : "");
    }

    // ------------------------------------------------------------------ ticks

    private void onTick(final long tick, final long timeNs)
    {
        this.tick = tick;
        this.timeNs = timeNs;
        counters.ticks.incrementRelease();

        final boolean saveStates = settings.playerStateIntervalTicks > 0 && 0 == tick % settings.playerStateIntervalTicks;
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.get(i);
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

        expireSessions();
        closeEmptyRooms();
        counters.sessionsOpen.setRelease(sessions.size());
        counters.roomsOpen.setRelease(rooms.size());
    }

    private void tickRoom(final Room room, final boolean saveStates)
    {
        roomEvents.bind(room, null);
        room.state.onTick(tick, roomEvents);
        if (room.memberCount > 0)
        {
            writeFrame(room);
            if (saveStates)
            {
                for (int m = 0; m < room.memberCount; m++)
                {
                    final Session member = room.members[m];
                    if (member.isActive())
                    {
                        savePlayer(member, true);
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
        output.rewind(mark);
        counters.gameFaults.incrementRelease();
        faultHandler.onError(ex);
        if (!room.tickFaulting)
        {
            room.tickFaulting = true;
            for (int m = 0; m < room.memberCount; m++)
            {
                final Session member = room.members[m];
                if (member.isActive())
                {
                    refuse(member, 0, ErrorCode.GAME_FAULT, "the game failed on tick " + tick);
                }
            }
        }
    }

    private void writeFrame(final Room room)
    {
        final int maxEntities = Math.min(room.state.maxViewEntities(), settings.maxFrameEntities);
        output.beginFrame(room.roomId, tick, timeNs, room.game.viewRadius(), room.roomStreamId, maxEntities,
            room.memberCount);
        frameView.truncated = false;
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

    private void expireSessions()
    {
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.get(i);
            if (session.isActive())
            {
                if (tick - session.lastHeardTick >= settings.sessionTimeoutTicks)
                {
                    counters.sessionsTimedOut.incrementRelease();
                    output.error(session.sessionId, 0, ErrorCode.TIMED_OUT, "no message within the session timeout");
                    holdSession(session, ErrorCode.TIMED_OUT);
                }
            }
            else if (tick - session.heldSinceTick >= settings.reconnectGraceTicks)
            {
                closeSession(session, ErrorCode.TIMED_OUT);
            }
        }
    }

    private void closeEmptyRooms()
    {
        int kept = 0;
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.get(i);
            if (0 == room.memberCount && tick - room.emptySinceTick >= settings.roomCloseGraceTicks)
            {
                roomsById.remove(room.roomId);
                counters.roomsClosed.incrementRelease();
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

    // ------------------------------------------------------------------ state

    /**
     * A 64-bit hash of all engine state: {@link #writeState} folded into a {@link StateHasher}.
     * Logic thread only (or when the pipeline is quiescent).
     */
    public long stateHash()
    {
        hasher.reset();
        writeState(hasher);
        return hasher.value();
    }

    /**
     * Write all engine state in a deterministic order: the tick, sessions in their table order, rooms in creation
     * order with each game's own state, and saved player states in the order they were first saved. The one walk
     * behind both the state hash and engine snapshots. Logic thread only (or when the pipeline is quiescent).
     */
    public void writeState(final StateWriter out)
    {
        out.putLong(tick).putLong(nextRoomId).putInt(serverState.value()).putInt(sessions.size());
        for (int i = 0, size = sessions.size(); i < size; i++)
        {
            final Session s = sessions.get(i);
            out.putLong(s.sessionId).putLong(s.playerId).putLong(s.tokenHigh).putLong(s.tokenLow).putInt(s.state)
                .putLong(null == s.room ? 0 : s.room.roomId).putInt(s.entityId).putLong(s.lastInputSequence)
                .putLong(s.lastInputTimeNs).putLong(s.lastHeardTick).putLong(s.heldSinceTick);
        }
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
        out.putInt(savedPlayerOrder.size());
        for (int i = 0, size = savedPlayerOrder.size(); i < size; i++)
        {
            final long playerId = savedPlayerOrder.getLong(i);
            final SavedPlayerState s = savedByPlayer.get(playerId);
            out.putLong(playerId).putFloat(s.x).putFloat(s.y).putFloat(s.rotation).putFloat(s.vx).putFloat(s.vy)
                .putInt(s.health).putInt(s.score);
        }
    }

    /**
     * Restore the state {@link #writeState} wrote, into a handler that has not processed any event, with the same
     * games registered in the same order. Recovery then replays the journal after the snapshot.
     */
    public void readState(final StateReader in)
    {
        if (!sessions.isEmpty() || !rooms.isEmpty() || !savedPlayerOrder.isEmpty())
        {
            throw new IllegalStateException("restore into a fresh logic handler only");
        }
        tick = in.getLong();
        nextRoomId = in.getLong();
        serverState = ServerState.get((short)in.getInt());
        final int sessionCount = in.getInt();
        final Long2LongHashMap roomOfSession = new Long2LongHashMap(0);
        for (int i = 0; i < sessionCount; i++)
        {
            final Session s = new Session(in.getLong(), in.getLong());
            s.tokenHigh = in.getLong();
            s.tokenLow = in.getLong();
            s.state = in.getInt();
            roomOfSession.put(s.sessionId, in.getLong());
            s.entityId = in.getInt();
            s.lastInputSequence = in.getLong();
            s.lastInputTimeNs = in.getLong();
            s.lastHeardTick = in.getLong();
            s.heldSinceTick = in.getLong();
            s.index = sessions.size();
            sessions.add(s);
            sessionsById.put(s.sessionId, s);
            if (s.isActive())
            {
                activeSessionByPlayer.put(s.playerId, s);
            }
        }

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
                new RoomSettings(roomId, game.maxPlayers(), settings.tickIntervalNs, 0));
            final Room room = new Room(
                roomId, game, state, game.maxPlayers(), roomStreamId(roomId, game.maxPlayers()), 0);
            final int memberCount = in.getInt();
            room.emptySinceTick = in.getLong();
            for (int m = 0; m < memberCount; m++)
            {
                final Session member = sessionsById.get(in.getLong());
                if (null == member || roomOfSession.get(member.sessionId) != roomId)
                {
                    throw new IllegalStateException("room " + roomId + " lists a member that is not seated in it");
                }
                member.room = room;
                room.add(member);
            }
            state.readState(in);
            room.index = rooms.size();
            rooms.add(room);
            roomsById.put(roomId, room);
        }

        final int savedCount = in.getInt();
        for (int i = 0; i < savedCount; i++)
        {
            final long playerId = in.getLong();
            final SavedPlayerState s = new SavedPlayerState();
            s.x = in.getFloat();
            s.y = in.getFloat();
            s.rotation = in.getFloat();
            s.vx = in.getFloat();
            s.vy = in.getFloat();
            s.health = in.getInt();
            s.score = in.getInt();
            savedByPlayer.put(playerId, s);
            savedPlayerOrder.addLong(playerId);
        }
    }

    /**
     * Write an engine snapshot at this tick boundary when one is due and the journal has taken the last one.
     *
     * @return true when one was written.
     */
    private boolean takeSnapshot()
    {
        if (null == snapshots || settings.snapshotIntervalTicks <= 0 || 0 != tick % settings.snapshotIntervalTicks)
        {
            return false;
        }
        if (!snapshots.isFree())
        {
            counters.snapshotsDeferred.incrementRelease();
            return false;
        }
        // one walk writes the snapshot and computes the hash stored with it
        hasher.reset();
        writeState(tee.of(snapshotWriter.wrap(snapshots.buffer(), SnapshotExchange.STATE_OFFSET), hasher));
        snapshots.publish(snapshotWriter.length(), hasher.value(), tick, games.games().size());
        counters.engineSnapshots.incrementRelease();
        return true;
    }

    /**
     * @return ids of the sessions that are active: after recovery, their transports are gone.
     */
    public long[] activeSessionIds()
    {
        return sessions.stream().filter(Session::isActive).mapToLong(s -> s.sessionId).toArray();
    }

    public long tick()
    {
        return tick;
    }

    /**
     * @return every setting that decides what state the events lead to: the logic's, how seeds enter (decided by
     * ingress and carried in each event), and each registered game's in registry order (engine snapshots refer to
     * games by that order). The journal records it; recovery refuses a journal written with other settings.
     */
    public String simulationSettings()
    {
        final StringBuilder sb = new StringBuilder("logic{").append(settings.simulationSettings())
            .append("};seeds=in-events;games=[");
        final List<Game> registered = games.games();
        for (int i = 0; i < registered.size(); i++)
        {
            final Game game = registered.get(i);
            sb.append(i > 0 ? "," : "").append(game.name()).append('{').append(game.simulationSettings()).append('}');
        }
        return sb.append(']').toString();
    }

    /**
     * @return the server state the events so far leave the engine in (after recovery: the one the last run ended in).
     */
    public ServerState serverState()
    {
        return serverState;
    }

    public int sessionCount()
    {
        return sessions.size();
    }

    public int roomCount()
    {
        return rooms.size();
    }

    /**
     * Routes a room's events to the output log, stamped with the room and tick.
     */
    private final class RoomEvents implements GameEvents
    {
        private Room room;
        private Session joiner;

        void bind(final Room room, final Session joiner)
        {
            this.room = room;
            this.joiner = joiner;
        }

        public void toRoom(
            final GameEventType type, final int subjectId, final int objectId, final int value, final float x,
            final float y)
        {
            output.gameEventToRoom(tick, room.roomId, type, subjectId, objectId, value, x, y);
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
                output.gameEventTo(recipient.sessionId, tick, room.roomId, type, subjectId, objectId, value, x, y);
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
                output.roomMessageTo(recipient.sessionId, tick, room.roomId, opcode, payload, offset, length);
                counters.roomMessages.incrementRelease();
            }
        }

        public void messageToRoom(final int opcode, final DirectBuffer payload, final int offset, final int length)
        {
            checkDeclared(opcode, length);
            output.roomMessageToRoom(tick, room.roomId, 0, opcode, payload, offset, length);
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
            output.roomMessageToRoom(tick, room.roomId, null == except ? 0 : except.sessionId, opcode, payload,
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
     * Writes a room's view into its frame.
     */
    private final class FrameView implements ViewWriter
    {
        boolean truncated;

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
            if (!output.frameEntity(entityId, kind, x, y, rotation, vx, vy, health, score, state, ownerId))
            {
                truncated = true;
            }
        }
    }
}
