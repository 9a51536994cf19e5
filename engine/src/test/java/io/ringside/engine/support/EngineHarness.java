package io.ringside.engine.support;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.egress.EgressHandler;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.logic.GameLogicHandler;
import io.ringside.engine.logic.LogicContext;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.engine.metrics.EngineHistograms;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.output.OutputWriter;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventType;
import io.ringside.engine.ring.ProducerCommandQueue;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;

import java.util.ArrayList;
import java.util.List;

/**
 * Drives the logic handler (and, when asked, egress after it) by hand, one event at a time on the test's thread:
 * the pipeline without its threads. Everything that would be decided before the ring (session ids, tokens, seeds,
 * times) is decided here, deterministically.
 */
public final class EngineHarness
{
    public static final long TICK_INTERVAL_NS = 16_666_667L;
    public static final String CHANNEL = "aeron:ipc";

    public final OutputLog log;
    public final GameLogicHandler logic;
    public final EgressHandler egress;
    public final CapturingTransport transport;
    /**
     * Every egress shard and its transport, by index ({@link #egress} and {@link #transport} are shard 0's).
     */
    public final EgressHandler[] egressShards;
    public final CapturingTransport[] transports;
    public final ProducerCommandQueue commands;
    public final ClientMessages messages = new ClientMessages();
    private final EngineEvent event = new EngineEvent();
    private long sequence;
    private long tick;
    private long nextSessionId = 1000;
    private boolean draining;

    /**
     * @param games           the games hosted.
     * @param withEgress      whether egress runs after the logic handler.
     * @param settings        logic settings.
     * @param maxSnapshotEntities cap per snapshot.
     * @param reliableQueueCapacityBytes per-client queue bytes.
     */
    public EngineHarness(
        final GameRegistry games,
        final boolean withEgress,
        final LogicContext settings,
        final int maxSnapshotEntities,
        final int reliableQueueCapacityBytes)
    {
        this(games, withEgress ? 1 : 0, settings, maxSnapshotEntities, reliableQueueCapacityBytes);
    }

    /**
     * @param shards how many egress shards run after the logic handler, each with its own transport (0: none).
     */
    public EngineHarness(
        final GameRegistry games,
        final int shards,
        final LogicContext settings,
        final int maxSnapshotEntities,
        final int reliableQueueCapacityBytes)
    {
        log = new OutputLog(32 * 1024 * 1024);
        logic = new GameLogicHandler(games, settings);
        logic.output(new OutputWriter(log, new BusySpinIdleStrategy(), logic));
        commands = new ProducerCommandQueue(64 * 1024, Math.max(1, shards));
        final EngineCounters counters = EngineCounters.inMemory(Math.max(1, shards));
        final EngineHistograms histograms = new EngineHistograms(Math.max(1, shards));
        transports = new CapturingTransport[Math.max(1, shards)];
        egressShards = new EgressHandler[shards];
        for (int shard = 0; shard < transports.length; shard++)
        {
            transports[shard] = new CapturingTransport();
        }
        final io.ringside.codec.state.StateSchema[] schemas = games.games().stream()
            .map(io.ringside.engine.game.Game::state).toArray(io.ringside.codec.state.StateSchema[]::new);
        for (int shard = 0; shard < egressShards.length; shard++)
        {
            egressShards[shard] = new EgressHandler(log, transports[shard], commands, SystemNanoClock.INSTANCE,
                64 * 1024, maxSnapshotEntities, reliableQueueCapacityBytes, histograms, counters, shard, shards)
                .declaredStates(schemas);
        }
        transport = transports[0];
        egress = egressShards.length > 0 ? egressShards[0] : null;
    }

    public EngineHarness(final GameRegistry games, final boolean withEgress)
    {
        this(games, withEgress, defaultSettings(), 128, 64 * 1024);
    }

    public static LogicContext defaultSettings()
    {
        return new LogicContext(TICK_INTERVAL_NS, 600, 1800, 600, 60, 10_000, 64 * 1024);
    }

