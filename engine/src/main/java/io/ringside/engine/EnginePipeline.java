package io.ringside.engine;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.TimeoutException;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.ringside.engine.egress.EgressHandler;
import io.ringside.engine.egress.EgressTransport;
import io.ringside.engine.journal.JournalCounters;
import io.ringside.engine.journal.JournalHandler;
import io.ringside.engine.journal.Recovery;
import io.ringside.engine.logic.GameLogicHandler;
import io.ringside.engine.logic.LogicStage;
import io.ringside.engine.logic.SnapshotExchange;
import io.ringside.engine.metrics.EngineHistograms;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.output.OutputWriter;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventPublisher;
import io.ringside.engine.ring.ProducerCommandQueue;
import io.ringside.engine.ring.RoomRequests;
import io.ringside.journal.Journal;
import io.ringside.journal.JournalDatabase;
import io.ringside.journal.JournalReader;
import io.ringside.journal.JournalStatus;
import io.ringside.journal.SqliteJournal;
import org.agrona.CloseHelper;
import org.agrona.concurrent.SystemEpochClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.errors.DistinctErrorLog;
import org.agrona.concurrent.errors.ErrorLogReader;

import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's ring and its stages, assembled in one place. Every channel between threads is on this diagram.
 * <pre>
 *   WebSocket endpoint thread (Netty; only with --ws-port) ── frames, in order ──► a many-to-one ring buffer ──┐
 *                                                                                                              ▼
 *   directory agent (only with --cluster-directory: DirectoryAgent, a thread of its own) ◄──► the directory (an
 *      │  Aeron Cluster session: register, report every interval from the logic's RoomListing, place rooms)
 *      │  PlacementChannel: CreateRooms ingress asks to place ──► agent ──► the engine chosen, back to ingress (a
 *      │  one-to-one ring buffer each way); KnownEngines: the engine table, a volatile snapshot ingress reads
 *      ▼
 *   HA gateway agent (only with --ha-cluster: HaGatewayAgent, a thread of its own) ◄──► the HA cluster (an Aeron
 *      │  Cluster session for every player of HA rooms: creates, joins, leaves, each room's inputs of a tick as one
 *      │  batch; back: seats given or refused, each HA room's frame once per tick)
 *      │  HaChannels.fromCluster: the cluster's messages ──► ingress, which cuts them into HA_MESSAGE events
 *      │  HaChannels.toCluster: what [1] (HaRelay) says to the cluster ──► the agent (a one-to-one ring buffer each)
 *      ▼
 *   producer (ingress agent: Aeron fragments and WebSocket frames, TICKs, ids, new resume tokens, seeds; source
 *      │  binding, rate limits; with a directory: join tickets, REDIRECTs for other engines' rooms; with an HA
 *      │  cluster: its messages as HA_MESSAGE events)
 *      │ EventPublisher: next() / fill slot / publish()   ◄── RoomRequests: the HTTP thread's rooms to create (a
 *      │                                                       many-to-one queue), answered by [1] through a future
 *      ▼                                                                   ProducerCommandQueue: the one back
 *   RingBuffer&lt;EngineEvent&gt;  (pre-allocated, power of two, single producer)     channel, egress shards → producer
 *      │                                                                   (a one-to-one lane each): SESSION_LOST
 *      ▼                                                                   (slow consumer, closed), SESSION_FORGOTTEN,
 *   [1] GameLogicHandler ── owns all game state and session identity;      SESSION_BOUND (the logic resumed a
 *      │                    writes its output for each event into the      session from another source), each
 *      │                    OutputLog and records [outputStart, outputEnd)  turned into ring events or bindings ▲
 *      ├──────────────────────────────┐          (all gated on [1]; the OutputLog is gated on all)          │
 *      ▼                              ▼                                                                      │
 *   [2a] EgressHandler shard 0..n-1 ──┼──────────────────────────────────────────────────────────────────────┘
 *        each its own thread and the  [2b] JournalHandler (only when a Journal is configured)
 *        sessions id % n == shard:         every state-changing event in ring order + player state,
 *        per-client sequence,              one transaction per batch (endOfBatch, row cap, time cap)
 *        snapshots (interest, delta),      → Journal ◄── SnapshotExchange (engine snapshots from [1], one at a time)
 *        reliable queues → its own
 *        EgressTransport; shard 0 also
 *        the room streams (RoomFanOut)
 *        │ a WebSocket session's messages (and shard 0's room stream messages for WebSocket members): each
 *        └► connection's many-to-one ring buffer ──► the WebSocket endpoint thread, which writes the frames
 *   HA rooms in [1] (HaRelay): mirrors whose frames come as HA_MESSAGEs, fanned out by [2a] as any room's; what
 *   their players send goes to HaChannels.toCluster, batched per room and tick, never into a local game.
 * </pre>
 * The ring's producer is gated on the last stages, so a slow egress or journal fills the ring and the producer stops
 * taking input: back pressure reaches clients through their transport. Faults thrown by a stage are recorded in a
 * distinct-error log (one entry per distinct error, with a count) and counted; the stage goes on with the next event.
 */
