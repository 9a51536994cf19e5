package io.ringside.ha;

import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ringside.cluster.BoundedCopy;
import io.ringside.codec.ha.CreateHaRoomDecoder;
import io.ringside.codec.ha.GatewayOpenedEncoder;
import io.ringside.codec.ha.GatewayPingDecoder;
import io.ringside.codec.ha.GatewayPongEncoder;
import io.ringside.codec.ha.HaCode;
import io.ringside.codec.ha.HaFrameEncoder;
import io.ringside.codec.ha.HaInputsDecoder;
import io.ringside.codec.ha.HaJoinedEncoder;
import io.ringside.codec.ha.HaRefusedEncoder;
import io.ringside.codec.ha.HaRoomClosedEncoder;
import io.ringside.codec.ha.HaRoomSnapshotDecoder;
import io.ringside.codec.ha.HaRoomSnapshotEncoder;
import io.ringside.codec.ha.HaServiceSnapshotDecoder;
import io.ringside.codec.ha.HaServiceSnapshotEncoder;
import io.ringside.codec.ha.JoinHaRoomDecoder;
import io.ringside.codec.ha.LeaveHaRoomDecoder;
import io.ringside.codec.ha.MessageHeaderDecoder;
import io.ringside.codec.ha.MessageHeaderEncoder;
import io.ringside.codec.ha.OpenGatewayDecoder;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameMessageDecoder;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.TurnActionDecoder;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateHasher;
import io.ringside.engine.ha.HaRoomIds;
import io.ringside.engine.logic.BufferStateReader;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * HA rooms as an Aeron Cluster clustered service: the same game code as an engine runs, fed by the cluster log
 * instead of an engine's ring and journal. Gateway engines open a gateway, create and join rooms for their players,
 * and send each room's player messages of a tick as one {@code HaInputs}; the service ticks every room on a cluster
 * timer whose deadline is computed from the tick number (the same on every member), and after each tick sends the
 * room's {@code HaFrame} (its whole state, its events) once to each gateway with members in it. State changes only
 * here, from the log, with the log's time; it is snapshotted whole ({@link #onTakeSnapshot}) with the games' own
 * state walk. The service's own thread only, except {@link #view()}, which any thread may read.
 */
