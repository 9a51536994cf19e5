package io.ringside.engine.logic;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.CreateRoomDecoder;
import io.ringside.codec.sbe.DisconnectDecoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameMessageDecoder;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.JoinByCodeDecoder;
import io.ringside.codec.sbe.JoinRoomDecoder;
import io.ringside.codec.sbe.LeaveRoomDecoder;
import io.ringside.codec.sbe.ListRoomsDecoder;
import io.ringside.codec.sbe.MatchRoomDecoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.PingDecoder;
import io.ringside.codec.sbe.ReconnectDecoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.TurnActionDecoder;
import io.ringside.codec.sbe.WatchRoomDecoder;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.Matchmaker;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.ha.HaRoomIds;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.engine.output.OutputWriter;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventType;
import io.ringside.engine.ring.RoomRequests;
import io.ringside.transport.auth.JoinTickets;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.List;

/**
 * Stage 1 of the ring: the only code that reads or writes game state. Decodes each event's payload with flyweights
 * and dispatches it: sessions open, resume, time out and close here (in the {@link SessionTable}); rooms are found in
 * the {@link RoomDirectory} and run by the {@link RoomHost}, which makes every call into game code; what players'
 * games save of them is in {@link SavedStates}; the {@link CheckpointCodec} walks all of it for the state hash and
 * engine snapshots. What must be said or shown goes into the output log for the stages after it. Single-threaded and
 * deterministic: everything it does follows from the ordered events (time arrives as TICK events, ids and seeds are
 * in the events), it iterates only over ordered arrays, and it reads no clock.
 * <p>
 * Steady state (inputs, pings, ticks) does not allocate. Connects, joins and errors may (strings, new rooms).
 */
public final class GameLogicHandler implements EventHandler<EngineEvent>, OutputWriter.BackPressureListener
{
    /**
     * The layout of the checkpoint walk; part of the simulation settings, so that recovery refuses engine snapshots
     * of another layout instead of misreading them. 2: saved player states as each game's own bytes. 3: each room's
     * join code and metadata, each session's wrong join codes. 4: the room each session watches.
     */
    private static final int CHECKPOINT_FORMAT = 4;

    /**
     * JoinByCode requests naming no room that a session may make before it is let go: a player mistypes a code a few
     * times; a client guessing the 40-bit codes is stopped long before it could find one.
     */
    static final int MAX_WRONG_JOIN_CODES = 10;

    /**
     * The room option that puts a room on the HA cluster.
     */
    static final String HA_OPTION = "ha";

    private final GameRegistry games;
    private final LogicContext settings;
    private OutputWriter output;
    private Sequence sequenceCallback;
    private long currentSequence;

    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final ConnectDecoder connectDecoder = new ConnectDecoder();
    private final ReconnectDecoder reconnectDecoder = new ReconnectDecoder();
    private final JoinRoomDecoder joinRoomDecoder = new JoinRoomDecoder();
    private final CreateRoomDecoder createRoomDecoder = new CreateRoomDecoder();
    private final MatchRoomDecoder matchRoomDecoder = new MatchRoomDecoder();
    private final JoinByCodeDecoder joinByCodeDecoder = new JoinByCodeDecoder();
    private final ListRoomsDecoder listRoomsDecoder = new ListRoomsDecoder();
    private final WatchRoomDecoder watchRoomDecoder = new WatchRoomDecoder();
    private final LeaveRoomDecoder leaveRoomDecoder = new LeaveRoomDecoder();
    private final InputDecoder inputDecoder = new InputDecoder();
    private final TurnActionDecoder turnActionDecoder = new TurnActionDecoder();
    private final GameMessageDecoder gameMessageDecoder = new GameMessageDecoder();
    private final PingDecoder pingDecoder = new PingDecoder();
    private final DisconnectDecoder disconnectDecoder = new DisconnectDecoder();
    private final UnsafeBuffer varData = new UnsafeBuffer(0, 0);

    private final LogicState state = new LogicState();
    private final SessionTable sessions = new SessionTable();
    private final RoomDirectory rooms;
    private final SavedStates savedStates = new SavedStates();
    private final RoomHost host;
    private final HaRelay relay;
    private final CheckpointCodec checkpoint;
    private final BufferStateWriter snapshotWriter = new BufferStateWriter();
    private final Matchmaker[] matchmakers;
    private final RoomListPage roomListPage = new RoomListPage();
    private RoomRequests roomRequests;
    private final JoinTickets joinTickets;
    private SnapshotExchange snapshots;
    private ErrorHandler faultHandler = ex -> {};

