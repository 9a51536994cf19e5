package io.ringside.engine;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.RoomSnapshotEncoder;
import io.ringside.codec.state.StateSchema;
import io.ringside.codec.state.StateSchemaCodec;
import io.ringside.engine.egress.EgressTransport;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.logic.LogicContext;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.engine.ring.BlockingBackoffWaitStrategy;
import io.ringside.engine.ring.TickClock;
import io.ringside.journal.Journal;
import io.ringside.journal.JournalContext;
import org.agrona.BitUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The settings and parts of one engine pipeline, in the manner of Aeron's {@code MediaDriver.Context}: fluent
 * setters, defaults read from {@link EngineConfiguration} (system properties), and {@link #conclude()} to validate
 * and derive what follows from them.
 */
public final class EngineContext
{
    private static final int HA_CHANNEL_CAPACITY_BYTES = 8 * 1024 * 1024;

    private String profile = EngineConfiguration.profile();
    private int ringSize = EngineConfiguration.ringSize();
    private String waitStrategyName = EngineConfiguration.waitStrategy();
    private WaitStrategy waitStrategy;
    private int tickRateHz = EngineConfiguration.tickRateHz();
    private int outputLogCapacityBytes = EngineConfiguration.outputLogCapacityBytes();
    private long sessionTimeoutNs = EngineConfiguration.sessionTimeoutNs();
    private long reconnectGraceNs = EngineConfiguration.reconnectGraceNs();
    private long roomCloseGraceNs = EngineConfiguration.roomCloseGraceNs();
    private long playerStateIntervalNs = EngineConfiguration.playerStateIntervalNs();
    private int maxSessions = EngineConfiguration.maxSessions();
    private int maxSnapshotEntities = EngineConfiguration.maxSnapshotEntities();
    private int maxFrameEntities = 64 * 1024;
    private int roomStreamMaxSeats = EngineConfiguration.roomStreamMaxSeats();
    private io.ringside.engine.websocket.WebSocketContext webSocket;
    private io.ringside.engine.directory.DirectoryContext directory;
    private String haClusterEndpoints;
    private String haEgressChannel = "aeron:udp?endpoint=localhost:0";
    private int haGatewayId;
    private io.ringside.engine.ha.HaChannels haChannels;
    private int roomStreamKeyframeIntervalMessages = EngineConfiguration.roomStreamKeyframeIntervalMessages();
    private int roomStreamMaxEntities = EngineConfiguration.roomStreamMaxEntities();
    private int reliableQueueCapacityBytes = EngineConfiguration.reliableQueueCapacityBytes();
    private int producerCommandQueueCapacityBytes = 64 * 1024;
    private int journalMaxBatchRows = EngineConfiguration.journalBatchRows();
    private long journalMinBatchNs = EngineConfiguration.journalBatchMinTimeNs();
    private long journalMaxBatchNs = EngineConfiguration.journalBatchTimeNs();
    private long journalTickOnlyCommitNs = EngineConfiguration.journalTickOnlyCommitNs();
    private long snapshotIntervalNs = EngineConfiguration.snapshotIntervalNs();
    private long slowConsumerAfterNs = EngineConfiguration.slowConsumerAfterNs();
    private JournalContext journalContext;
    private GameRegistry games;
    private int egressThreads = EngineConfiguration.egressThreads();
    private EgressTransport[] egressTransports;
    private EngineCounters counters;
    private Journal journal;
    private ThreadFactory threadFactory;
    private NanoClock nanoClock;
    private IdleStrategy outputWaitIdleStrategy;
    private LogicContext logicContext;
    private boolean concluded;

    private static final int ROOM_STREAM_GROUP_CAP = RoomSnapshotEncoder.EntitiesEncoder.countMaxValue();

    /**
     * Validate settings and derive the rest. Called by the pipeline; idempotent.
     */
    public EngineContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        if (!BitUtil.isPowerOfTwo(ringSize))
        {
            throw new IllegalArgumentException("ring size must be a power of two: " + ringSize);
        }
        if (maxSnapshotEntities < 1 || maxSnapshotEntities > ProtocolLimits.MAX_GROUP_COUNT)
        {
            throw new IllegalArgumentException(
                "max snapshot entities must be 1.." + ProtocolLimits.MAX_GROUP_COUNT + ": " + maxSnapshotEntities);
        }
        if (roomStreamMaxSeats < 0 || roomStreamMaxSeats > ROOM_STREAM_GROUP_CAP)
        {
            throw new IllegalArgumentException(
                "room stream max seats must be 0.." + ROOM_STREAM_GROUP_CAP + ": " + roomStreamMaxSeats);
        }
        if (roomStreamMaxEntities < 1 || roomStreamMaxEntities > ROOM_STREAM_GROUP_CAP)
        {
            throw new IllegalArgumentException(
                "room stream max entities must be 1.." + ROOM_STREAM_GROUP_CAP + ": " + roomStreamMaxEntities);
        }
        if (roomStreamKeyframeIntervalMessages < 1)
        {
            throw new IllegalArgumentException("room stream keyframe interval must be >= 1: " + roomStreamKeyframeIntervalMessages);
        }
        if (null == egressTransports || 0 == egressTransports.length)
        {
            throw new IllegalStateException("an egress transport is required");
        }
        if (egressTransports.length != egressThreads)
        {
            throw new IllegalStateException(
                egressThreads + " egress threads need as many egress transports, not " + egressTransports.length);
        }
        final boolean lowLatency = isLowLatency();
        if (null == counters)
        {
            counters = EngineCounters.inMemory(egressTransports.length);
        }
        if (counters.egressShards() < egressTransports.length)
        {
            throw new IllegalStateException("counters for " + counters.egressShards() + " egress shards, " +
                egressTransports.length + " egress transports");
        }
        if (null == games)
        {
            games = EngineConfiguration.games();
        }
        for (final Game game : games.games())
        {
            final StateSchema state = game.state();
            if (null != state && StateSchemaCodec.encode(state).length > ProtocolLimits.MAX_STATE_SCHEMA_LENGTH)
            {
                throw new IllegalStateException("game " + game.name() + " declares more state than a RoomStateSchema " +
                    "carries (" + ProtocolLimits.MAX_STATE_SCHEMA_LENGTH + " bytes)");
            }
        }
        if (null == waitStrategy)
        {
            waitStrategy = waitStrategy(null != waitStrategyName ? waitStrategyName : lowLatency ? "busy-spin" : "blocking-backoff");
        }
        if (null == threadFactory)
        {
            threadFactory = new NamedThreadFactory("ringside-stage-");
        }
        if (null == nanoClock)
        {
            nanoClock = SystemNanoClock.INSTANCE;
        }
        if (null == outputWaitIdleStrategy)
        {
            outputWaitIdleStrategy = lowLatency ? new BusySpinIdleStrategy() :
                new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MICROSECONDS.toNanos(100));
        }

        final long tickIntervalNs = tickIntervalNs();
        logicContext = new LogicContext(
            tickIntervalNs,
            ticks(sessionTimeoutNs, tickIntervalNs),
            ticks(reconnectGraceNs, tickIntervalNs),
            ticks(roomCloseGraceNs, tickIntervalNs),
            playerStateIntervalNs <= 0 ? 0 : ticks(playerStateIntervalNs, tickIntervalNs),
            maxSessions,
            maxFrameEntities)
            .snapshotIntervalTicks(snapshotIntervalNs <= 0 ? 0 : ticks(snapshotIntervalNs, tickIntervalNs))
            .roomStreamMaxSeats(roomStreamMaxSeats);
        if (null != directory)
        {
            directory.conclude();
            logicContext.engineId(directory.engineId()).ticketSecret(directory.ticketSecret());
        }
        if (null != haClusterEndpoints)
        {
            if (haGatewayId < 1)
            {
                haGatewayId = null != directory ? directory.engineId() : 1;
            }
            logicContext.haGateway(true);
            haChannels = new io.ringside.engine.ha.HaChannels(HA_CHANNEL_CAPACITY_BYTES);
        }
        concluded = true;
        return this;
    }

    private static long ticks(final long durationNs, final long tickIntervalNs)
    {
        return Math.max(1, (durationNs + tickIntervalNs - 1) / tickIntervalNs);
    }

    /**
     * @param name blocking-backoff (the default profile's: {@link BlockingBackoffWaitStrategy}), sleeping, yielding,
     *             blocking, phased (spin 20 us, yield 50 us, then block) or busy-spin.
     * @return the Disruptor wait strategy of that name.
     */
    public static WaitStrategy waitStrategy(final String name)
    {
        switch (name)
        {
            case "blocking-backoff":
                return new BlockingBackoffWaitStrategy();
            case "sleeping":
                return new SleepingWaitStrategy(200, TimeUnit.MICROSECONDS.toNanos(20));
            case "yielding":
                return new YieldingWaitStrategy();
            case "blocking":
                return new BlockingWaitStrategy();
            case "phased":
                return PhasedBackoffWaitStrategy.withLiteLock(20, 50, TimeUnit.MICROSECONDS);
            case "busy-spin":
                return new BusySpinWaitStrategy();
            default:
                throw new IllegalArgumentException("unknown wait strategy: " + name);
        }
    }

    public boolean isLowLatency()
    {
        return EngineConfiguration.PROFILE_LOW_LATENCY.equals(profile);
    }

    public long tickIntervalNs()
    {
        return TickClock.tickIntervalNs(tickRateHz);
    }

    // ------------------------------------------------------------------ accessors

    public EngineContext profile(final String profile)
    {
        this.profile = profile;
        return this;
    }

    public String profile()
    {
        return profile;
    }

    public EngineContext ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    public int ringSize()
    {
        return ringSize;
    }

    public EngineContext waitStrategy(final WaitStrategy waitStrategy)
    {
        this.waitStrategy = waitStrategy;
        return this;
    }

    public WaitStrategy waitStrategy()
    {
        return waitStrategy;
    }

    public EngineContext tickRateHz(final int tickRateHz)
    {
        this.tickRateHz = tickRateHz;
        return this;
    }

    public int tickRateHz()
    {
        return tickRateHz;
    }

    public EngineContext outputLogCapacityBytes(final int outputLogCapacityBytes)
    {
        this.outputLogCapacityBytes = outputLogCapacityBytes;
        return this;
    }

    public int outputLogCapacityBytes()
    {
        return outputLogCapacityBytes;
    }

    public EngineContext sessionTimeoutNs(final long sessionTimeoutNs)
    {
        this.sessionTimeoutNs = sessionTimeoutNs;
        return this;
    }

    public EngineContext reconnectGraceNs(final long reconnectGraceNs)
    {
        this.reconnectGraceNs = reconnectGraceNs;
        return this;
    }

    public EngineContext roomCloseGraceNs(final long roomCloseGraceNs)
    {
        this.roomCloseGraceNs = roomCloseGraceNs;
        return this;
    }

    public EngineContext playerStateIntervalNs(final long playerStateIntervalNs)
    {
        this.playerStateIntervalNs = playerStateIntervalNs;
        return this;
    }

    public EngineContext maxSessions(final int maxSessions)
    {
        this.maxSessions = maxSessions;
        return this;
    }

    public EngineContext maxSnapshotEntities(final int maxSnapshotEntities)
    {
        this.maxSnapshotEntities = maxSnapshotEntities;
        return this;
    }

    public int maxSnapshotEntities()
    {
        return maxSnapshotEntities;
    }

    public EngineContext maxFrameEntities(final int maxFrameEntities)
    {
        this.maxFrameEntities = maxFrameEntities;
        return this;
    }

    public int maxFrameEntities()
    {
        return maxFrameEntities;
    }

    /**
     * @param roomStreamMaxSeats rooms with at most this many seats broadcast on a room stream; 0: none.
     * @return this.
     * @see EngineConfiguration#ROOM_STREAM_MAX_SEATS_PROP_NAME
     */
    /**
     * @param webSocket the WebSocket endpoint's context, or null (the default) for no endpoint.
     */
    public EngineContext webSocket(final io.ringside.engine.websocket.WebSocketContext webSocket)
    {
        this.webSocket = webSocket;
        return this;
    }

    public io.ringside.engine.websocket.WebSocketContext webSocket()
    {
        return webSocket;
    }

    /**
     * @param directory this engine's place behind a directory, or null (the default) for a stand-alone engine.
     */
    public EngineContext directory(final io.ringside.engine.directory.DirectoryContext directory)
    {
        this.directory = directory;
        return this;
    }

    public io.ringside.engine.directory.DirectoryContext directory()
    {
        return directory;
    }

    /**
     * @param endpoints the HA cluster's members' ingress {@code host:port}, comma separated, in member order: this
     *                  engine is the gateway of HA rooms (rooms created with {@code ha=true}). Null (the default):
     *                  no HA rooms.
     */
    public EngineContext haCluster(final String endpoints)
    {
        this.haClusterEndpoints = null == endpoints || endpoints.isBlank() ? null : endpoints;
        return this;
    }

    public String haCluster()
    {
        return haClusterEndpoints;
    }

    /**
     * @param channel where the HA cluster's answers and frames come to this engine.
     */
    public EngineContext haEgressChannel(final String channel)
    {
        this.haEgressChannel = channel;
        return this;
    }

    public String haEgressChannel()
    {
        return haEgressChannel;
    }

    /**
     * @param gatewayId this engine's id as the HA cluster's gateway (default: its directory engine id, or 1).
     */
    public EngineContext haGatewayId(final int gatewayId)
    {
        this.haGatewayId = gatewayId;
        return this;
    }

    public int haGatewayId()
    {
        return haGatewayId;
    }

    /**
     * @return the channels between the engine and its HA gateway agent, made by {@link #conclude()} when an HA
     * cluster is configured, null otherwise.
     */
    public io.ringside.engine.ha.HaChannels haChannels()
    {
        return haChannels;
    }

    public EngineContext roomStreamMaxSeats(final int roomStreamMaxSeats)
    {
        this.roomStreamMaxSeats = roomStreamMaxSeats;
        return this;
    }

    public int roomStreamMaxSeats()
    {
        return roomStreamMaxSeats;
    }

    /**
     * @see EngineConfiguration#ROOM_STREAM_KEYFRAME_INTERVAL_PROP_NAME
     */
    public EngineContext roomStreamKeyframeIntervalMessages(final int roomStreamKeyframeIntervalMessages)
    {
        this.roomStreamKeyframeIntervalMessages = roomStreamKeyframeIntervalMessages;
        return this;
    }

    public int roomStreamKeyframeIntervalMessages()
    {
        return roomStreamKeyframeIntervalMessages;
    }

    /**
     * @see EngineConfiguration#ROOM_STREAM_MAX_ENTITIES_PROP_NAME
     */
    public EngineContext roomStreamMaxEntities(final int roomStreamMaxEntities)
    {
        this.roomStreamMaxEntities = roomStreamMaxEntities;
        return this;
    }

    public int roomStreamMaxEntities()
    {
        return roomStreamMaxEntities;
    }

    /**
     * @return each registered game's declared state (null for a game with the fixed view), by registry index.
     */
    public StateSchema[] stateSchemas()
    {
        final List<Game> registered = games.games();
        final StateSchema[] schemas = new StateSchema[registered.size()];
        for (int i = 0; i < schemas.length; i++)
        {
            schemas[i] = registered.get(i).state();
        }
        return schemas;
    }

    /**
     * @return the longest RoomSnapshot this engine may send: every seat's acknowledgement, its entity cap, and as
     * many removals.
     */
    public int maxRoomSnapshotLength()
    {
        return ProtocolLimits.HEADER_LENGTH + RoomSnapshotEncoder.BLOCK_LENGTH +
            3 * ProtocolLimits.GROUP_HEADER_LENGTH +
            roomStreamMaxSeats * RoomSnapshotEncoder.MembersEncoder.sbeBlockLength() +
            roomStreamMaxEntities * (RoomSnapshotEncoder.EntitiesEncoder.sbeBlockLength() +
            RoomSnapshotEncoder.RemovedEntitiesEncoder.sbeBlockLength());
    }

    public EngineContext reliableQueueCapacityBytes(final int reliableQueueCapacityBytes)
    {
        this.reliableQueueCapacityBytes = reliableQueueCapacityBytes;
        return this;
    }

    public int reliableQueueCapacityBytes()
    {
        return reliableQueueCapacityBytes;
    }

    public int producerCommandQueueCapacityBytes()
    {
        return producerCommandQueueCapacityBytes;
    }

    public EngineContext journalMaxBatchRows(final int journalMaxBatchRows)
    {
        this.journalMaxBatchRows = journalMaxBatchRows;
        return this;
    }

    public int journalMaxBatchRows()
    {
        return journalMaxBatchRows;
    }

    public EngineContext journalMinBatchNs(final long journalMinBatchNs)
    {
        this.journalMinBatchNs = journalMinBatchNs;
        return this;
    }

    public long journalMinBatchNs()
    {
        return journalMinBatchNs;
    }

    public EngineContext journalMaxBatchNs(final long journalMaxBatchNs)
    {
        this.journalMaxBatchNs = journalMaxBatchNs;
        return this;
    }

    public long journalMaxBatchNs()
    {
        return journalMaxBatchNs;
    }

    public EngineContext journalTickOnlyCommitNs(final long journalTickOnlyCommitNs)
    {
        this.journalTickOnlyCommitNs = journalTickOnlyCommitNs;
        return this;
    }

    public long journalTickOnlyCommitNs()
    {
        return journalTickOnlyCommitNs;
    }

    public EngineContext games(final GameRegistry games)
    {
        this.games = games;
        return this;
    }

    public GameRegistry games()
    {
        return games;
    }

    /**
     * @param counters where the stages count (the engine's Aeron counters); in memory of their own when not set.
     * @return this.
     */
    public EngineContext counters(final EngineCounters counters)
    {
        this.counters = counters;
        return this;
    }

    public EngineCounters counters()
    {
        return counters;
    }

    /**
     * One egress shard, on this transport.
     */
    public EngineContext egressTransport(final EgressTransport egressTransport)
    {
        return egressTransports(egressTransport);
    }

    /**
     * @param egressTransports one per egress shard (each used by its shard's thread only), as many as
     *                         {@link #egressThreads()}; shard 0's carries the room streams, if any.
     */
    public EngineContext egressTransports(final EgressTransport... egressTransports)
    {
        this.egressTransports = egressTransports.clone();
        return this;
    }

    /**
     * @return one transport per egress shard.
     */
    public EgressTransport[] egressTransports()
    {
        return egressTransports.clone();
    }

    /**
     * @param egressThreads how many egress shards the engine makes (a transport for each).
     * @see EngineConfiguration#EGRESS_THREADS_PROP_NAME
     */
    public EngineContext egressThreads(final int egressThreads)
    {
        this.egressThreads = egressThreads;
        return this;
    }

    public int egressThreads()
    {
        return egressThreads;
    }

    /**
     * @param journal where the journal stage writes; null runs the engine without persistence (no journal stage).
     */
    public EngineContext journal(final Journal journal)
    {
        this.journal = journal;
        return this;
    }

    /**
     * @param journalContext where the engine keeps its SQLite journal: the pipeline opens it, recovers the state it
     *                        holds, and journals from there. Null (the default here; the binary defaults to
     *                        data/ringside.db) runs without persistence unless a {@link #journal(Journal)} is given.
     */
    public EngineContext journalContext(final JournalContext journalContext)
    {
        this.journalContext = journalContext;
        return this;
    }

    public JournalContext journalContext()
    {
        return journalContext;
    }

    /**
     * @param slowConsumerAfterNs how long a client may take no snapshot before it is disconnected as a slow
     *                            consumer; 0 never.
     */
    public EngineContext slowConsumerAfterNs(final long slowConsumerAfterNs)
    {
        this.slowConsumerAfterNs = slowConsumerAfterNs;
        return this;
    }

    public long slowConsumerAfterNs()
    {
        return slowConsumerAfterNs;
    }

    public EngineContext snapshotIntervalNs(final long snapshotIntervalNs)
    {
        this.snapshotIntervalNs = snapshotIntervalNs;
        return this;
    }

    public long snapshotIntervalNs()
    {
        return snapshotIntervalNs;
    }

    public Journal journal()
    {
        return journal;
    }

    public EngineContext threadFactory(final ThreadFactory threadFactory)
    {
        this.threadFactory = threadFactory;
        return this;
    }

    public ThreadFactory threadFactory()
    {
        return threadFactory;
    }

    public EngineContext nanoClock(final NanoClock nanoClock)
    {
        this.nanoClock = nanoClock;
        return this;
    }

    public NanoClock nanoClock()
    {
        return nanoClock;
    }

    public IdleStrategy outputWaitIdleStrategy()
    {
        return outputWaitIdleStrategy;
    }

    public LogicContext logicContext()
    {
        return logicContext;
    }

    /**
     * Names threads {@code prefix + n} in the order they are made, as daemon threads.
     */
    static final class NamedThreadFactory implements ThreadFactory
    {
        private final String prefix;
        private final AtomicInteger count = new AtomicInteger();

        NamedThreadFactory(final String prefix)
        {
            this.prefix = prefix;
        }

        public Thread newThread(final Runnable runnable)
        {
            final Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
