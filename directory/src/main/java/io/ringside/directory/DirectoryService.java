package io.ringside.directory;

import io.aeron.Counter;
import io.aeron.ExclusivePublication;
import io.aeron.Image;
import io.aeron.cluster.codecs.CloseReason;
import io.aeron.cluster.service.ClientSession;
import io.aeron.cluster.service.Cluster;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.Header;
import io.ringside.cluster.BoundedCopy;
import io.ringside.codec.directory.DirectoryCode;
import io.ringside.codec.directory.DirectorySnapshotDecoder;
import io.ringside.codec.directory.DirectorySnapshotEncoder;
import io.ringside.codec.directory.EngineReportDecoder;
import io.ringside.codec.directory.EngineTableEncoder;
import io.ringside.codec.directory.MessageHeaderDecoder;
import io.ringside.codec.directory.MessageHeaderEncoder;
import io.ringside.codec.directory.PlaceRoomDecoder;
import io.ringside.codec.directory.PlacementEncoder;
import io.ringside.codec.directory.RegisterEngineDecoder;
import io.ringside.codec.directory.RegisterResultEncoder;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * The directory as an Aeron Cluster clustered service: engines register, report their load and rooms, and ask
 * where a new room goes; a cluster timer marks silent engines gone. Its state ({@link DirectoryState}) changes only
 * here, from the cluster log, with the log's time; answers go back to the asking engine's cluster session (only the
 * leader's reach it). The service's own thread only, except {@link #view()}, which any thread may read.
 */
public final class DirectoryService implements ClusteredService
{
    static final long SWEEP_TIMER_ID = 1;
    private static final long VIEW_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(200);

    private final long goneAfterMs;
    private final long sweepIntervalMs;
    private final DirectoryState state = new DirectoryState();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RegisterEngineDecoder registerDecoder = new RegisterEngineDecoder();
    private final PlaceRoomDecoder placeDecoder = new PlaceRoomDecoder();
    private final RegisterResultEncoder registerResultEncoder = new RegisterResultEncoder();
    private final EngineTableEncoder engineTableEncoder = new EngineTableEncoder();
    private final PlacementEncoder placementEncoder = new PlacementEncoder();
    private final DirectorySnapshotEncoder snapshotEncoder = new DirectorySnapshotEncoder();
    private final DirectorySnapshotDecoder snapshotDecoder = new DirectorySnapshotDecoder();
    private final ExpandableArrayBuffer answer = new ExpandableArrayBuffer(1024);
    private final BoundedCopy copy = new BoundedCopy(DirectoryState.MAX_REPORT_BYTES);
    private UnsafeBuffer incoming;
    private final ExpandableArrayBuffer snapshotBuffer = new ExpandableArrayBuffer(4096);

    private Cluster cluster;
    private IdleStrategy idleStrategy;
    private DirectoryCounters counters;
    private int leaderMemberId = -1;
    private long leadershipTermId = -1;
    private boolean viewDirty = true;
    private long nextViewNs;
    private volatile DirectoryView view = DirectoryView.EMPTY;

    /**
     * @param goneAfterMs how long an engine may be silent before it is marked gone; every member must use the same.
     */
    public DirectoryService(final long goneAfterMs)
    {
        if (goneAfterMs <= 0)
        {
            throw new IllegalArgumentException("gone-after must be positive: " + goneAfterMs);
        }
        this.goneAfterMs = goneAfterMs;
        this.sweepIntervalMs = Math.max(50, goneAfterMs / 4);
    }

    /**
     * @return the directory as of its last change, at most a fraction of a second old; any thread.
     */
    public DirectoryView view()
    {
        return view;
    }

    public void onStart(final Cluster cluster, final Image snapshotImage)
    {
        this.cluster = cluster;
        this.idleStrategy = cluster.idleStrategy();
        this.counters = new DirectoryCounters(cluster.aeron(), cluster.memberId());
        if (null != snapshotImage)
        {
            loadSnapshot(snapshotImage);
        }
        viewDirty = true;
    }

    public void onSessionOpen(final ClientSession session, final long timestamp)
    {
    }

    public void onSessionClose(final ClientSession session, final long timestamp, final CloseReason closeReason)
    {
        if (null != state.sessionClosed(session.id()))
        {
            counters.enginesGone.incrementRelease();
            viewDirty = true;
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
            switch (headerDecoder.templateId())
            {
                case RegisterEngineDecoder.TEMPLATE_ID:
                    onRegister(session, timestamp, registerDecoder.wrap(incoming, body, blockLength, version));
                    break;

                case EngineReportDecoder.TEMPLATE_ID:
                    onReport(session, timestamp, incoming, length);
                    break;

                case PlaceRoomDecoder.TEMPLATE_ID:
                    onPlaceRoom(session, timestamp, placeDecoder.wrap(incoming, body, blockLength, version));
                    break;

                default:
                    counters.badRequests.incrementRelease();
            }
        }
        catch (final IndexOutOfBoundsException | IllegalStateException | IllegalArgumentException ex)
        {
            // a request whose lengths lie: no state was changed by it (each change comes after its decoding)
            counters.badRequests.incrementRelease();
        }
    }

    private void onRegister(final ClientSession session, final long timestamp, final RegisterEngineDecoder request)
    {
        final long correlationId = request.correlationId();
        final DirectoryCode code = state.register(request, session.id(), timestamp);
        switch (code)
        {
            case OK -> counters.registrations.incrementRelease();
            case ENGINE_ID_IN_USE -> counters.engineIdConflicts.incrementRelease();
            default -> counters.badRequests.incrementRelease();
        }
        if (DirectoryCode.OK == code && 0 == state.sweepDeadlineMs())
        {
            scheduleSweep(timestamp);
        }
        registerResultEncoder.wrapAndApplyHeader(answer, 0, headerEncoder)
            .correlationId(correlationId).code(code).leaderMemberId(cluster.memberId());
        reply(session, MessageHeaderEncoder.ENCODED_LENGTH + registerResultEncoder.encodedLength());
        viewDirty = true;
    }

    private void onReport(
        final ClientSession session, final long timestamp, final DirectBuffer buffer, final int length)
    {
        final DirectoryCode code = state.report(buffer, length, session.id(), timestamp);
        switch (code)
        {
            case OK -> counters.reports.incrementRelease();
            case NOT_REGISTERED -> counters.reportsUnregistered.incrementRelease();
            default -> counters.badRequests.incrementRelease();
        }
        final EngineTableEncoder table = engineTableEncoder.wrapAndApplyHeader(answer, 0, headerEncoder)
            .clusterTimeMs(timestamp).code(code);
        final EngineTableEncoder.EnginesEncoder engines = table.enginesCount(state.engines().size());
        for (final EngineRecord engine : state.engines())
        {
            engines.next().engineId(engine.engineId).state(engine.state).capacityPlayers(engine.capacityPlayers)
                .players(engine.players).reservedSeats(engine.reservedSeats).rooms(engine.rooms)
                .aeronEndpoint(engine.aeronEndpoint).webSocketUrl(engine.webSocketUrl);
        }
        reply(session, MessageHeaderEncoder.ENCODED_LENGTH + table.encodedLength());
        viewDirty = true;
    }

    private void onPlaceRoom(final ClientSession session, final long timestamp, final PlaceRoomDecoder request)
    {
        final long correlationId = request.correlationId();
        final int askingEngineId = request.engineId();
        final int seats = request.seats();
        final EngineRecord engine = state.place(askingEngineId, seats, timestamp);
        final DirectoryCode code;
        if (null != engine)
        {
            code = DirectoryCode.OK;
            counters.placements.incrementRelease();
        }
        else
        {
            final EngineRecord asking = state.engine(askingEngineId);
            code = null == asking || !asking.isAlive() ? DirectoryCode.NOT_REGISTERED :
                seats > DirectoryState.MAX_SEATS ? DirectoryCode.BAD_REQUEST : DirectoryCode.NO_ENGINE;
            counters.placementsRefused.incrementRelease();
        }
        placementEncoder.wrapAndApplyHeader(answer, 0, headerEncoder)
            .correlationId(correlationId).code(code).engineId(null == engine ? 0 : engine.engineId);
        reply(session, MessageHeaderEncoder.ENCODED_LENGTH + placementEncoder.encodedLength());
        viewDirty = true;
    }

    private void reply(final ClientSession session, final int length)
    {
        // followers' sessions take nothing (a mocked offer); on the leader a full egress is counted, not retried:
        // every request is asked again by its engine (registration and placement time out there, reports repeat)
        if (session.offer(answer, 0, length) < 0)
        {
            counters.answersNotSent.incrementRelease();
        }
    }

    public void onTimerEvent(final long correlationId, final long timestamp)
    {
        if (SWEEP_TIMER_ID != correlationId)
        {
            return;
        }
        final int marked = state.sweep(timestamp, goneAfterMs);
        if (marked > 0)
        {
            counters.enginesGone.getAndAddRelease(marked);
            viewDirty = true;
        }
        state.sweepDeadlineMs(0);
        if (state.anyAlive())
        {
            scheduleSweep(timestamp);
        }
    }

    private void scheduleSweep(final long nowMs)
    {
        final long deadlineMs = nowMs + sweepIntervalMs;
        idleStrategy.reset();
        while (!cluster.scheduleTimer(SWEEP_TIMER_ID, deadlineMs))
        {
            idleStrategy.idle();
        }
        state.sweepDeadlineMs(deadlineMs);
    }

    public void onTakeSnapshot(final ExclusivePublication snapshotPublication)
    {
        snapshotEncoder.wrapAndApplyHeader(snapshotBuffer, 0, headerEncoder);
        final int length = MessageHeaderEncoder.ENCODED_LENGTH + state.writeSnapshot(snapshotEncoder);
        idleStrategy.reset();
        long result;
        while ((result = snapshotPublication.offer(snapshotBuffer, 0, length)) < 0)
        {
            if (ExclusivePublication.CLOSED == result || ExclusivePublication.MAX_POSITION_EXCEEDED == result)
            {
                throw new IllegalStateException("directory snapshot not written: " + result);
            }
            idleStrategy.idle();
        }
        counters.snapshotsTaken.incrementRelease();
    }

    private void loadSnapshot(final Image snapshotImage)
    {
        final boolean[] loaded = new boolean[1];
        final FragmentHandler handler = (buffer, offset, length, header) ->
        {
            headerDecoder.wrap(buffer, offset);
            if (DirectorySnapshotDecoder.TEMPLATE_ID != headerDecoder.templateId() ||
                DirectorySnapshotDecoder.SCHEMA_ID != headerDecoder.schemaId())
            {
                throw new IllegalStateException("not a directory snapshot: template " + headerDecoder.templateId());
            }
            state.readSnapshot(snapshotDecoder.wrap(buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH,
                headerDecoder.blockLength(), headerDecoder.version()));
            loaded[0] = true;
        };
        final io.aeron.FragmentAssembler assembler = new io.aeron.FragmentAssembler(handler);
        idleStrategy.reset();
        while (!loaded[0])
        {
            final int fragments = snapshotImage.poll(assembler, 1);
            if (0 == fragments && snapshotImage.isEndOfStream())
            {
                throw new IllegalStateException("directory snapshot ended before its record");
            }
            idleStrategy.idle(fragments);
        }
        counters.snapshotsLoaded.incrementRelease();
    }

    public void onRoleChange(final Cluster.Role newRole)
    {
        viewDirty = true;
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
        // engines could not report while there was no leader: their silence is counted from the new term (an event
        // of the log, with the log's time, so every member does the same), or an election longer than the gone-after
        // time would mark every engine gone
        state.restartSilence(timestamp);
        counters.leadershipTerms.incrementRelease();
        viewDirty = true;
    }

    public int doBackgroundWork(final long nowNs)
    {
        if (!viewDirty || nowNs < nextViewNs || null == cluster)
        {
            return 0;
        }
        viewDirty = false;
        nextViewNs = nowNs + VIEW_INTERVAL_NS;
        view = DirectoryView.of(cluster.memberId(), cluster.role(), leaderMemberId, leadershipTermId,
            cluster.logPosition(), cluster.time(), state, counters);
        return 1;
    }

    public void onTerminate(final Cluster cluster)
    {
        CloseHelper.quietClose(counters);
    }

    DirectoryState state()
    {
        return state;
    }

    /**
     * The counters, as Aeron counters in the member's media driver (AeronStat shows them). Written by the service's
     * thread only.
     */
    static final class DirectoryCounters implements AutoCloseable
    {
        static final int TYPE_ID = 7103;

        final Counter registrations;
        final Counter engineIdConflicts;
        final Counter reports;
        final Counter reportsUnregistered;
        final Counter placements;
        final Counter placementsRefused;
        final Counter enginesGone;
        final Counter badRequests;
        final Counter answersNotSent;
        final Counter snapshotsTaken;
        final Counter snapshotsLoaded;
        final Counter leadershipTerms;

        DirectoryCounters(final io.aeron.Aeron aeron, final int memberId)
        {
            final String prefix = "ringside directory member " + memberId + ": ";
            registrations = aeron.addCounter(TYPE_ID, prefix + "engine registrations");
            engineIdConflicts = aeron.addCounter(TYPE_ID, prefix + "registrations refused, id in use");
            reports = aeron.addCounter(TYPE_ID, prefix + "engine reports");
            reportsUnregistered = aeron.addCounter(TYPE_ID, prefix + "reports refused, not registered");
            placements = aeron.addCounter(TYPE_ID, prefix + "rooms placed");
            placementsRefused = aeron.addCounter(TYPE_ID, prefix + "placements refused");
            enginesGone = aeron.addCounter(TYPE_ID, prefix + "engines marked gone");
            badRequests = aeron.addCounter(TYPE_ID, prefix + "bad requests");
            answersNotSent = aeron.addCounter(TYPE_ID, prefix + "answers not sent, egress full");
            snapshotsTaken = aeron.addCounter(TYPE_ID, prefix + "snapshots taken");
            snapshotsLoaded = aeron.addCounter(TYPE_ID, prefix + "snapshots loaded");
            leadershipTerms = aeron.addCounter(TYPE_ID, prefix + "leadership terms seen");
        }

        public void close()
        {
            CloseHelper.closeAll(registrations, engineIdConflicts, reports, reportsUnregistered, placements,
                placementsRefused, enginesGone, badRequests, answersNotSent, snapshotsTaken, snapshotsLoaded,
                leadershipTerms);
        }
    }
}