    private final LogicCounters counters;

    public GameLogicHandler(final GameRegistry games, final LogicContext settings)
    {
        this(games, settings, EngineCounters.inMemory());
    }

    /**
     * @param counters where the logic thread counts what it does (it alone writes the logic's counters).
     */
    public GameLogicHandler(final GameRegistry games, final LogicContext settings, final EngineCounters counters)
    {
        this.games = games;
        this.settings = settings;
        this.counters = new LogicCounters(counters);
        this.rooms = new RoomDirectory(settings, games);
        this.joinTickets = null == settings.ticketSecret ? null : new JoinTickets(settings.ticketSecret);
        this.host = new RoomHost(settings, state, this.counters, rooms, savedStates);
        this.relay = new HaRelay(settings, state, this.counters, sessions, rooms, host, games);
        host.relay(relay);
        this.checkpoint = new CheckpointCodec(state, sessions, rooms, savedStates);
        final List<Game> registered = games.games();
        this.matchmakers = new Matchmaker[registered.size()];
        for (int i = 0; i < matchmakers.length; i++)
        {
            matchmakers[i] = java.util.Objects.requireNonNull(registered.get(i).matchmaker(), "matchmaker");
        }
    }

    /**
     * Attach the output writer; called once while the pipeline is assembled.
     */
    public void output(final OutputWriter output)
    {
        this.output = output;
        host.output(output);
        relay.output(output);
    }

    /**
     * Answer the rooms the HTTP API asks for there; called once while the pipeline is assembled.
     */
    public void roomRequests(final RoomRequests roomRequests)
    {
        this.roomRequests = roomRequests;
    }

    /**
     * Send what players do in HA rooms to the HA cluster through these channels; set after recovery (a replayed
     * event sends nothing), only on an engine configured as an HA gateway.
     */
    public void haChannels(final io.ringside.engine.ha.HaChannels channels)
    {
        relay.channels(channels);
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
        host.faultHandler(faultHandler);
        relay.faultHandler(faultHandler);
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

                case EventType.ROOM_REQUEST:
                    onRoomRequest(event);
                    break;

                case EventType.REDIRECT:
                    onRedirect(event);
                    break;

                case EventType.HA_MESSAGE:
                    onHaMessage(event);
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
        host.publishListing();
    }

    /**
     * @return the open rooms as other threads may read them (the HTTP room API).
     */
    public RoomListing roomListing()
    {
        return host.listing();
    }

    // ------------------------------------------------------------------ client messages

    private void onHaMessage(final EngineEvent event)
    {
        try
        {
            relay.onPart(event);
        }
        catch (final RuntimeException ex)
        {
            // a message from the cluster this engine cannot apply: taken back, counted, recorded
            output.rewind(event.outputStart);
            host.unbind();
            counters.gameFaults.incrementRelease();
            faultHandler.onError(ex);
        }
    }