    private void dispatch()
    {
        final long s = sequence++;
        logic.onEvent(event, s, true);
        if (null != egress)
        {
            for (final EgressHandler shard : egressShards)
            {
                shard.onEvent(event, s, true);
            }
            if (!draining)
            {
                // as the producer does: losses egress reports become ring events after this one, in order
                draining = true;
                final List<Long> lostSessions = new ArrayList<>();
                final List<ErrorCode> reasons = new ArrayList<>();
                commands.drain((sessionId, reason) ->
                {
                    lostSessions.add(sessionId);
                    reasons.add(reason);
                }, 100);
                for (int i = 0; i < lostSessions.size(); i++)
                {
                    sessionLost(lostSessions.get(i), reasons.get(i));
                }
                draining = false;
            }
        }
    }

    private void clientMessage(final long sessionId, final long playerId, final long seed)
    {
        event.reset();
        event.type = EventType.CLIENT_MESSAGE;
        event.templateId = messages.templateId;
        event.sessionId = sessionId;
        event.playerId = playerId;
        event.tokenHigh = sessionId * 31 + 7;
        event.tokenLow = sessionId * 17 + 3;
        event.seed = seed;
        event.timeNs = tick * TICK_INTERVAL_NS;
        event.reason = ErrorCode.OK.value();
        event.payload.putBytes(0, messages.buffer, 0, messages.length);
        event.payloadLength = messages.length;
        dispatch();
    }

    /**
     * Dispatch arbitrary bytes as a client message (for fuzzing: the caller validates them first, as ingress does).
     */
    public void raw(
        final org.agrona.DirectBuffer buffer, final int length, final int templateId, final long sessionId,
        final long playerId, final long seed)
    {
        event.reset();
        event.type = EventType.CLIENT_MESSAGE;
        event.templateId = templateId;
        event.sessionId = sessionId;
        event.playerId = playerId;
        event.tokenHigh = sessionId * 31 + 7;
        event.tokenLow = sessionId * 17 + 3;
        event.seed = seed;
        event.timeNs = tick * TICK_INTERVAL_NS;
        event.reason = ErrorCode.OK.value();
        event.payload.putBytes(0, buffer, 0, length);
        event.payloadLength = length;
        dispatch();
    }

    /**
     * Decide session ids from here on (after a restore, past the restored ones).
     */
    public EngineHarness sessionIdsFrom(final long nextSessionId)
    {
        this.nextSessionId = nextSessionId;
        return this;
    }

    /**
     * @return the session id decided for the connect.
     */
    public long connect(final long playerId)
    {
        final long sessionId = nextSessionId++;
        messages.connect(playerId, CHANNEL, 1000 + (int)playerId);
        clientMessage(sessionId, playerId, 0);
        return sessionId;
    }

    public long reconnect(final long sessionId, final long tokenHigh, final long tokenLow)
    {
        final long replyId = nextSessionId++;
        messages.reconnect(1, sessionId, tokenHigh, tokenLow, CHANNEL, 2000);
        clientMessage(replyId, 0, 0);
        return replyId;
    }

    public void join(final long sessionId, final String game, final long roomId, final long seed)
    {
        messages.joinRoom(sessionId, sessionId, roomId, game);
        clientMessage(sessionId, 0, seed);
    }

    public void createRoom(
        final long sessionId, final String game, final String options, final boolean privateRoom, final long seed)
    {
        messages.createRoom(sessionId, sessionId, game, options, privateRoom);
        clientMessage(sessionId, 0, seed);
    }

    public void matchRoom(
        final long sessionId, final String game, final String filter, final String options, final long seed)
    {
        messages.matchRoom(sessionId, sessionId, game, filter, options);
        clientMessage(sessionId, 0, seed);
    }

    public void joinByCode(final long sessionId, final String code)
    {
        messages.joinByCode(sessionId, sessionId, code);
        clientMessage(sessionId, 0, 0);
    }

    public void watchRoom(final long sessionId, final long roomId)
    {
        messages.watchRoom(sessionId, sessionId, roomId);
        clientMessage(sessionId, 0, 0);
    }

