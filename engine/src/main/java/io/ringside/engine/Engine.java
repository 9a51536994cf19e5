package io.ringside.engine;

import io.aeron.driver.ThreadingMode;
import io.aeron.exceptions.DriverTimeoutException;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.engine.directory.DirectoryAgent;
import io.ringside.engine.directory.PlacementChannel;
import io.ringside.engine.ha.HaGatewayAgent;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.engine.ring.TickClock;
import io.ringside.engine.egress.EgressTransport;
import io.ringside.engine.transport.AeronEgressTransport;
import io.ringside.engine.websocket.RoutingEgressTransport;
import io.ringside.engine.websocket.WebSocketEgressTransport;
import io.ringside.engine.websocket.WebSocketGateway;
import io.ringside.engine.transport.IngressAgent;
import io.ringside.engine.transport.IngressContext;
import io.ringside.transport.ClientPublications;
import io.ringside.transport.IdleStrategies;
import io.ringside.transport.IngressAdapter;
import io.ringside.transport.RoomPublications;
import io.ringside.transport.TransportContext;
import io.ringside.transport.TransportDriver;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SystemEpochClock;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A whole engine on the network: Aeron (an embedded media driver unless a running one is named), the ring and its
 * stages, and the ingress agent on its own thread as the ring's producer. {@link #close()} shuts down gracefully
 * within a bound: every client is told SHUTTING_DOWN, the ring drains, the journal flushes, publications close.
 */