    private void onClientMessage(final EngineEvent event)
    {
        final UnsafeBuffer payload = event.payload;
        relay.currentMessage(payload, 0, event.payloadLength);
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

            case CreateRoomDecoder.TEMPLATE_ID:
                createRoomDecoder.wrap(payload, body, blockLength, version);
                try
                {
                    onCreateRoom(event);
                }
                catch (final RuntimeException ex)
                {
                    onRequestFault(event, createRoomDecoder.sessionId(), createRoomDecoder.correlationId(), ex);
                }
                break;

            case MatchRoomDecoder.TEMPLATE_ID:
                matchRoomDecoder.wrap(payload, body, blockLength, version);
                try
                {
                    onMatchRoom(event);
                }
                catch (final RuntimeException ex)
                {
                    onRequestFault(event, matchRoomDecoder.sessionId(), matchRoomDecoder.correlationId(), ex);
                }
                break;

            case JoinByCodeDecoder.TEMPLATE_ID:
                joinByCodeDecoder.wrap(payload, body, blockLength, version);
                try
                {
                    onJoinByCode();
                }
                catch (final RuntimeException ex)
                {
                    onRequestFault(event, joinByCodeDecoder.sessionId(), joinByCodeDecoder.correlationId(), ex);
                }
                break;

            case ListRoomsDecoder.TEMPLATE_ID:
                listRoomsDecoder.wrap(payload, body, blockLength, version);
                onListRooms();
                break;

            case WatchRoomDecoder.TEMPLATE_ID:
                watchRoomDecoder.wrap(payload, body, blockLength, version);
                onWatchRoom();
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
        host.unbind();
        counters.gameFaults.incrementRelease();
        faultHandler.onError(ex);
        final Session session = sessions.get(sessionId);
        if (null != session && session.isActive())
        {
            host.refuse(session, correlationId, ErrorCode.GAME_FAULT, "the game failed on this request; nothing of " +
                "it was applied");
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
            else if (ServerState.RUNNING != state.serverState)
            {
                refusal = ServerState.DEGRADED == state.serverState ?
                    ErrorCode.STORAGE_UNAVAILABLE : ErrorCode.SHUTTING_DOWN;
            }
            else if (sessions.size() >= settings.maxSessions)
            {
                refusal = ErrorCode.TOO_MANY_SESSIONS;
            }
            else if (sessions.contains(sessionId))
            {
                refusal = ErrorCode.SERVER_BUSY;
            }
        }

        output.sessionOpened(sessionId, 0, streamId, false, varData, 0, varData.capacity());
        if (ErrorCode.OK != refusal)
        {
            counters.rejection(refusal);
            output.sessionResult(sessionId, correlationId, refusal, 0, 0, 0, 0, event.timeNs,
                settings.tickIntervalNs, state.tick);
            output.sessionClosed(sessionId, refusal, true);
            return;
        }

        final Session previous = sessions.activeOf(event.playerId);
        if (null != previous)
        {
            output.error(previous.sessionId, 0, ErrorCode.UNKNOWN_SESSION, "replaced by a newer session of this player");
            closeSession(previous, ErrorCode.UNKNOWN_SESSION);
        }

        final Session session = new Session(sessionId, event.playerId);
        session.tokenHigh = event.tokenHigh;
        session.tokenLow = event.tokenLow;
        session.lastHeardTick = state.tick;
        sessions.add(session);
        counters.sessionsOpened.incrementRelease();

        output.sessionResult(sessionId, correlationId, ErrorCode.OK, sessionId, session.tokenHigh, session.tokenLow,
            session.playerId, event.timeNs, settings.tickIntervalNs, state.tick);
    }

    private void onReconnect(final EngineEvent event)
    {
        final long correlationId = reconnectDecoder.correlationId();
        final long sessionId = reconnectDecoder.sessionId();
        final long tokenHigh = reconnectDecoder.resumeToken().high();
        final long tokenLow = reconnectDecoder.resumeToken().low();
        final int streamId = reconnectDecoder.responseStreamId();
        reconnectDecoder.wrapResponseChannel(varData);

        final Session session = sessions.get(sessionId);
        ErrorCode refusal = ErrorCode.get((short)event.reason);
        if (ErrorCode.OK == refusal)
        {
            if (null == session || 0 != ((session.tokenHigh ^ tokenHigh) | (session.tokenLow ^ tokenLow)))
            {
                refusal = ErrorCode.UNKNOWN_SESSION;
            }
            else if (ServerState.SHUTTING_DOWN == state.serverState || ServerState.DRAINING == state.serverState)
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
                settings.tickIntervalNs, state.tick);
            output.sessionClosed(replyId, refusal, true);
            return;
        }

        final boolean wasHeld = !session.isActive();
        if (wasHeld)
        {
            final Session other = sessions.activeOf(session.playerId);
            if (null != other && other != session)
            {
                output.error(other.sessionId, 0, ErrorCode.UNKNOWN_SESSION, "replaced by a resumed session");
                closeSession(other, ErrorCode.UNKNOWN_SESSION);
            }
        }

        session.tokenHigh = event.tokenHigh;
        session.tokenLow = event.tokenLow;
        session.lastHeardTick = state.tick;
        sessions.activate(session);
        counters.sessionsResumed.incrementRelease();