public final class HaRoomService implements ClusteredService
{
    static final long TICK_TIMER_ID = 1;
    /**
     * Ticks a late timer runs to catch up; more missed than this (an election) are skipped.
     */
    static final long MAX_CATCH_UP_TICKS = 8;
    private static final long VIEW_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);
    private static final int MAX_GATEWAYS = 1024;
    private static final int MAX_INCOMING_BYTES = 1024 * 1024;
    private static final int HASH_HISTORY = 1024;

    private final GameRegistry games;
    private final int tickRateHz;
    private final long roomCloseGraceTicks;
    private final long gatewayGraceMs;
    private final ErrorHandler faultHandler;

    // ---- the replicated state: changed only from the log, snapshotted whole
    private final ArrayList<HaRoom> rooms = new ArrayList<>();
    private final Long2ObjectHashMap<HaRoom> roomsById = new Long2ObjectHashMap<>();
    private final ArrayList<HaGateway> gateways = new ArrayList<>(); // by gateway id
    private long nextRoomNumber = 1;
    private long tickEpochMs;
    private long tick;
    private long serviceHash;

    // ---- the service thread's working objects
    private final Long2ObjectHashMap<HaGateway> gatewaysBySession = new Long2ObjectHashMap<>();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final OpenGatewayDecoder openDecoder = new OpenGatewayDecoder();
    private final GatewayPingDecoder pingDecoder = new GatewayPingDecoder();
    private final GatewayPongEncoder pongEncoder = new GatewayPongEncoder();
    private final CreateHaRoomDecoder createDecoder = new CreateHaRoomDecoder();
    private final JoinHaRoomDecoder joinDecoder = new JoinHaRoomDecoder();
    private final LeaveHaRoomDecoder leaveDecoder = new LeaveHaRoomDecoder();
    private final HaInputsDecoder inputsDecoder = new HaInputsDecoder();
    private final io.ringside.codec.sbe.MessageHeaderDecoder clientHeader =
        new io.ringside.codec.sbe.MessageHeaderDecoder();
    private final InputDecoder inputDecoder = new InputDecoder();
    private final TurnActionDecoder actionDecoder = new TurnActionDecoder();
    private final GameMessageDecoder gameMessageDecoder = new GameMessageDecoder();
    private final GatewayOpenedEncoder openedEncoder = new GatewayOpenedEncoder();
    private final HaJoinedEncoder joinedEncoder = new HaJoinedEncoder();
    private final HaRefusedEncoder refusedEncoder = new HaRefusedEncoder();
    private final HaFrameEncoder frameEncoder = new HaFrameEncoder();
    private final HaRoomClosedEncoder closedEncoder = new HaRoomClosedEncoder();
    private final HaServiceSnapshotEncoder serviceSnapshotEncoder = new HaServiceSnapshotEncoder();
    private final HaRoomSnapshotEncoder roomSnapshotEncoder = new HaRoomSnapshotEncoder();
    private final HaServiceSnapshotDecoder serviceSnapshotDecoder = new HaServiceSnapshotDecoder();
    private final HaRoomSnapshotDecoder roomSnapshotDecoder = new HaRoomSnapshotDecoder();
    private final StateHasher hasher = new StateHasher();
    private final ExpandableArrayBuffer answer = new ExpandableArrayBuffer(1024);
    private final ExpandableArrayBuffer frame = new ExpandableArrayBuffer(16 * 1024);
    private final ExpandableArrayBuffer stateBuffer = new ExpandableArrayBuffer(16 * 1024);
    private final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(1024);
    private final BoundedCopy copy = new BoundedCopy(MAX_INCOMING_BYTES);
    private UnsafeBuffer incoming;
    private final ErrorCode[] refusal = new ErrorCode[1];
    private final int[] sentTo = new int[MAX_GATEWAYS];
    private final long[] hashTicks = new long[HASH_HISTORY];
    private final long[] hashValues = new long[HASH_HISTORY];
    private long hashesRecorded;

    private Cluster cluster;
    private IdleStrategy idleStrategy;
    private HaCounters counters;
    private int leaderMemberId = -1;
    private long leadershipTermId = -1;
    private long nextViewNs;
    private volatile HaView view = HaView.EMPTY;

    /**
     * @param games               the games rooms may run, registered in the same order on every member.
     * @param tickRateHz          ticks per second; every member must use the same.
     * @param roomCloseGraceTicks how long a room stands empty before it closes.
     * @param gatewayGraceMs      how long a gateway's members keep their seats after its cluster session closed.
     */
    public HaRoomService(final GameRegistry games, final int tickRateHz, final long roomCloseGraceTicks,
        final long gatewayGraceMs, final ErrorHandler faultHandler)
    {
        if (tickRateHz < 1 || tickRateHz > 1000)
        {
            throw new IllegalArgumentException("tick rate must be 1..1000 Hz: " + tickRateHz);
        }
        this.games = games;
        this.tickRateHz = tickRateHz;
        this.roomCloseGraceTicks = roomCloseGraceTicks;
        this.gatewayGraceMs = gatewayGraceMs;
        this.faultHandler = faultHandler;
    }

    /**
     * Game code threw: counted and recorded; what the game did to its own state before it threw stays (every member
     * threw the same way, so they still agree).
     */
    private void gameFault(final RuntimeException ex)
    {
        counters.gameFaults.incrementRelease();
        faultHandler.onError(ex);
    }

    /**
     * @return the service as of its last tick, at most a fraction of a second old; any thread.
     */
    public HaView view()
    {
        return view;
    }

    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.idleStrategy = cluster.idleStrategy();
        this.counters = new HaCounters(cluster.aeron(), cluster.memberId());
        if (null != snapshotImage)
        {
            loadSnapshot(snapshotImage);
        }
    }

    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        final HaGateway gateway = gatewaysBySession.remove(session.id());
        if (null != gateway)
        {
            // its members keep their seats for the grace: the same gateway instance may come back on a new session
            gateway.clusterSessionId = -1;
            gateway.goneSinceMs = timestamp;
        }
    }

    public void onSessionMessage(
        final ClientSession session,
        final long timestamp,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final Header header)
    {
        incoming = copy.copy(buffer, offset, length, MessageHeaderDecoder.ENCODED_LENGTH);
        if (null == incoming)
        {
            counters.badRequests.incrementRelease();
            return;
        }
        headerDecoder.wrap(incoming, 0);
        if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
        {
            counters.badRequests.incrementRelease();
            return;
        }
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        try
        {
            if (OpenGatewayDecoder.TEMPLATE_ID == headerDecoder.templateId())
            {
                onOpenGateway(session, timestamp, openDecoder.wrap(incoming, body, blockLength, version));
                return;
            }
            if (GatewayPingDecoder.TEMPLATE_ID == headerDecoder.templateId())
            {
                onPing(session, pingDecoder.wrap(incoming, body, blockLength, version));
                return;
            }
            final HaGateway gateway = gatewaysBySession.get(session.id());
            if (null == gateway)
            {
                counters.notOpened.incrementRelease();
                return;
            }
            switch (headerDecoder.templateId())
            {
                case CreateHaRoomDecoder.TEMPLATE_ID ->
                    onCreateRoom(session, gateway, timestamp, createDecoder.wrap(incoming, body, blockLength, version));
                case JoinHaRoomDecoder.TEMPLATE_ID ->
                    onJoinRoom(session, gateway, joinDecoder.wrap(incoming, body, blockLength, version));
                case LeaveHaRoomDecoder.TEMPLATE_ID ->
                    onLeaveRoom(gateway, leaveDecoder.wrap(incoming, body, blockLength, version));
                case HaInputsDecoder.TEMPLATE_ID ->
                    onInputs(gateway, inputsDecoder.wrap(incoming, body, blockLength, version));
                default -> counters.badRequests.incrementRelease();
            }
        }
        catch (final IndexOutOfBoundsException | IllegalStateException ex)
        {
            // lengths that lie: what came before the lie is applied, identically on every member
            counters.badRequests.incrementRelease();
        }
    }

    // ------------------------------------------------------------------ gateways

    private void onOpenGateway(final ClientSession session, final long timestamp, final OpenGatewayDecoder request)
    {
        final int gatewayId = request.gatewayId();
        final long instanceId = request.instanceId();
        HaGateway gateway = gateway(gatewayId);
        HaCode code = HaCode.OK;
        if (gatewayId < 1)
        {
            counters.badRequests.incrementRelease();
            return;
        }
        if (null != gateway && gateway.isConnected() && gateway.clusterSessionId != session.id() &&
            gateway.instanceId != instanceId)
        {
            code = HaCode.GATEWAY_ID_IN_USE;
            counters.gatewayIdConflicts.incrementRelease();
        }
        else
        {
            if (null == gateway)
            {
                if (gateways.size() >= MAX_GATEWAYS)
                {
                    counters.badRequests.incrementRelease();
                    return;
                }
                gateway = addGateway(gatewayId);
                gateway.instanceId = instanceId;
            }
            else if (gateway.instanceId != instanceId)
            {
                // the engine restarted: its players' sessions are gone with it
                dropMembers(gateway);
                gateway.instanceId = instanceId;
                gateway.lastBatchSequence = 0;
                gateway.batchesInLog = 0;
            }
            if (gateway.isConnected())
            {
                gatewaysBySession.remove(gateway.clusterSessionId);
            }
            gateway.clusterSessionId = session.id();
            gateway.goneSinceMs = 0;
            gatewaysBySession.put(session.id(), gateway);
            counters.gatewaysOpened.incrementRelease();
        }
        openedEncoder.wrapAndApplyHeader(answer, 0, headerEncoder)
            .code(code).membersKept(HaCode.OK == code ? membersOf(gateway) : 0).tickRateHz(tickRateHz)
            .lastBatchSequence(HaCode.OK == code ? gateway.lastBatchSequence : 0);
        reply(session, MessageHeaderEncoder.ENCODED_LENGTH + openedEncoder.encodedLength());
    }

    private HaGateway gateway(final int gatewayId)
    {
        for (int i = 0, size = gateways.size(); i < size; i++)
        {
            if (gateways.get(i).gatewayId == gatewayId)
            {
                return gateways.get(i);
            }
        }
        return null;
    }

    private HaGateway addGateway(final int gatewayId)
    {
        final HaGateway gateway = new HaGateway(gatewayId);
        int at = 0;
        while (at < gateways.size() && gateways.get(at).gatewayId < gatewayId)
        {
            at++;
        }
        gateways.add(at, gateway);
        return gateway;
    }

    private int membersOf(final HaGateway gateway)
    {
        int count = 0;
        for (int r = 0, size = rooms.size(); r < size; r++)
        {
            final HaRoom room = rooms.get(r);
            for (int m = 0; m < room.memberCount; m++)
            {
                count += room.members[m].gatewayId == gateway.gatewayId ? 1 : 0;
            }
        }
        return count;
    }

    /**
     * Take every member of a gateway out of its room, as dropped players.
     */
    private void dropMembers(final HaGateway gateway)
    {
        for (int r = 0, size = rooms.size(); r < size; r++)
        {
            final HaRoom room = rooms.get(r);
            for (int m = room.memberCount - 1; m >= 0; m--)
            {
                final HaRoom.Member member = room.members[m];
                if (member.gatewayId == gateway.gatewayId)
                {
                    leave(room, member, LeaveReason.DROPPED);
                    counters.membersDropped.incrementRelease();
                }
            }
        }
    }

    // ------------------------------------------------------------------ rooms and seats

    private void onCreateRoom(
        final ClientSession session, final HaGateway gateway, final long timestamp, final CreateHaRoomDecoder request)
    {
        final long sessionId = request.sessionId();
        final long playerId = request.playerId();
        final long correlationId = request.correlationId();
        final String gameName = request.game();
        final String optionsText = request.options();
        final Game game = games.get(gameName);
        if (null == game)
        {
            refuse(session, sessionId, correlationId, ErrorCode.NO_SUCH_GAME, "no such game");
            return;
        }
        final RoomOptions options;
        try
        {
            options = RoomOptions.parse(optionsText);
        }
        catch (final IllegalArgumentException ex)
        {
            refuse(session, sessionId, correlationId, ErrorCode.INVALID_INPUT, "room options are key=value pairs");
            return;
        }
        if (nextRoomNumber > HaRoomIds.MAX_ROOM_NUMBER)
        {
            refuse(session, sessionId, correlationId, ErrorCode.SERVER_BUSY, "no room numbers left");
            return;
        }
        final long roomId = HaRoomIds.of(nextRoomNumber++);
        final long tickIntervalNs = TimeUnit.SECONDS.toNanos(1) / tickRateHz;
        final HaRoom room;
        final long seed = StateHasher.mix(roomId ^ timestamp);
        try
        {
            final GameRoom state = game.createRoom(new RoomSettings(
                roomId, game.maxPlayers(), tickIntervalNs * Math.max(1, game.tickDivisor()), seed));
            final ErrorCode created = state.onCreate(options);
            if (ErrorCode.OK != created)
            {
                refuse(session, sessionId, correlationId,
                    null == created || ErrorCode.NULL_VAL == created ? ErrorCode.GAME_FAULT : created,
                    "the game refused the room's options");
                return;
            }
            room = new HaRoom(roomId, game, state, options.text(), seed, tick);
        }
        catch (final RuntimeException ex)
        {
            gameFault(ex);
            refuse(session, sessionId, correlationId, ErrorCode.GAME_FAULT, "the game failed to make the room");
            return;
        }
        if (rooms.isEmpty())
        {
            startTicking(timestamp);
            room.emptySinceTick = tick; // the tick it was made on, now that ticking started again
        }
        rooms.add(room);
        roomsById.put(roomId, room);
        counters.roomsCreated.incrementRelease();
        join(session, gateway, room, sessionId, playerId, correlationId);
    }

    private void onJoinRoom(final ClientSession session, final HaGateway gateway, final JoinHaRoomDecoder request)
    {
        final long roomId = request.roomId();
        final long sessionId = request.sessionId();
        final long playerId = request.playerId();
        final long correlationId = request.correlationId();
        final HaRoom room = roomsById.get(roomId);
        if (null == room)
        {
            refuse(session, sessionId, correlationId, ErrorCode.NO_SUCH_ROOM, "no HA room with that id");
            return;
        }
        if (null != room.member(gateway.gatewayId, sessionId))
        {
            refuse(session, sessionId, correlationId, ErrorCode.ALREADY_IN_ROOM, "already in that room");
            return;
        }
        join(session, gateway, room, sessionId, playerId, correlationId);
    }

    private void join(final ClientSession session, final HaGateway gateway, final HaRoom room, final long sessionId,
        final long playerId, final long correlationId)
    {
        final HaRoom.Member member;
        try
        {
            member = room.join(gateway.gatewayId, sessionId, playerId, tick, refusal);
        }
        catch (final RuntimeException ex)
        {
            gameFault(ex);
            refuse(session, sessionId, correlationId, ErrorCode.GAME_FAULT, "the game failed on the join");
            return;
        }
        if (null == member)
        {
            refuse(session, sessionId, correlationId, refusal[0], "the room refused the join");
            return;
        }
        counters.joins.incrementRelease();
        joinedEncoder.wrapAndApplyHeader(answer, 0, headerEncoder)
            .roomId(room.roomId).sessionId(sessionId).correlationId(correlationId).entityId(member.entityId)
            .tick(tick).maxPlayers(room.maxPlayers).memberCount(room.memberCount)
            .game(room.game.name()).options(room.options);
        reply(session, MessageHeaderEncoder.ENCODED_LENGTH + joinedEncoder.encodedLength());
    }

    private void onLeaveRoom(final HaGateway gateway, final LeaveHaRoomDecoder request)
    {
        final long roomId = request.roomId();
        final long sessionId = request.sessionId();
        HaRoom room = roomsById.get(roomId);
        if (0 == roomId)
        {
            // a seat the gateway never heard of (its answer lost with a leader): found by the session, in room order
            for (int r = 0, size = rooms.size(); r < size && null == room; r++)
            {
                room = null == rooms.get(r).member(gateway.gatewayId, sessionId) ? null : rooms.get(r);
            }
        }
        final HaRoom.Member member = null == room ? null : room.member(gateway.gatewayId, sessionId);
        if (null == member)
        {
            counters.leavesUnmatched.incrementRelease();
            return;
        }
        leave(room, member, 1 == request.reason() ? LeaveReason.DROPPED : LeaveReason.CONSENTED);
    }

    private void leave(final HaRoom room, final HaRoom.Member member, final LeaveReason reason)
    {
        try
        {
            room.leave(member, reason, tick);
        }
        catch (final RuntimeException ex)
        {
            gameFault(ex); // the seat is freed either way
        }
        counters.leaves.incrementRelease();
    }

    private void refuse(final ClientSession session, final long sessionId, final long correlationId,
        final ErrorCode code, final String text)
    {
        counters.refusals.incrementRelease();
        refusedEncoder.wrapAndApplyHeader(answer, 0, headerEncoder)
            .sessionId(sessionId).correlationId(correlationId).errorCode(code.value()).text(text);
        reply(session, MessageHeaderEncoder.ENCODED_LENGTH + refusedEncoder.encodedLength());
    }

    // ------------------------------------------------------------------ players' messages

    private void onInputs(final HaGateway gateway, final HaInputsDecoder batch)
    {
        final long roomId = batch.roomId();
        final long batchSequence = batch.batchSequence();
        if (batchSequence > gateway.lastBatchSequence + 1 && gateway.lastBatchSequence > 0)
        {
            counters.batchesMissing.getAndAddRelease(batchSequence - gateway.lastBatchSequence - 1);
        }
        gateway.lastBatchSequence = Math.max(gateway.lastBatchSequence, batchSequence);
        gateway.batchesInLog++;
        counters.batches.incrementRelease();
        final HaRoom room = roomsById.get(roomId);
        final HaInputsDecoder.MessagesDecoder messages = batch.messages();
        if (null == room)
        {
            counters.inputsRefused.getAndAddRelease(messages.count());
            return;
        }
        for (final HaInputsDecoder.MessagesDecoder entry : messages)
        {
            final int entityId = entry.entityId();
            final int length = entry.messageLength();
            final int at = batch.limit() + HaInputsDecoder.MessagesDecoder.messageHeaderLength();
            entry.skipMessage(); // checks the length against the message's bounds before anything is applied
            final HaRoom.Member member = room.memberByEntity(entityId);
            if (null == member || member.gatewayId != gateway.gatewayId)
            {
                counters.inputsRefused.incrementRelease();
                continue;
            }
            apply(room, member, at, length);
        }
    }

    private void apply(final HaRoom room, final HaRoom.Member member, final int offset, final int length)
    {
        final int body = offset + io.ringside.codec.sbe.MessageHeaderDecoder.ENCODED_LENGTH;
        if (length < io.ringside.codec.sbe.MessageHeaderDecoder.ENCODED_LENGTH)
        {
            counters.inputsRefused.incrementRelease();
            return;
        }
        clientHeader.wrap(incoming, offset);
        if (clientHeader.schemaId() != io.ringside.codec.sbe.MessageHeaderDecoder.SCHEMA_ID ||
            body + clientHeader.blockLength() > offset + length)
        {
            counters.inputsRefused.incrementRelease();
            return;
        }
        final int blockLength = clientHeader.blockLength();
        final int version = clientHeader.version();
        try
        {
            final ErrorCode result;
            switch (clientHeader.templateId())
            {
                case InputDecoder.TEMPLATE_ID ->
                {
                    inputDecoder.wrap(incoming, body, blockLength, version);
                    inputDecoder.sessionId();
                    final long inputSequence = inputDecoder.inputSequence();
                    final long clientTimeNs = inputDecoder.clientTimestampNs();
                    inputDecoder.lastServerSequence();
                    result = room.input(member, inputSequence, clientTimeNs, inputDecoder.thrust(),
                        inputDecoder.turn(), BooleanType.TRUE == inputDecoder.fire());
                }
                case io.ringside.codec.sbe.TurnActionDecoder.TEMPLATE_ID ->
                {
                    actionDecoder.wrap(incoming, body, blockLength, version);
                    result = room.action(member, actionDecoder.cell());
                }
                case GameMessageDecoder.TEMPLATE_ID ->
                {
                    gameMessageDecoder.wrap(incoming, body, blockLength, version);
                    gameMessageDecoder.correlationId();
                    gameMessageDecoder.sessionId();
                    final int opcode = gameMessageDecoder.opcode();
                    final int payloadLength = gameMessageDecoder.getPayload(payload, 0,
                        gameMessageDecoder.payloadLength());
                    result = room.message(member, opcode, payload, 0, payloadLength);
                }
                default ->
                {
                    counters.inputsRefused.incrementRelease();
                    return;
                }
            }
            if (null != result && ErrorCode.OK != result)
            {
                counters.inputsRefusedByGame.incrementRelease();
            }
            else
            {
                counters.inputs.incrementRelease();
            }
        }
        catch (final RuntimeException ex)
        {
            gameFault(ex);
        }
    }

    // ------------------------------------------------------------------ ticks

    private void startTicking(final long timestamp)
    {
        if (0 == tickEpochMs)
        {
            tickEpochMs = timestamp;
            tick = 0;
        }
        else
        {
            tick = Math.max(tick, ticksAt(timestamp));
        }
        scheduleTick(tick + 1);
    }

    private long ticksAt(final long timestampMs)
    {
        return (timestampMs - tickEpochMs) * tickRateHz / 1000;
    }

    private long deadlineOf(final long tickNumber)
    {
        return tickEpochMs + (tickNumber * 1000 + tickRateHz - 1) / tickRateHz;
    }

    private void scheduleTick(final long tickNumber)
    {
        idleStrategy.reset();
        while (!cluster.scheduleTimer(TICK_TIMER_ID, deadlineOf(tickNumber)))
        {
            idleStrategy.idle();
        }
    }

    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        if (TICK_TIMER_ID != correlationId)
        {
            return;
        }
        // a timer that fires a little late (a stall) runs the ticks it missed, up to MAX_CATCH_UP_TICKS; one later
        // than that (an election) skips them: the next tick is the one of the log's time. Either way every member
        // runs the same ticks, from the log's time alone, and players see a gap only after a long outage
        final long due = Math.max(tick + 1, ticksAt(timestamp));
        long from = tick + 1;
        if (due - tick - 1 > MAX_CATCH_UP_TICKS)
        {
            counters.ticksSkipped.getAndAddRelease(due - tick - 1);
            from = due;
        }
        try
        {
            for (long t = from; t <= due; t++)
            {
                tick = t;
                counters.ticks.incrementRelease();
                runTick(timestamp);
            }
        }
        finally
        {
            // whatever a tick threw, the rooms tick on (the ticks it did not reach are skipped)
            counters.ticksSkipped.getAndAddRelease(due - tick);
            tick = due;
            if (!rooms.isEmpty())
            {
                scheduleTick(tick + 1);
            }
        }
    }

    private void runTick(final long timestamp)
    {
        long hash = StateHasher.mix(tick ^ nextRoomNumber);
        for (int i = 0; i < rooms.size(); i++)
        {
            final HaRoom room = rooms.get(i);
            final boolean ticks = room.ticksOn(tick);
            if (ticks)
            {
                try
                {
                    room.tick(tick);
                }
                catch (final RuntimeException ex)
                {
                    gameFault(ex);
                }
            }
            final int stateLength;
            try
            {
                stateLength = room.writeState(stateBuffer, 0, hasher);
            }
            catch (final RuntimeException ex)
            {
                gameFault(ex);
                continue;
            }
            hash = StateHasher.mix(hash ^ room.stateHash);
            if (ticks && room.memberCount > 0)
            {
                try
                {
                    sendFrame(room, timestamp, stateLength);
                }
                catch (final RuntimeException ex)
                {
                    // a frame too long for the egress (the leader alone finds out): not sent, counted, recorded;
                    // nothing of the replicated state depends on it
                    room.clearEvents();
                    counters.framesNotSent.incrementRelease();
                    faultHandler.onError(ex);
                }
            }
            else if (0 == room.memberCount)
            {
                room.clearEvents(); // nobody to tell: a later joiner's first frame is not the place for them
            }
        }
        closeEmptyRooms();
        dropGoneGateways(timestamp);
        for (int g = 0, size = gateways.size(); g < size; g++)
        {
            final HaGateway gateway = gateways.get(g);
            hash = StateHasher.mix(hash ^ gateway.gatewayId ^ gateway.instanceId ^ gateway.lastBatchSequence);
            hash = StateHasher.mix(hash ^ gateway.batchesInLog);
        }
        serviceHash = hash;
        final int slot = (int)(hashesRecorded++ % HASH_HISTORY);
        hashTicks[slot] = tick;
        hashValues[slot] = hash;
    }

    private void sendFrame(final HaRoom room, final long timestamp, final int stateLength)
    {
        final HaFrameEncoder encoder = frameEncoder.wrapAndApplyHeader(frame, 0, headerEncoder)
            .roomId(room.roomId).tick(tick).timeMs(timestamp).stateHash(room.stateHash);
        final int count = room.eventCount();
        final HaFrameEncoder.EventsEncoder events = encoder.eventsCount(count);
        for (int i = 0; i < count; i++)
        {
            final HaRoom.Event event = room.event(i);
            events.next().kind(event.kind).recipient(event.recipient).tick(event.tick)
                .eventType(event.type.value()).subjectId(event.subjectId).objectId(event.objectId)
                .value(event.value).x(event.x).y(event.y).opcode(event.opcode)
                .putPayload(event.payload, 0, event.payloadLength);
        }
        room.clearEvents();
        final HaFrameEncoder.AcksEncoder acks = encoder.acksCount(room.memberCount);
        for (int m = 0; m < room.memberCount; m++)
        {
            final HaRoom.Member member = room.members[m];
            acks.next().entityId(member.entityId).lastInputSequence(member.lastInputSequence)
                .lastInputClientTimeNs(member.lastInputClientTimeNs);
        }
        encoder.putState(stateBuffer, 0, stateLength);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength();
        int sent = 0;
        for (int m = 0; m < room.memberCount; m++)
        {
            final int gatewayId = room.members[m].gatewayId;
            boolean already = false;
            for (int s = 0; s < sent && !already; s++)
            {
                already = sentTo[s] == gatewayId;
            }
            if (already)
            {
                continue;
            }
            sentTo[sent++] = gatewayId;
            final HaGateway gateway = gateway(gatewayId);
            final ClientSession session = null == gateway || !gateway.isConnected() ? null :
                cluster.getClientSession(gateway.clusterSessionId);
            if (null == session || session.offer(frame, 0, length) < 0)
            {
                counters.framesNotSent.incrementRelease(); // the gateway sees the tick gap and says so
            }
            else
            {
                counters.framesSent.incrementRelease();
            }
        }
    }

    private void closeEmptyRooms()
    {
        for (int i = rooms.size() - 1; i >= 0; i--)
        {
            final HaRoom room = rooms.get(i);
            if (0 == room.memberCount && tick - room.emptySinceTick >= roomCloseGraceTicks)
            {
                rooms.remove(i);
                roomsById.remove(room.roomId);
                try
                {
                    room.state.onDispose();
                }
                catch (final RuntimeException ex)
                {
                    gameFault(ex);
                }
                counters.roomsClosed.incrementRelease();
            }
        }
    }

    private void dropGoneGateways(final long timestamp)
    {
        for (int g = 0, size = gateways.size(); g < size; g++)
        {
            final HaGateway gateway = gateways.get(g);
            if (!gateway.isConnected() && gateway.goneSinceMs > 0 && timestamp - gateway.goneSinceMs >= gatewayGraceMs)
            {
                dropMembers(gateway);
                gateway.goneSinceMs = 0;
                gateway.instanceId = 0;
            }
        }
    }

    private void onPing(final ClientSession session, final GatewayPingDecoder ping)
    {
        // no state: the answer tells the gateway its session is still heard (a cluster started again is silent to it)
        pongEncoder.wrapAndApplyHeader(answer, 0, headerEncoder).pingId(ping.pingId()).sentNs(ping.sentNs());
        reply(session, MessageHeaderEncoder.ENCODED_LENGTH + pongEncoder.encodedLength());
    }

    private void reply(final ClientSession session, final int length)
    {
        // followers' sessions take nothing (a mocked offer); on the leader a full egress is counted, not retried:
        // the gateway times the request out and tells its player
        if (session.offer(answer, 0, length) < 0)
        {
            counters.answersNotSent.incrementRelease();
        }
    }

    // ------------------------------------------------------------------ snapshots

    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        final HaServiceSnapshotEncoder header = serviceSnapshotEncoder.wrapAndApplyHeader(frame, 0, headerEncoder)
            .nextRoomNumber(nextRoomNumber).tickEpochMs(tickEpochMs).tick(tick).roomCount(rooms.size());
        final HaServiceSnapshotEncoder.GatewaysEncoder entries = header.gatewaysCount(gateways.size());
        for (int g = 0, size = gateways.size(); g < size; g++)
        {
            final HaGateway gateway = gateways.get(g);
            entries.next().gatewayId(gateway.gatewayId).instanceId(gateway.instanceId)
                .clusterSessionId(gateway.clusterSessionId).goneSinceMs(gateway.goneSinceMs)
                .lastBatchSequence(gateway.lastBatchSequence).batchesInLog(gateway.batchesInLog);
        }
        offer(snapshotPublication, MessageHeaderEncoder.ENCODED_LENGTH + header.encodedLength());
        for (int r = 0, size = rooms.size(); r < size; r++)
        {
            final HaRoom room = rooms.get(r);
            final int stateLength = room.writeState(stateBuffer, 0, hasher);
            final HaRoomSnapshotEncoder record = roomSnapshotEncoder.wrapAndApplyHeader(frame, 0, headerEncoder)
                .roomId(room.roomId).emptySinceTick(room.emptySinceTick).inputs(room.inputs).seed(room.seed);
            final HaRoomSnapshotEncoder.MembersEncoder members = record.membersCount(room.memberCount);
            for (int m = 0; m < room.memberCount; m++)
            {
                final HaRoom.Member member = room.members[m];
                members.next().gatewayId(member.gatewayId).sessionId(member.sessionId).playerId(member.playerId)
                    .entityId(member.entityId).lastInputSequence(member.lastInputSequence)
                    .lastInputClientTimeNs(member.lastInputClientTimeNs);
            }
            record.game(room.game.name()).options(room.options).putState(stateBuffer, 0, stateLength);
            offer(snapshotPublication, MessageHeaderEncoder.ENCODED_LENGTH + record.encodedLength());
        }
        counters.snapshotsTaken.incrementRelease();
    }

    private void offer(final ExclusivePublication publication, final int length)
    {
        idleStrategy.reset();
        long result;
        while ((result = publication.offer(frame, 0, length)) < 0)
        {
            if (ExclusivePublication.CLOSED == result || ExclusivePublication.MAX_POSITION_EXCEEDED == result)
            {
                throw new IllegalStateException("HA snapshot not written: " + result);
            }
            idleStrategy.idle();
        }
    }

    private void loadSnapshot(final Image snapshotImage)
    {
        final int[] roomsLeft = {-1};
        final BufferStateReader reader = new BufferStateReader();
        final FragmentHandler handler = (buffer, offset, length, fragmentHeader) ->
        {
            headerDecoder.wrap(buffer, offset);
            if (MessageHeaderDecoder.SCHEMA_ID != headerDecoder.schemaId())
            {
                throw new IllegalStateException("not an HA snapshot: schema " + headerDecoder.schemaId());
            }
            final int body = offset + MessageHeaderDecoder.ENCODED_LENGTH;
            if (HaServiceSnapshotDecoder.TEMPLATE_ID == headerDecoder.templateId())
            {
                final HaServiceSnapshotDecoder d = serviceSnapshotDecoder.wrap(
                    buffer, body, headerDecoder.blockLength(), headerDecoder.version());
                nextRoomNumber = d.nextRoomNumber();
                tickEpochMs = d.tickEpochMs();
                tick = d.tick();
                roomsLeft[0] = d.roomCount();
                for (final HaServiceSnapshotDecoder.GatewaysDecoder g : d.gateways())
                {
                    final HaGateway gateway = addGateway(g.gatewayId());
                    gateway.instanceId = g.instanceId();
                    gateway.clusterSessionId = g.clusterSessionId();
                    gateway.goneSinceMs = g.goneSinceMs();
                    gateway.lastBatchSequence = g.lastBatchSequence();
                    gateway.batchesInLog = g.batchesInLog();
                    if (gateway.isConnected())
                    {
                        gatewaysBySession.put(gateway.clusterSessionId, gateway);
                    }
                }
            }
            else if (HaRoomSnapshotDecoder.TEMPLATE_ID == headerDecoder.templateId() && roomsLeft[0] > 0)
            {
                final HaRoomSnapshotDecoder d = roomSnapshotDecoder.wrap(
                    buffer, body, headerDecoder.blockLength(), headerDecoder.version());
                final long roomId = d.roomId();
                final long emptySinceTick = d.emptySinceTick();
                final long inputs = d.inputs();
                final long seed = d.seed();
                final ArrayList<HaRoom.Member> members = new ArrayList<>();
                for (final HaRoomSnapshotDecoder.MembersDecoder m : d.members())
                {
                    final HaRoom.Member member = new HaRoom.Member();
                    member.gatewayId = m.gatewayId();
                    member.sessionId = m.sessionId();
                    member.playerId = m.playerId();
                    member.entityId = m.entityId();
                    member.lastInputSequence = m.lastInputSequence();
                    member.lastInputClientTimeNs = m.lastInputClientTimeNs();
                    members.add(member);
                }
                final String gameName = d.game();
                final String options = d.options();
                final Game game = games.get(gameName);
                if (null == game)
                {
                    throw new IllegalStateException("the snapshot holds a room of game " + gameName +
                        ", which this member does not run");
                }
                final long tickIntervalNs = TimeUnit.SECONDS.toNanos(1) / tickRateHz;
                final GameRoom state = game.createRoom(new RoomSettings(
                    roomId, game.maxPlayers(), tickIntervalNs * Math.max(1, game.tickDivisor()), seed));
                state.onCreate(RoomOptions.parse(options));
                final int stateLength = d.stateLength();
                d.getState(stateBuffer, 0, stateLength);
                state.readState(reader.wrap(stateBuffer, 0, stateLength));
                final HaRoom room = new HaRoom(roomId, game, state, options, seed, emptySinceTick);
                room.inputs = inputs;
                for (final HaRoom.Member member : members)
                {
                    room.members[room.memberCount++] = member;
                }
                rooms.add(room);
                roomsById.put(roomId, room);
                roomsLeft[0]--;
            }
            else
            {
                throw new IllegalStateException("unexpected HA snapshot record " + headerDecoder.templateId());
            }
        };
        final FragmentAssembler assembler = new FragmentAssembler(handler);
        idleStrategy.reset();
        while (0 != roomsLeft[0])
        {
            final int fragments = snapshotImage.poll(assembler, 1);
            if (0 == fragments && snapshotImage.isEndOfStream())
            {
                throw new IllegalStateException("HA snapshot ended before its last record");
            }
            idleStrategy.idle(fragments);
        }
        counters.snapshotsLoaded.incrementRelease();
    }

    // ------------------------------------------------------------------ the cluster

    public void onRoleChange(final Cluster.Role newRole)
    {
        nextViewNs = 0;
    }

    public void onNewLeadershipTermEvent(
        final long leadershipTermId,
        final long logPosition,
        final long timestamp,
        final long termBaseLogPosition,
        final int leaderMemberId,
        final int logSessionId,
        final TimeUnit timeUnit,
        final int appVersion)
    {
        this.leaderMemberId = leaderMemberId;
        this.leadershipTermId = leadershipTermId;
        counters.leadershipTerms.incrementRelease();
        nextViewNs = 0;
        // gateways could not reach the cluster while it had no leader: their grace runs from the new term (an event
        // of the log, with the log's time), or an outage longer than the grace would drop every player
        for (int g = 0, size = gateways.size(); g < size; g++)
        {
            final HaGateway gateway = gateways.get(g);
            if (gateway.goneSinceMs > 0)
            {
                gateway.goneSinceMs = Math.max(gateway.goneSinceMs, timestamp);
            }
        }
    }

    public int doBackgroundWork(final long nowNs)
    {
        if (nowNs < nextViewNs || null == cluster)
        {
            return 0;
        }
        nextViewNs = nowNs + VIEW_INTERVAL_NS;
        int members = 0;
        for (int r = 0, size = rooms.size(); r < size; r++)
        {
            members += rooms.get(r).memberCount;
        }
        int connected = 0;
        long batchesInLog = 0;
        for (int g = 0, size = gateways.size(); g < size; g++)
        {
            connected += gateways.get(g).isConnected() ? 1 : 0;
            batchesInLog += gateways.get(g).batchesInLog;
        }
        long roomInputs = 0;
        for (int r = 0, size = rooms.size(); r < size; r++)
        {
            roomInputs += rooms.get(r).inputs;
        }
        final int recorded = (int)Math.min(HASH_HISTORY, hashesRecorded);
        final long[] ticks = new long[recorded];
        final long[] hashes = new long[recorded];
        for (int i = 0; i < recorded; i++)
        {
            final int slot = (int)((hashesRecorded - recorded + i) % HASH_HISTORY);
            ticks[i] = hashTicks[slot];
            hashes[i] = hashValues[slot];
        }
        view = new HaView(cluster.memberId(), cluster.role().name(), leaderMemberId, leadershipTermId,
            cluster.logPosition(), tick, rooms.size(), members, connected, batchesInLog, roomInputs, serviceHash, ticks,
            hashes,
            counters.snapshot());
        return 1;
    }

    public void onTerminate(final Cluster cluster)
    {
        counters.close();
    }
}