public final class EnginePipeline implements AutoCloseable
{
    private static final int ERROR_LOG_CAPACITY = 1024 * 1024;

    private final EngineContext context;
    private final Disruptor<EngineEvent> disruptor;
    private final OutputLog outputLog;
    private final GameLogicHandler logic;
    private final LogicStage logicStage;
    private final EngineHistograms histograms;
    private final EgressHandler[] egress;
    private final JournalHandler journalHandler;
    private final ProducerCommandQueue producerCommands;
    private final RoomRequests roomRequests = new RoomRequests();
    private final DistinctErrorLog errorLog;
    private final AtomicLong faults = new AtomicLong();
    private RingBuffer<EngineEvent> ringBuffer;
    private EventPublisher publisher;
    private Recovery.Result recovery;
    private boolean closed;

    public EnginePipeline(final EngineContext context)
    {
        this.context = context.conclude();
        errorLog = new DistinctErrorLog(
            new UnsafeBuffer(ByteBuffer.allocateDirect(ERROR_LOG_CAPACITY)), SystemEpochClock.INSTANCE);

        outputLog = new OutputLog(context.outputLogCapacityBytes());
        producerCommands = new ProducerCommandQueue(
            context.producerCommandQueueCapacityBytes(), context.egressTransports().length);

        logic = new GameLogicHandler(context.games(), context.logicContext(), context.counters());
        logic.output(new OutputWriter(outputLog, context.outputWaitIdleStrategy(), logic));
        logic.faultHandler(errorLog::record);
        logic.roomRequests(roomRequests);

        final EgressTransport[] egressTransports = context.egressTransports();
        final int shards = egressTransports.length;
        final boolean roomStreams = egressTransports[0].supportsRoomStreams();
        histograms = new EngineHistograms(shards);
        egress = new EgressHandler[shards];
        for (int shard = 0; shard < shards; shard++)
        {
            egress[shard] = new EgressHandler(outputLog, egressTransports[shard], producerCommands,
                context.nanoClock(), context.maxFrameEntities(), context.maxSnapshotEntities(),
                context.reliableQueueCapacityBytes(), histograms, context.counters(), shard, shards)
                .maxSkippedSnapshots((int)Math.min(Integer.MAX_VALUE,
                    context.slowConsumerAfterNs() / Math.max(1, context.tickIntervalNs())))
                .declaredStates(context.stateSchemas());
            if (roomStreams)
            {
                egress[shard].roomStreams(context.maxFrameEntities(), context.roomStreamMaxEntities(),
                    context.roomStreamKeyframeIntervalMessages(), context.maxRoomSnapshotLength(), context.stateSchemas());
            }
        }

        Journal journal = context.journal();
        if (null == journal && null != context.journalContext())
        {
            journal = new SqliteJournal(context.journalContext());
            context.journal(journal);
        }
        long sequenceBase = 0;
        if (null != context.journalContext())
        {
            try (JournalReader reader = new JournalReader(context.journalContext()))
            {
                recovery = Recovery.recover(reader, logic, outputLog);
                sequenceBase = Math.max(recovery.lastSequence(), reader.lastSequence()) + 1;
                if (null == reader.metadata(Recovery.SIMULATION_SETTINGS_KEY))
                {
                    JournalDatabase.putMetadata(
                        context.journalContext(), Recovery.SIMULATION_SETTINGS_KEY, logic.simulationSettings());
                }
            }
            catch (final RuntimeException ex)
            {
                CloseHelper.quietClose(journal);
                throw ex;
            }
        }

        if (null == journal)
        {
            journalHandler = null;
        }
        else
        {
            final SnapshotExchange snapshots = new SnapshotExchange();
            logic.snapshots(snapshots);
            journalHandler = new JournalHandler(journal, snapshots, sequenceBase, outputLog, context.nanoClock(),
                context.journalMaxBatchRows(), context.journalMinBatchNs(), context.journalMaxBatchNs(),
                context.journalTickOnlyCommitNs(), histograms, context.games().names());
            // the journal's own status, kept by the journal thread, mirrored into the engine's counters by that thread
            final JournalCounters journalCounters = new JournalCounters(context.counters());
            final JournalStatus status = journal.status();
            status.onChange(() -> journalCounters.mirror(status));
            journalCounters.mirror(status);
        }

        logicStage = new LogicStage(logic, histograms, context.nanoClock());
        disruptor = new Disruptor<>(
            EngineEvent::new, context.ringSize(), context.threadFactory(), ProducerType.SINGLE, context.waitStrategy());
        disruptor.setDefaultExceptionHandler(new StageExceptionHandler());

        @SuppressWarnings("unchecked")
        final EventHandler<EngineEvent>[] lastStages = new EventHandler[shards + (null == journalHandler ? 0 : 1)];
        System.arraycopy(egress, 0, lastStages, 0, shards);
        if (null != journalHandler)
        {
            lastStages[shards] = journalHandler;
        }
        disruptor.handleEventsWith(logicStage).then(lastStages);
    }