        output.sessionOpened(sessionId, event.sourceId, streamId, true, varData, 0, varData.capacity());
        output.sessionResult(sessionId, correlationId, ErrorCode.OK, sessionId, session.tokenHigh, session.tokenLow,
            session.playerId, event.timeNs, settings.tickIntervalNs, state.tick);
        final Room room = session.room;
        if (null != room)
        {
            final int index = output.roomJoined(sessionId, correlationId, room.roomId, session.entityId,
                room.maxPlayers, room.memberCount, state.tick, room.roomStreamId, room.joinCode, room.game.name());
            output.patchRoomJoinedEntityId(index, session.entityId);
            if (null != room.stateSchemaBytes)
            {
                output.roomStateSchema(sessionId, room.roomId, room.stateSchemaBytes);
            }
            // egress may not know the seat (it was rebuilt from a snapshot taken after the join): tell it again
            output.memberJoined(room.roomId, sessionId, session.entityId, room.roomStreamId);
            if (wasHeld)
            {
                host.resume(session);
            }
        }
        final Room watched = session.watching;
        if (null != watched)
        {
            output.roomJoined(sessionId, correlationId, watched.roomId, 0, watched.maxPlayers, watched.memberCount,
                state.tick, watched.roomStreamId, watched.joinCode, watched.game.name());
            if (null != watched.stateSchemaBytes)
            {
                output.roomStateSchema(sessionId, watched.roomId, watched.stateSchemaBytes);
            }
            output.memberJoined(watched.roomId, sessionId, 0, watched.roomStreamId);
        }
    }

    private Session activeSession(final long sessionId, final long correlationId)
    {
        final Session session = sessions.get(sessionId);
        if (null == session || !session.isActive())
        {
            counters.rejection(ErrorCode.UNKNOWN_SESSION);
            counters.messagesForUnknownSessions.incrementRelease();
            return null;
        }
        session.lastHeardTick = state.tick;
        return session;
    }

    private void onJoinRoom(final EngineEvent event)
    {
        final long correlationId = joinRoomDecoder.correlationId();
        final long requestedRoomId = joinRoomDecoder.roomId();
        final Session session = seatable(joinRoomDecoder.sessionId(), correlationId);
        joinRoomDecoder.wrapGameType(varData);
        final Game game = null == session ? null : game(session, correlationId);
        if (null == game)
        {
            return;
        }

        if (0 == requestedRoomId)
        {
            match(session, game, RoomOptions.NONE, RoomOptions.NONE, event.seed, correlationId);
            return;
        }
        final Room room = rooms.get(requestedRoomId);
        if (null == room && HaRoomIds.isHa(requestedRoomId) && relay.isGateway())
        {
            relay.join(session, requestedRoomId, correlationId); // an HA room with no players here yet
            return;
        }
        if (null == room || room.game != game || room.isPrivate())
        {
            host.refuse(session, correlationId, ErrorCode.NO_SUCH_ROOM, "no room of that game with that id");
            return;
        }
        joinIfFree(session, room, correlationId);
    }

    private void onCreateRoom(final EngineEvent event)
    {
        final long correlationId = createRoomDecoder.correlationId();
        final boolean privateRoom = BooleanType.TRUE == createRoomDecoder.privateRoom();
        final Session session = seatable(createRoomDecoder.sessionId(), correlationId);
        createRoomDecoder.wrapGameType(varData);
        final Game game = null == session ? null : game(session, correlationId);
        final RoomOptions options = null == game ? null : roomText(session, correlationId, createRoomDecoder.options());
        if (null == options)
        {
            return;
        }
        if (isHa(game, options))
        {
            createHa(session, game, options, privateRoom, correlationId);
            return;
        }
        // the join code's bits come from ingress's secure random source, in the event (replay finds the same code)
        final Room room = rooms.newRoom(
            game, event.seed, state.tick, privateRoom ? rooms.newJoinCode(event.tokenHigh) : null);
        host.create(session, room, options, correlationId);
    }

    private void onMatchRoom(final EngineEvent event)
    {
        final long correlationId = matchRoomDecoder.correlationId();
        final Session session = seatable(matchRoomDecoder.sessionId(), correlationId);
        matchRoomDecoder.wrapGameType(varData);
        final Game game = null == session ? null : game(session, correlationId);
        final RoomOptions filter = null == game ? null : roomText(session, correlationId, matchRoomDecoder.filter());
        final RoomOptions options = null == filter ? null : roomText(session, correlationId, matchRoomDecoder.options());
        if (null != options)
        {
            match(session, game, filter, options, event.seed, correlationId);
        }
    }

    private void onJoinByCode()
    {
        final long correlationId = joinByCodeDecoder.correlationId();
        final Session session = seatable(joinByCodeDecoder.sessionId(), correlationId);
        if (null == session)
        {
            return;
        }
        final Room room = rooms.byJoinCode(joinByCodeDecoder.joinCode());
        if (null == room)
        {
            host.refuse(session, correlationId, ErrorCode.NO_SUCH_ROOM, "no room with that code");
            if (++session.wrongJoinCodes >= MAX_WRONG_JOIN_CODES)
            {
                counters.sessionsKicked.incrementRelease();
                output.error(session.sessionId, 0, ErrorCode.RATE_LIMITED, "disconnected: too many wrong join codes");
                closeSession(session, ErrorCode.RATE_LIMITED);
            }
            return;
        }
        joinIfFree(session, room, correlationId);
    }

    private void onWatchRoom()
    {
        final long correlationId = watchRoomDecoder.correlationId();
        final Session session = seatable(watchRoomDecoder.sessionId(), correlationId);
        if (null == session)
        {
            return;
        }
        final Room room = rooms.get(watchRoomDecoder.roomId());
        if (null == room || room.isPrivate())
        {
            host.refuse(session, correlationId, ErrorCode.NO_SUCH_ROOM, "no public room with that id");
            return;
        }
        host.watch(session, room, correlationId);
    }

    private void onListRooms()
    {
        final long correlationId = listRoomsDecoder.correlationId();
        final Session session = activeSession(listRoomsDecoder.sessionId(), correlationId);
        final int firstRoom = listRoomsDecoder.firstRoom();
        final int pageSize = listRoomsDecoder.pageSize();
        listRoomsDecoder.wrapGameType(varData);
        final Game game = null == session ? null : game(session, correlationId);
        final RoomOptions filter = null == game ? null : roomText(session, correlationId, listRoomsDecoder.filter());
        if (null == filter)
        {
            return;
        }
        final int matching = rooms.list(game, filter, firstRoom, pageSize, roomListPage.rooms);
        roomListPage.fill();
        output.roomList(session.sessionId, correlationId, state.tick, matching, firstRoom, roomListPage.count,
            roomListPage.roomIds, roomListPage.playerCounts, roomListPage.maxPlayers, roomListPage.metadata);
        counters.roomListings.incrementRelease();
    }

    /**
     * A room the HTTP API asks for: made and listed empty (it closes after the room close grace unless a player
     * comes), or refused; either way the answer goes back to the waiting request.
     */
    private void onRoomRequest(final EngineEvent event)
    {
        final UnsafeBuffer payload = event.payload;
        headerDecoder.wrap(payload, 0);
        createRoomDecoder.wrap(payload, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
            headerDecoder.version());
        final boolean privateRoom = BooleanType.TRUE == createRoomDecoder.privateRoom();
        createRoomDecoder.wrapGameType(varData);
        final Game game = games.get(varData, 0, varData.capacity());
        final String optionsText = createRoomDecoder.options();

        ErrorCode code = ErrorCode.OK;
        String text = "";
        Room room = null;
        if (ServerState.RUNNING != state.serverState)
        {
            code = ErrorCode.SHUTTING_DOWN;
            text = "the engine takes no new rooms";
        }
        else if (null == game)
        {
            code = ErrorCode.NO_SUCH_GAME;
            text = "no game of that type";
        }
        else
        {
            RoomOptions options = null;
            try
            {
                options = RoomOptions.parse(optionsText);
            }
            catch (final IllegalArgumentException ex)
            {
                code = ErrorCode.INVALID_INPUT;
                text = "room options: " + ex.getMessage();
            }
            if (null != options)
            {
                try
                {
                    room = rooms.newRoom(
                        game, event.seed, state.tick, privateRoom ? rooms.newJoinCode(event.tokenHigh) : null);
                    code = host.open(room, options);
                    text = ErrorCode.OK == code ? "" : "the game refused the room's options";
                }
                catch (final RuntimeException ex)
                {
                    output.rewind(event.outputStart);
                    host.unbind();
                    counters.gameFaults.incrementRelease();
                    faultHandler.onError(ex);
                    code = ErrorCode.GAME_FAULT;
                    text = "the game failed to create the room";
                }
            }
        }
        if (ErrorCode.OK != code)
        {
            counters.rejection(code);
        }
        if (null != roomRequests)
        {
            roomRequests.complete(event.correlationId, code, ErrorCode.OK == code ? room.roomId : 0,
                ErrorCode.OK == code ? room.joinCode : null, text);
        }
    }

    /**
     * @return the session, when it may take a seat now; otherwise null, the client told why.
     */
    private Session seatable(final long sessionId, final long correlationId)
    {
        final Session session = activeSession(sessionId, correlationId);
        if (null == session)
        {
            return null;
        }
        if (null != session.room || null != session.watching)
        {
            host.refuse(session, correlationId, ErrorCode.ALREADY_IN_ROOM, "leave the current room first");
            return null;
        }
        if (ServerState.RUNNING != state.serverState)
        {
            host.refuse(session, correlationId, ErrorCode.SHUTTING_DOWN, "the engine takes no new players");
            return null;
        }
        return session;
    }

    /**
     * @return the registered game named by the var data just wrapped, or null, the client told NO_SUCH_GAME.
     */
    private Game game(final Session session, final long correlationId)
    {
        final Game game = games.get(varData, 0, varData.capacity());
        if (null == game)
        {
            host.refuse(session, correlationId, ErrorCode.NO_SUCH_GAME, "no game of that type");
        }
        return game;
    }

    /**
     * @return room options or a filter read from a request, or null, the client told INVALID_INPUT and why.
     */
    private RoomOptions roomText(final Session session, final long correlationId, final String text)
    {
        try
        {
            return RoomOptions.parse(text);
        }
        catch (final IllegalArgumentException ex)
        {
            host.refuse(session, correlationId, ErrorCode.INVALID_INPUT, "room options or filter: " + ex.getMessage());
            return null;
        }
    }

    /**
     * Seat the session where the game's matchmaker chooses among the rooms the filter matches, or in a new public
     * room made with the options.
     */
    private void match(
        final Session session,
        final Game game,
        final RoomOptions filter,
        final RoomOptions options,
        final long seed,
        final long correlationId)
    {
        final Matchmaker.Candidates candidates = rooms.candidates(game, filter);
        final Room chosen = rooms.chosen(
            matchmakers[games.games().indexOf(game)].choose(session.playerId, filter, candidates));
        if (null == chosen && isHa(game, options))
        {
            createHa(session, game, options, false, correlationId);
        }
        else if (null == chosen)
        {
            host.create(session, rooms.newRoom(game, seed, state.tick, null), options, correlationId);
        }
        else
        {
            host.join(session, chosen, correlationId);
        }
    }

    private static boolean isHa(final Game game, final RoomOptions options)
    {
        return game.highlyAvailable() || "true".equals(options.get(HA_OPTION));
    }

    /**
     * A room that must survive the loss of a machine: made on the HA cluster, with the options less {@code ha}.
     */
    private void createHa(
        final Session session, final Game game, final RoomOptions options, final boolean privateRoom,
        final long correlationId)
    {
        if (!relay.isGateway())
        {
            host.refuse(session, correlationId, ErrorCode.INVALID_INPUT,
                "this engine has no HA cluster (--ha-cluster): no room of it survives a machine's loss");
            return;
        }
        if (privateRoom)
        {
            host.refuse(session, correlationId, ErrorCode.INVALID_INPUT, "HA rooms are public (join codes are per " +
                "engine)");
            return;
        }
        relay.create(session, game, options.without(HA_OPTION), correlationId);
    }

    private void joinIfFree(final Session session, final Room room, final long correlationId)
    {
        if (room.isFull())
        {
            host.refuse(session, correlationId, ErrorCode.ROOM_FULL, "the room is full");
            return;
        }
        host.join(session, room, correlationId);
    }

    private void onLeaveRoom()
    {
        final long correlationId = leaveRoomDecoder.correlationId();
        final Session session = activeSession(leaveRoomDecoder.sessionId(), correlationId);
        if (null == session)
        {
            return;
        }
        if (null != session.watching)
        {
            final long watchedRoomId = session.watching.roomId;
            host.unwatch(session);
            output.roomLeft(session.sessionId, correlationId, watchedRoomId, state.tick);
            return;
        }
        if (null == session.room)
        {
            host.refuse(session, correlationId, ErrorCode.NOT_IN_ROOM, "not in a room");
            return;
        }
        final long roomId = session.room.roomId;
        host.leave(session, true, LeaveReason.CONSENTED);
        output.roomLeft(session.sessionId, correlationId, roomId, state.tick);
    }

    private void onInput()
    {
        final long inputSequence = inputDecoder.inputSequence();
        final Session session = activeSession(inputDecoder.sessionId(), inputSequence);
        if (null != session)
        {
            host.input(session, inputSequence, inputDecoder.clientTimestampNs(), inputDecoder.thrust(),
                inputDecoder.turn(), BooleanType.TRUE == inputDecoder.fire());
        }
    }

    private void onTurnAction()
    {
        final long correlationId = turnActionDecoder.correlationId();
        final Session session = activeSession(turnActionDecoder.sessionId(), correlationId);
        if (null != session)
        {
            host.action(session, correlationId, turnActionDecoder.cell());
        }
    }

    private void onGameMessage()
    {
        final long correlationId = gameMessageDecoder.correlationId();
        final Session session = activeSession(gameMessageDecoder.sessionId(), correlationId);
        if (null != session)
        {
            final int opcode = gameMessageDecoder.opcode();
            final int length = gameMessageDecoder.payloadLength();
            gameMessageDecoder.wrapPayload(varData);
            host.message(session, correlationId, opcode, varData, 0, length);
        }
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
        final Session session = sessions.get(disconnectDecoder.sessionId());
        if (null == session || !session.isActive())
        {
            counters.rejection(ErrorCode.UNKNOWN_SESSION);
            counters.messagesForUnknownSessions.incrementRelease();
            return;
        }
        closeSession(session, ErrorCode.OK);
    }

    // ------------------------------------------------------------------ session ends

    private void onSessionLost(final long sessionId, final ErrorCode reason)
    {
        final Session session = sessions.get(sessionId);
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
        sessions.hold(session, state.tick);
        if (null != session.room)
        {
            host.drop(session);
        }
    }

    /**
     * End a session for good: leave its room (saving its state) and forget it.
     */
    private void closeSession(final Session session, final ErrorCode reason)
    {
        if (null != session.watching)
        {
            host.unwatch(session);
        }
        if (null != session.room)
        {
            final long mark = output.position();
            try
            {
                host.leave(session, false, ErrorCode.OK == reason ? LeaveReason.CONSENTED : LeaveReason.DROPPED);
            }
            catch (final RuntimeException ex)
            {
                // the session ends whatever the game does: the engine unseats it (the game may keep a stale entity)
                output.rewind(mark);
                counters.gameFaults.incrementRelease();
                faultHandler.onError(ex);
                host.unseat(session);
            }
        }
        output.sessionClosed(session.sessionId, reason, true);
        sessions.remove(session);
        counters.sessionsClosed.incrementRelease();
    }

    private void onRejection(final long sessionId, final ErrorCode code, final long correlationId)
    {
        counters.rejection(code);
        final Session session = sessions.get(sessionId);
        if (null != session && session.isActive())
        {
            output.error(sessionId, correlationId, code, ErrorTexts.text(code));
        }
    }

    /**
     * Ingress sends the session to another engine (its room is there, or the directory placed its new room there):
     * answer Redirect with a join ticket for its player, signed here so that the player id is the session's own.
     * The ticket's expiry came with the event, so a replay writes the same ticket.
     */
    private void onRedirect(final EngineEvent event)
    {
        final Session session = sessions.get(event.sessionId);
        if (null == session || !session.isActive())
        {
            counters.messagesForUnknownSessions.incrementRelease();
            return;
        }
        if (null != session.room || null != session.watching)
        {
            counters.rejection(ErrorCode.ALREADY_IN_ROOM);
            output.error(session.sessionId, event.correlationId, ErrorCode.ALREADY_IN_ROOM,
                "leave this engine's room first: the room asked for is on another engine");
            return;
        }
        if (null == joinTickets)
        {
            counters.unknownEvents.incrementRelease();
            return;
        }
        final int length = event.payloadLength;
        int split = 0;
        while (split < length && '\n' != event.payload.getByte(split))
        {
            split++;
        }
        final String aeronEndpoint = event.payload.getStringWithoutLengthAscii(0, split);
        final String webSocketUrl = split + 1 < length ?
            event.payload.getStringWithoutLengthAscii(split + 1, length - split - 2) : "";
        final long roomId = event.seed;
        final int engineId = event.reason;
        final long expiresEpochMs = event.tokenHigh;
        final String ticket = joinTickets.issue(session.playerId, engineId, roomId, expiresEpochMs);
        output.redirect(session.sessionId, event.correlationId, roomId, engineId, expiresEpochMs, aeronEndpoint,
            webSocketUrl, ticket);
        counters.redirects.incrementRelease();
    }

    private void onSessionKick(final long sessionId, final ErrorCode reason)
    {
        final Session session = sessions.get(sessionId);
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

    private void onServerState(final ServerState serverState, final long timeNs)
    {
        if (null == serverState || ServerState.NULL_VAL == serverState)
        {
            counters.unknownEvents.incrementRelease();
            return;
        }
        state.serverState = serverState;
        output.serverStatusToAll(serverState, timeNs,
            ServerState.DEGRADED == serverState ? "storage unavailable: input paused until the journal can write" : "");
    }

    // ------------------------------------------------------------------ ticks

    private void onTick(final long tick, final long timeNs)
    {
        state.tick = tick;
        state.timeNs = timeNs;
        counters.ticks.incrementRelease();

        host.tick(settings.playerStateIntervalTicks > 0 && 0 == tick % settings.playerStateIntervalTicks);
        relay.onTick();
        expireSessions();
        host.closeEmptyRooms();
        counters.sessionsOpen.setRelease(sessions.size());
        counters.roomsOpen.setRelease(rooms.size());
    }

    private void expireSessions()
    {
        final long tick = state.tick;
        for (int i = sessions.size() - 1; i >= 0; i--)
        {
            final Session session = sessions.at(i);
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

    // ------------------------------------------------------------------ state

    /**
     * A 64-bit hash of all engine state (see {@link #writeState}). Logic thread only (or when the pipeline is
     * quiescent).
     */
    public long stateHash()
    {
        return checkpoint.hash();
    }

    /**
     * Write all engine state in a deterministic order: the tick, sessions in their table order, rooms in creation
     * order with each game's own state, and saved player states in the order they were first saved. The one walk
     * behind both the state hash and engine snapshots. Logic thread only (or when the pipeline is quiescent).
     */
    public void writeState(final StateWriter out)
    {
        checkpoint.write(out);
    }

    /**
     * Restore the state {@link #writeState} wrote, into a handler that has not processed any event, with the same
     * games registered in the same order. Recovery then replays the journal after the snapshot.
     */
    public void readState(final StateReader in)
    {
        checkpoint.read(in);
    }

    /**
     * Write an engine snapshot at this tick boundary when one is due and the journal has taken the last one.
     *
     * @return true when one was written.
     */
    private boolean takeSnapshot()
    {
        final long tick = state.tick;
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
        final long hash = checkpoint.writeHashed(snapshotWriter.wrap(snapshots.buffer(), SnapshotExchange.STATE_OFFSET));
        snapshots.publish(snapshotWriter.length(), hash, tick, games.games().size());
        counters.engineSnapshots.incrementRelease();
        return true;
    }

    /**
     * @return ids of the sessions that are active: after recovery, their transports are gone.
     */
    public long[] activeSessionIds()
    {
        return sessions.activeSessionIds();
    }

    public long tick()
    {
        return state.tick;
    }

    /**
     * @return every setting that decides what state the events lead to: the logic's, how seeds enter (decided by
     * ingress and carried in each event), and each registered game's in registry order (engine snapshots refer to
     * games by that order). The journal records it; recovery refuses a journal written with other settings.
     */
    public String simulationSettings()
    {
        final StringBuilder sb = new StringBuilder("logic{").append(settings.simulationSettings())
            .append("};checkpoint=").append(CHECKPOINT_FORMAT).append(";seeds=in-events;games=[");
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
        return state.serverState;
    }

    public int sessionCount()
    {
        return sessions.size();
    }

    public int roomCount()
    {
        return rooms.size();
    }
}