public final class Engine implements AutoCloseable
{
    private static final long SHUTDOWN_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);
    private static final int MAX_EGRESS_THREADS = 64;

    private final TransportDriver transport;
    private final ClientPublications[] publications;
    private final RoomPublications roomPublications;
    private final EnginePipeline pipeline;
    private final IngressAdapter ingressAdapter;
    private final IngressAgent ingressAgent;
    private final WebSocketGateway webSocketGateway;
    private EngineCounters counters;
    private final AgentRunner ingressRunner;
    private final AgentRunner directoryRunner;
    private final AgentRunner haRunner;
    private final DirectoryAgent directoryAgent;
    private final AtomicLong transportErrors = new AtomicLong();
    private final org.agrona.concurrent.errors.DistinctErrorLog errorLog = new org.agrona.concurrent.errors.DistinctErrorLog(
        new org.agrona.concurrent.UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(1024 * 1024)), SystemEpochClock.INSTANCE);
    private volatile boolean closed;
    private volatile String fatalError;

    private Engine(
        final EngineContext engineContext, final TransportContext transportContext, final IngressContext settings)
    {
        final ErrorHandler errorHandler = this::onError;
        TransportDriver driver = null;
        EnginePipeline startedPipeline = null;
        IngressAdapter adapter = null;
        WebSocketGateway gateway = null;
        DirectoryAgent directory = null;
        HaGatewayAgent haGateway = null;
        try
        {
            transportContext.lowLatency(engineContext.isLowLatency());
            driver = new TransportDriver(transportContext, errorHandler);
            checkSnapshotFits(engineContext, transportContext);

            final int egressShards = engineContext.egressThreads();
            if (egressShards < 1 || egressShards > MAX_EGRESS_THREADS)
            {
                throw new IllegalArgumentException(
                    "egress threads must be 1.." + MAX_EGRESS_THREADS + ": " + egressShards);
            }
            counters = EngineCounters.inMemory(egressShards).mirrorTo(driver.aeron());
            engineContext.counters(counters);
            // each egress shard its own client publications; the room streams on shard 0's transport only
            publications = new ClientPublications[egressShards];
            final EgressTransport[] egressTransports = new EgressTransport[egressShards];
            roomPublications = engineContext.roomStreamMaxSeats() > 0 ?
                new RoomPublications(driver.aeron(), transportContext.roomTermLength(), errorHandler) : null;
            if (null != engineContext.webSocket())
            {
                gateway = new WebSocketGateway(engineContext.webSocket(), counters);
            }
            for (int shard = 0; shard < egressShards; shard++)
            {
                publications[shard] =
                    new ClientPublications(driver.aeron(), transportContext.egressTermLength(), errorHandler);
                final AeronEgressTransport aeronTransport = new AeronEgressTransport(
                    publications[shard], 0 == shard ? roomPublications : null, driver::wakeSender);
                egressTransports[shard] = null == gateway ? aeronTransport : new RoutingEgressTransport(
                    aeronTransport, new WebSocketEgressTransport(gateway, counters, shard));
            }
            engineContext.egressTransports(egressTransports);
            startedPipeline = new EnginePipeline(engineContext).start();

            ingressAgent = new IngressAgent(
                driver.conductorInvoker(),
                startedPipeline.publisher(),
                new TickClock(engineContext.tickRateHz(), 3),
                startedPipeline.producerCommands(),
                settings,
                IngressAgent.isLoopbackChannel(transportContext.ingressChannel()),
                transportContext.fragmentLimit(),
                engineContext.nanoClock(),
                SystemEpochClock.INSTANCE,
                new SecureRandom(),
                counters);
            ingressAgent.firstTick(startedPipeline.logic().tick() + 1);
            ingressAgent.roomRequests(startedPipeline.roomRequests());
            ingressAgent.driverDuty(driver::invokeDriver);
            if (null != engineContext.journal())
            {
                ingressAgent.journalStatus(engineContext.journal().status());
            }
            ingressAgent.recovered(startedPipeline.logic().serverState(), startedPipeline.logic().activeSessionIds());
            adapter = new IngressAdapter(driver.aeron(), transportContext, ingressAgent, engineContext.nanoClock());
            ingressAgent.attach(adapter);
            if (null != gateway)
            {
                ingressAgent.webSockets(gateway.ingress());
                adapter.otherClients(gateway::openConnections);
            }
            if (null != engineContext.directory())
            {
                // the directory's agent: a thread of its own, so that a slow or absent directory never holds ingress
                final PlacementChannel placements = new PlacementChannel();
                final EnginePipeline pipeline0 = startedPipeline;
                directory = new DirectoryAgent(engineContext.directory(), driver.aeron(),
                    startedPipeline.logic().roomListing(), () -> pipeline0.logic().counters().sessionsOpen(),
                    () -> pipeline0.logic().counters().roomsCreated(), counters,
                    engineContext.nanoClock(), placements, System.out);
                ingressAgent.directory(engineContext.directory(), directory::knownEngines, placements);
            }

            if (null != engineContext.haCluster())
            {
                // the HA rooms' gateway: a thread of its own, so that an election on the cluster never holds ingress
                haGateway = new HaGatewayAgent(engineContext.haGatewayId(), engineContext.haCluster(),
                    engineContext.haEgressChannel(), driver.aeron(), engineContext.haChannels(), counters,
                    engineContext.nanoClock(), System.out);
                ingressAgent.ha(engineContext.haChannels());
            }

            // a media driver run by this agent's duty cycle (INVOKER) must not wait a whole sweep interval
            final long activeParkMaxNs = ThreadingMode.INVOKER == transportContext.threadingMode() ?
                IdleStrategies.AGENT_BLOCKED_PARK_NS : IdleStrategies.AGENT_ACTIVE_PARK_MAX_NS;
            final IdleStrategy idle =
                IdleStrategies.ingress(engineContext.isLowLatency(), transportContext.clientPresence(),
                () -> ingressAgent.activeParkNs(activeParkMaxNs),
                () -> ingressAgent.quietParkNs(IdleStrategies.AGENT_QUIET_PARK_MAX_NS));
            ingressRunner = new AgentRunner(idle, errorHandler, null, ingressAgent);
            directoryRunner = null == directory ? null : new AgentRunner(new BackoffIdleStrategy(
                1, 1, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(1)), errorHandler, null,
                directory);
            haRunner = null == haGateway ? null : new AgentRunner(new BackoffIdleStrategy(
                1, 1, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.MILLISECONDS.toNanos(1)), errorHandler, null,
                haGateway);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(adapter, startedPipeline, gateway, counters, driver);
            throw ex;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            CloseHelper.quietCloseAll(adapter, startedPipeline, gateway, counters, driver);
            throw new IllegalStateException("interrupted while the WebSocket endpoint started", ex);
        }
        transport = driver;
        pipeline = startedPipeline;
        ingressAdapter = adapter;
        webSocketGateway = gateway;
        directoryAgent = directory;
    }

    /**
     * Build and start an engine.
     */
    public static Engine launch(
        final EngineContext engineContext, final TransportContext transportContext, final IngressContext settings)
    {
        final Engine engine = new Engine(engineContext, transportContext, settings);
        AgentRunner.startOnThread(engine.ingressRunner);
        if (null != engine.haRunner)
        {
            AgentRunner.startOnThread(engine.haRunner);
        }
        if (null != engine.directoryRunner)
        {
            AgentRunner.startOnThread(engine.directoryRunner);
        }
        return engine;
    }

    private static void checkSnapshotFits(final EngineContext engine, final TransportContext transport)
    {
        final int maxSnapshotBytes = ProtocolLimits.HEADER_LENGTH + SnapshotDecoder.BLOCK_LENGTH +
            2 * ProtocolLimits.GROUP_HEADER_LENGTH +
            engine.maxSnapshotEntities() * (SnapshotDecoder.EntitiesDecoder.sbeBlockLength() +
            SnapshotDecoder.RemovedEntitiesDecoder.sbeBlockLength());
        if (maxSnapshotBytes > transport.maxEgressMessageLength())
        {
            throw new IllegalArgumentException("a snapshot of up to " + engine.maxSnapshotEntities() +
                " entities (" + maxSnapshotBytes + " bytes) does not fit egress term length " +
                transport.egressTermLength() + " (messages up to a term / 8)");
        }
        if (engine.roomStreamMaxSeats() > 0 && engine.maxRoomSnapshotLength() > transport.roomTermLength() / 8)
        {
            throw new IllegalArgumentException("a room snapshot of " + engine.roomStreamMaxSeats() + " seats and " +
                engine.roomStreamMaxEntities() + " entities (" + engine.maxRoomSnapshotLength() +
                " bytes) does not fit room term length " + transport.roomTermLength() + " (messages up to a term / 8)");
        }
    }

    /**
     * Give the driver a moment to send what egress last offered (the SHUTTING_DOWN status), servicing the client
     * conductor meanwhile since the ingress thread that did so has stopped.
     */
    private void lingerForLastMessages(final long deadlineNs)
    {
        while (System.nanoTime() < deadlineNs)
        {
            transport.invokeDriver();
            transport.conductorInvoker().invoke();
            Thread.onSpinWait();
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * @return the WebSocket endpoint, or null when it is off.
     */
    public WebSocketGateway webSocketGateway()
    {
        return webSocketGateway;
    }

    /**
     * @return the directory agent, or null for a stand-alone engine.
     */
    public DirectoryAgent directoryAgent()
    {
        return directoryAgent;
    }

    public EnginePipeline pipeline()
    {
        return pipeline;
    }

    public IngressAgent ingress()
    {
        return ingressAgent;
    }

    public IngressAdapter ingressAdapter()
    {
        return ingressAdapter;
    }

    /**
     * @return egress shard 0's client publications.
     */
    public ClientPublications publications()
    {
        return publications[0];
    }

    /**
     * @return the room streams, or null when the engine has none (room stream max seats 0).
     */
    public RoomPublications roomPublications()
    {
        return roomPublications;
    }

    /**
     * @return {@code ok}, {@code degraded: <reason>} while serving but not fully (the journal cannot write), or
     * {@code down: <reason>} once shutting down. Any thread.
     */
    public String health()
    {
        final String fatal = fatalError;
        if (null != fatal)
        {
            return "down: " + fatal;
        }
        if (closed || ingressRunner.isClosed())
        {
            return "down: shutting down";
        }
        if (null != pipeline.journalHandler() && !pipeline.context().journal().status().isWritable())
        {
            return "degraded: journal cannot write (" + pipeline.context().journal().status().lastError() +
                "); input paused";
        }
        return "ok";
    }

    /**
     * @return the engine's Aeron counters.
     */
    public EngineCounters counters()
    {
        return counters;
    }

    public TransportDriver transport()
    {
        return transport;
    }

    public String aeronDirectoryName()
    {
        return transport.aeronDirectoryName();
    }

    public long transportErrors()
    {
        return transportErrors.get();
    }

    private void onError(final Throwable ex)
    {
        transportErrors.incrementAndGet();
        errorLog.record(ex);
        if (null == fatalError &&
            (ex instanceof DriverTimeoutException || (null != transport && transport.aeron().isClosed())))
        {
            fatalError = "the media driver at " + aeronDirectoryName() + " stopped responding (" +
                ex.getClass().getSimpleName() + ": " + ex.getMessage() + ")";
        }
    }

    /**
     * @return why the engine cannot go on (the media driver was lost), or null while it can. Any thread.
     */
    public String fatalError()
    {
        return fatalError;
    }

    /**
     * Print the distinct errors of the transport and ingress, and of the ring's stages.
     *
     * @return distinct errors printed.
     */
    public int printErrors(final java.io.PrintStream out)
    {
        final int transportDistinct = org.agrona.concurrent.errors.ErrorLogReader.read(errorLog.buffer(),
            (count, first, last, text) -> out.printf("%d observation(s) of:%n%s%n", count, text));
        return transportDistinct + pipeline.printErrors(out);
    }

    /**
     * Tell clients SHUTTING_DOWN, drain, flush and close; bounded by a few seconds.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        final long deadline = System.nanoTime() + SHUTDOWN_TIMEOUT_NS;
        ingressAgent.requestShutdown();
        while (!ingressAgent.isShutdownPublished() && System.nanoTime() < deadline && !ingressRunner.isClosed())
        {
            Thread.yield();
        }
        pipeline.awaitDrained(Math.max(0, deadline - System.nanoTime()));
        // ingress first (no more placements asked), then the directory's session: the directory hears of it at once
        // (its session closes) and stops placing rooms here
        CloseHelper.closeAll(ingressRunner, haRunner, directoryRunner, pipeline);
        lingerForLastMessages(Math.min(deadline, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200)));
        final AutoCloseable[] toClose = new AutoCloseable[publications.length + 5];
        toClose[0] = ingressAdapter;
        toClose[1] = webSocketGateway;
        toClose[2] = counters;
        toClose[3] = roomPublications;
        System.arraycopy(publications, 0, toClose, 4, publications.length);
        toClose[toClose.length - 1] = transport;
        CloseHelper.closeAll(toClose);
    }
}
