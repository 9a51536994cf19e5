package io.ringside.engine.directory;

import io.aeron.Aeron;
import io.ringside.codec.directory.BooleanType;
import io.ringside.codec.directory.DirectoryCode;
import io.ringside.codec.directory.EngineReportEncoder;
import io.ringside.codec.directory.EngineTableDecoder;
import io.ringside.codec.directory.MessageHeaderEncoder;
import io.ringside.codec.sbe.CreateRoomDecoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.directory.DirectoryClient;
import io.ringside.engine.logic.RoomListing;
import io.ringside.engine.metrics.CounterDescriptor;
import io.ringside.engine.metrics.EngineCounters;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The engine's side of the directory, on a thread of its own: it registers this engine, reports its load and rooms
 * at a fixed interval (read from the logic's published {@link RoomListing}, never from game state), publishes the
 * engines the directory answers with ({@link #knownEngines()}, which ingress reads to send sessions to the engine of
 * their room), and asks where each new room goes for the CreateRooms ingress hands it ({@link PlacementChannel}),
 * answering "here" when the directory is away, slow or full. Its fields are its own thread's, except the volatile
 * {@link #knownEngines}.
 */
public final class DirectoryAgent implements Agent, DirectoryClient.Listener
{
    private static final long REGISTER_RETRY_NS = 1_000_000_000L;
    private static final int MAX_PENDING_PLACEMENTS = 256;
    private static final int MAX_REPORTED_ROOMS = 4096;
    /**
     * Reports stay well under the directory's cap (512 KiB) and what its log term carries.
     */
    private static final int MAX_REPORT_BYTES = 384 * 1024;
    /**
     * A room's most bytes in a report: its fixed fields and both lengths, with every character taken as three UTF-8
     * bytes (what a report of non-ASCII metadata may take).
     */
    private static final int ROOM_FIXED_BYTES = 8 + 2 + 2 + 1 + 2 + 2;
    private static final int REQUESTS_PER_CYCLE = 32;

    private final DirectoryContext context;
    private final DirectoryClient client;
    private final RoomListing listing;
    private final LongSupplier sessionsOpen;
    private final LongSupplier roomsCreated;
    private final NanoClock clock;
    private final PlacementChannel placements;
    private final PrintStream log;
    private final long instanceId = new SecureRandom().nextLong();
    private final ExpandableArrayBuffer reportBuffer = new ExpandableArrayBuffer(64 * 1024);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final EngineReportEncoder reportEncoder = new EngineReportEncoder();
    private final MessageHeaderDecoder createHeader = new MessageHeaderDecoder();
    private final CreateRoomDecoder createDecoder = new CreateRoomDecoder();
    private final MessageHandler requestHandler = this::onPlacementRequest;
    private final Pending[] pending = new Pending[MAX_PENDING_PLACEMENTS];

    private final AtomicCounter connected;
    private final AtomicCounter registeredGauge;
    private final AtomicCounter registrationsRefused;
    private final AtomicCounter reports;
    private final AtomicCounter sendsFailed;
    private final AtomicCounter placementTimeouts;
    private final AtomicCounter enginesAlive;
    private final AtomicCounter reportsRefused;
    private final AtomicCounter roomsNotReported;
    private final AtomicCounter answersUnmatched;
    private final AtomicCounter silentCloses;

    private volatile KnownEngines knownEngines = KnownEngines.NONE;
    private boolean registered;
    private long registerCorrelationId;
    private long nextRegisterNs;
    private long nextReportNs;
    private long reportSequence;
    private long nextCorrelationId = 1;
    private boolean refusalPrinted;
    private boolean reportRefusalPrinted;

    public DirectoryAgent(
        final DirectoryContext context,
        final Aeron aeron,
        final RoomListing listing,
        final LongSupplier sessionsOpen,
        final LongSupplier roomsCreated,
        final EngineCounters counters,
        final NanoClock clock,
        final PlacementChannel placements,
        final PrintStream log)
    {
        this.context = context;
        this.listing = listing;
        this.sessionsOpen = sessionsOpen;
        this.roomsCreated = roomsCreated;
        this.clock = clock;
        this.placements = placements;
        this.log = log;
        for (int i = 0; i < pending.length; i++)
        {
            pending[i] = new Pending();
        }
        connected = counters.counter(CounterDescriptor.DIRECTORY_CONNECTED);
        registeredGauge = counters.counter(CounterDescriptor.DIRECTORY_REGISTERED);
        registrationsRefused = counters.counter(CounterDescriptor.DIRECTORY_REGISTRATIONS_REFUSED);
        reports = counters.counter(CounterDescriptor.DIRECTORY_REPORTS);
        sendsFailed = counters.counter(CounterDescriptor.DIRECTORY_SENDS_FAILED);
        placementTimeouts = counters.counter(CounterDescriptor.DIRECTORY_PLACEMENT_TIMEOUTS);
        enginesAlive = counters.counter(CounterDescriptor.DIRECTORY_ENGINES_ALIVE);
        reportsRefused = counters.counter(CounterDescriptor.DIRECTORY_REPORTS_REFUSED);
        roomsNotReported = counters.counter(CounterDescriptor.DIRECTORY_ROOMS_NOT_REPORTED);
        answersUnmatched = counters.counter(CounterDescriptor.DIRECTORY_ANSWERS_UNMATCHED);
        silentCloses = counters.counter(CounterDescriptor.DIRECTORY_SILENT_CLOSES);
        // registers (retried each second) and reports are each answered: a directory silent for longer than a
        // leader change plus one of them was started again and no longer knows this session
        client = new DirectoryClient(aeron, context.directoryEndpoints(), context.egressChannel(), this)
            .closeWhenSilent(Math.max(REGISTER_RETRY_NS, context.reportIntervalNs()));
    }

    public String roleName()
    {
        return "ringside-directory";
    }

    /**
     * @return the engines of the directory's last answer; any thread.
     */
    public KnownEngines knownEngines()
    {
        return knownEngines;
    }

    public int doWork()
    {
        final long nowNs = clock.nanoTime();
        int work = client.doWork(nowNs);
        if (client.isConnected())
        {
            if (!registered && nowNs >= nextRegisterNs)
            {
                register(nowNs);
                work++;
            }
            else if (registered && nowNs >= nextReportNs)
            {
                report();
                nextReportNs = nowNs + context.reportIntervalNs();
                work++;
            }
        }
        // a request is read only into a free slot: with none, they wait in the channel, and when it is full ingress
        // makes its rooms here (counted there)
        final int free = freeSlots();
        if (free > 0)
        {
            work += placements.readRequests(requestHandler, Math.min(free, REQUESTS_PER_CYCLE));
        }
        work += settlePending(nowNs);
        return work;
    }

    private void register(final long nowNs)
    {
        registerCorrelationId = nextCorrelationId++;
        nextRegisterNs = nowNs + REGISTER_RETRY_NS;
        if (!client.register(registerCorrelationId, context.engineId(), instanceId, context.capacityPlayers(),
            context.publicAeronEndpoint(), context.publicWebSocketUrl(), context.publicHttpUrl()))
        {
            sendsFailed.incrementRelease();
        }
    }

    private void report()
    {
        final List<RoomListing.Room> rooms = listing.rooms();
        int players = 0;
        int count = 0;
        int bytes = MessageHeaderEncoder.ENCODED_LENGTH + EngineReportEncoder.BLOCK_LENGTH + 4;
        for (int i = 0; i < rooms.size(); i++)
        {
            final RoomListing.Room room = rooms.get(i);
            players += room.players();
            final int roomBytes = ROOM_FIXED_BYTES + 3 * (room.game().length() + room.metadata().length());
            if (count == i && count < MAX_REPORTED_ROOMS && bytes + roomBytes <= MAX_REPORT_BYTES)
            {
                bytes += roomBytes;
                count++;
            }
        }
        if (count < rooms.size())
        {
            roomsNotReported.getAndAddRelease(rooms.size() - count);
        }
        final EngineReportEncoder report = reportEncoder.wrapAndApplyHeader(reportBuffer, 0, headerEncoder)
            .engineId(context.engineId()).instanceId(instanceId).reportSequence(++reportSequence).players(players)
            .sessions((int)Math.min(Integer.MAX_VALUE, sessionsOpen.getAsLong()))
            .roomsCreated(roomsCreated.getAsLong());
        final EngineReportEncoder.RoomsEncoder group = report.roomsCount(count);
        for (int i = 0; i < count; i++)
        {
            final RoomListing.Room room = rooms.get(i);
            group.next().roomId(room.roomId()).playerCount(Math.min(0xFFFF, room.players()))
                .maxPlayers(Math.min(0xFFFF, room.maxPlayers()))
                .privateRoom(room.privateRoom() ? BooleanType.TRUE : BooleanType.FALSE)
                .game(room.game()).metadata(room.metadata());
        }
        if (!client.send(reportBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength()))
        {
            sendsFailed.incrementRelease();
        }
    }

    /**
     * @return bytes of the last report sent (header included), for the README's figures.
     */
    public int lastReportLength()
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + reportEncoder.encodedLength();
    }

    // ------------------------------------------------------------------ placement

    private void onPlacementRequest(final int msgTypeId, final MutableDirectBuffer buffer, final int index,
        final int length)
    {
        final long sessionId = buffer.getLong(index + PlacementChannel.SESSION_ID_OFFSET);
        final int messageOffset = index + PlacementChannel.REQUEST_MESSAGE_OFFSET;
        final int messageLength = length - PlacementChannel.REQUEST_MESSAGE_OFFSET;
        // requests are read only while slots are free (see doWork), so there is one
        final Pending slot = freeSlot();
        slot.sessionId = sessionId;
        slot.message.putBytes(0, buffer, messageOffset, messageLength);
        slot.length = messageLength;
        if (!registered)
        {
            slot.engineId = 0;
            slot.state = Pending.ANSWERING;
            return;
        }
        createHeader.wrap(buffer, messageOffset);
        createDecoder.wrap(buffer, messageOffset + MessageHeaderDecoder.ENCODED_LENGTH, createHeader.blockLength(),
            createHeader.version());
        createDecoder.correlationId();
        createDecoder.sessionId();
        createDecoder.privateRoom();
        final String game = createDecoder.gameType();
        slot.correlationId = nextCorrelationId++;
        slot.deadlineNs = clock.nanoTime() + context.placementTimeoutNs();
        slot.state = Pending.ASKED;
        if (!client.placeRoom(slot.correlationId, context.engineId(), context.placementSeats(), game))
        {
            sendsFailed.incrementRelease();
            slot.engineId = 0;
            slot.state = Pending.ANSWERING;
        }
    }

    public void onPlacement(final long correlationId, final DirectoryCode code, final int engineId)
    {
        for (final Pending slot : pending)
        {
            if (Pending.ASKED == slot.state && slot.correlationId == correlationId)
            {
                slot.engineId = DirectoryCode.OK == code && engineId != context.engineId() ? engineId : 0;
                slot.state = Pending.ANSWERING;
                return;
            }
        }
        answersUnmatched.incrementRelease(); // answered after its timeout: the room was made here already
    }

    public void onUnreadableAnswer()
    {
        answersUnmatched.incrementRelease();
    }

    private int settlePending(final long nowNs)
    {
        int work = 0;
        for (final Pending slot : pending)
        {
            if (Pending.ASKED == slot.state && nowNs >= slot.deadlineNs)
            {
                placementTimeouts.incrementRelease();
                slot.engineId = 0;
                slot.state = Pending.ANSWERING;
            }
            if (Pending.ANSWERING == slot.state &&
                placements.answer(slot.sessionId, slot.engineId, slot.message, 0, slot.length))
            {
                slot.state = Pending.FREE;
                work++;
            }
        }
        return work;
    }

    private Pending freeSlot()
    {
        for (final Pending slot : pending)
        {
            if (Pending.FREE == slot.state)
            {
                return slot;
            }
        }
        throw new IllegalStateException("no free placement slot");
    }

    private int freeSlots()
    {
        int free = 0;
        for (final Pending slot : pending)
        {
            free += Pending.FREE == slot.state ? 1 : 0;
        }
        return free;
    }

    /**
     * A CreateRoom waiting for its placement: asked, or answered and waiting for room in the answers buffer.
     */
    private static final class Pending
    {
        static final int FREE = 0;
        static final int ASKED = 1;
        static final int ANSWERING = 2;

        final UnsafeBuffer message = new UnsafeBuffer(new byte[2048]);
        int state = FREE;
        long correlationId;
        long deadlineNs;
        long sessionId;
        int engineId;
        int length;
    }

    // ------------------------------------------------------------------ the directory's answers

    public void onConnected(final long clusterSessionId, final int leaderMemberId)
    {
        connected.setRelease(1);
        registered = false;
        nextRegisterNs = 0;
        log.println("directory: connected (cluster session " + clusterSessionId + ", leader member " +
            leaderMemberId + ")");
    }

    public void onDisconnected(final String why)
    {
        silentCloses.setRelease(client.silentCloses());
        if (0 != connected.get() || registered)
        {
            log.println("directory: lost (" + why + "); rooms are made here until it is back");
        }
        connected.setRelease(0);
        registered = false;
        registeredGauge.setRelease(0);
    }

    public void onNewLeader(final int leaderMemberId)
    {
        log.println("directory: new leader, member " + leaderMemberId);
    }

    public void onRegisterResult(final long correlationId, final DirectoryCode code, final int leaderMemberId)
    {
        if (correlationId != registerCorrelationId)
        {
            answersUnmatched.incrementRelease(); // an earlier attempt's answer
            return;
        }
        if (DirectoryCode.OK == code)
        {
            registered = true;
            refusalPrinted = false;
            registeredGauge.setRelease(1);
            nextReportNs = 0;
            log.println("directory: registered as engine " + context.engineId());
            return;
        }
        registrationsRefused.incrementRelease();
        if (!refusalPrinted)
        {
            refusalPrinted = true;
            log.println("directory: registration as engine " + context.engineId() + " refused (" + code +
                "); trying again every second");
        }
    }

    public void onEngineTable(final EngineTableDecoder table)
    {
        if (DirectoryCode.NOT_REGISTERED == table.code())
        {
            // the directory marked this engine gone (it was silent too long) or lost track of it: register again
            registered = false;
            registeredGauge.setRelease(0);
            nextRegisterNs = 0;
            return;
        }
        if (DirectoryCode.OK != table.code())
        {
            reportsRefused.incrementRelease();
            if (!reportRefusalPrinted)
            {
                reportRefusalPrinted = true;
                log.println("directory: report refused (" + table.code() + "); rooms here are not listed");
            }
        }
        else
        {
            reports.incrementRelease();
        }
        final KnownEngines engines = KnownEngines.of(table);
        enginesAlive.setRelease(engines.aliveCount());
        knownEngines = engines;
    }

    public void onClose()
    {
        client.close();
        connected.setRelease(0);
        registeredGauge.setRelease(0);
    }
}