    /**
     * Start the stage threads.
     *
     * @return this.
     */
    public EnginePipeline start()
    {
        if (null != context.haChannels())
        {
            logic.haChannels(context.haChannels()); // after recovery: what was replayed is not sent again
        }
        ringBuffer = disruptor.start();
        publisher = new EventPublisher(ringBuffer);
        return this;
    }

    /**
     * Wait until every stage has processed everything published so far.
     *
     * @param timeoutNs how long to wait.
     * @return true when drained in time.
     */
    public boolean awaitDrained(final long timeoutNs)
    {
        final long deadline = System.nanoTime() + timeoutNs;
        final long target = ringBuffer.getCursor();
        while (ringBuffer.getMinimumGatingSequence() < target)
        {
            if (System.nanoTime() > deadline)
            {
                return false;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
        return true;
    }

    /**
     * Stop the stages once they have drained what was published (bounded), then close the journal.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (null != context.journal())
        {
            context.journal().requestClose();
        }
        try
        {
            if (null != ringBuffer)
            {
                disruptor.shutdown(5, TimeUnit.SECONDS);
            }
        }
        catch (final TimeoutException ex)
        {
            errorLog.record(ex);
            disruptor.halt();
        }
        finally
        {
            awaitJournalStage();
            CloseHelper.close(context.journal());
        }
    }

    /**
     * The journal stage commits what it still holds on its own thread after the halt; the journal is closed after
     * that, never beside it.
     */
    private void awaitJournalStage()
    {
        if (null != journalHandler && null != ringBuffer)
        {
            try
            {
                if (!journalHandler.awaitShutdown(TimeUnit.SECONDS.toNanos(10)))
                {
                    errorLog.record(new IllegalStateException("journal stage did not stop within 10 s"));
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * @return what recovery did when the pipeline was built, or null when it runs without a journal file.
     */
    public Recovery.Result recovery()
    {
        return recovery;
    }

    /**
     * @return the engine's latency histograms (ring residence, tick duration, snapshot encode, journal commit).
     */
    public EngineHistograms histograms()
    {
        return histograms;
    }

    public EventPublisher publisher()
    {
        return publisher;
    }

    /**
     * @return the rooms the HTTP API asks for, into the ring through the producer and answered by the logic.
     */
    public RoomRequests roomRequests()
    {
        return roomRequests;
    }

    public ProducerCommandQueue producerCommands()
    {
        return producerCommands;
    }

    public GameLogicHandler logic()
    {
        return logic;
    }

    /**
     * @return egress shard 0 (its counters give every shard's sums).
     */
    public EgressHandler egress()
    {
        return egress[0];
    }

    /**
     * @return every egress shard, by index.
     */
    public EgressHandler[] egressShards()
    {
        return egress.clone();
    }

    public JournalHandler journalHandler()
    {
        return journalHandler;
    }

    public OutputLog outputLog()
    {
        return outputLog;
    }

    public RingBuffer<EngineEvent> ringBuffer()
    {
        return ringBuffer;
    }

    public EngineContext context()
    {
        return context;
    }

    /**
     * @return faults thrown by stages and recorded.
     */
    public long faults()
    {
        return faults.get();
    }

    /**
     * Print the distinct errors recorded so far.
     *
     * @return how many distinct errors there were.
     */
    public int printErrors(final PrintStream out)
    {
        return ErrorLogReader.read(errorLog.buffer(), (count, firstTimestamp, lastTimestamp, encodedException) ->
            out.printf("%d observation(s) of:%n%s%n", count, encodedException));
    }

    /**
     * Records a stage's fault and lets the stage go on: one bad event must not stop the engine.
     */
    private final class StageExceptionHandler implements ExceptionHandler<EngineEvent>
    {
        public void handleEventException(final Throwable ex, final long sequence, final EngineEvent event)
        {
            faults.incrementAndGet();
            errorLog.record(ex);
        }

        public void handleOnStartException(final Throwable ex)
        {
            faults.incrementAndGet();
            errorLog.record(ex);
        }

        public void handleOnShutdownException(final Throwable ex)
        {
            faults.incrementAndGet();
            errorLog.record(ex);
        }
    }
}