    public void listRooms(
        final long sessionId, final String game, final String filter, final int firstRoom, final int pageSize)
    {
        messages.listRooms(sessionId, sessionId, game, filter, firstRoom, pageSize);
        clientMessage(sessionId, 0, 0);
    }

    /**
     * Dispatch a room the HTTP API asked for, as ingress puts it in the ring.
     */
    public void roomRequest(final io.ringside.engine.ring.RoomRequests.Request request, final long seed)
    {
        messages.createRoom(request.requestId(), 0, request.game(), request.options(), request.privateRoom());
        event.reset();
        event.type = EventType.ROOM_REQUEST;
        event.templateId = messages.templateId;
        event.correlationId = request.requestId();
        event.playerId = request.playerId();
        event.tokenHigh = seed * 31 + 7;
        event.seed = seed;
        event.timeNs = tick * TICK_INTERVAL_NS;
        event.payload.putBytes(0, messages.buffer, 0, messages.length);
        event.payloadLength = messages.length;
        dispatch();
    }

    public void leave(final long sessionId)
    {
        messages.leaveRoom(7, sessionId);
        clientMessage(sessionId, 0, 0);
    }

    public void input(final long sessionId, final long inputSequence, final float thrust, final float turn,
        final boolean fire)
    {
        messages.input(sessionId, inputSequence, 1_000_000L * inputSequence, thrust, turn, fire);
        clientMessage(sessionId, 0, 0);
    }

    public void turnAction(final long sessionId, final long correlationId, final int cell)
    {
        messages.turnAction(correlationId, sessionId, cell);
        clientMessage(sessionId, 0, 0);
    }

    public void gameMessage(final long sessionId, final long correlationId, final int opcode, final byte[] payload)
    {
        messages.gameMessage(correlationId, sessionId, opcode, payload);
        clientMessage(sessionId, 0, 0);
    }

    public void ping(final long sessionId, final long pingId)
    {
        messages.ping(sessionId, pingId, pingId * 10);
        clientMessage(sessionId, 0, 0);
    }

    public void disconnect(final long sessionId)
    {
        messages.disconnect(sessionId);
        clientMessage(sessionId, 0, 0);
    }

    public void sessionLost(final long sessionId, final ErrorCode reason)
    {
        event.reset();
        event.type = EventType.SESSION_LOST;
        event.sessionId = sessionId;
        event.reason = reason.value();
        event.timeNs = tick * TICK_INTERVAL_NS;
        dispatch();
    }

    /**
     * The server's state changed (as the ingress agent announces a shutdown or a journal outage): told to everyone.
     */
    public void serverState(final io.ringside.codec.sbe.ServerState state)
    {
        event.reset();
        event.type = EventType.SERVER_STATE;
        event.reason = state.value();
        event.timeNs = tick * TICK_INTERVAL_NS;
        dispatch();
    }

    public void tick()
    {
        event.reset();
        event.type = EventType.TICK;
        event.tick = ++tick;
        event.timeNs = tick * TICK_INTERVAL_NS;
        dispatch();
    }

    public void ticks(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            tick();
        }
    }

    public long currentTick()
    {
        return tick;
    }

    /**
     * Carry on from a tick without sending the ticks before it: for a logic handler restored from a checkpoint taken
     * at that tick.
     */
    public void ticksTo(final long tick)
    {
        this.tick = tick;
    }

    /**
     * @return the transport of the egress shard that owns the session.
     */
    public CapturingTransport transportOf(final long sessionId)
    {
        return transports[EgressHandler.shardOf(sessionId, transports.length)];
    }

    public List<Received> received(final long sessionId)
    {
        return Received.decodeAll(transportOf(sessionId).messages(sessionId));
    }

    public Received last(final long sessionId, final io.ringside.codec.MessageType type)
    {
        Received last = null;
        for (final Received r : received(sessionId))
        {
            if (r.type == type)
            {
                last = r;
            }
        }
        return last;
    }
}
