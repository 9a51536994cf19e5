package io.ringside.directory;

import io.ringside.codec.directory.BooleanType;
import io.ringside.codec.directory.DirectoryCode;
import io.ringside.codec.directory.DirectorySnapshotDecoder;
import io.ringside.codec.directory.DirectorySnapshotEncoder;
import io.ringside.codec.directory.EngineReportDecoder;
import io.ringside.codec.directory.EngineState;
import io.ringside.codec.directory.MessageHeaderDecoder;
import io.ringside.codec.directory.RegisterEngineDecoder;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * The directory's replicated state: the engines (as registered, each with its last report, which lists its rooms),
 * and the decisions made on them (placements, engines marked gone). Every change comes from a message or a timer of
 * the cluster log with the log's timestamp, and nothing here reads a clock, a random source or a hash order, so every
 * member that applies the same log holds the same state; {@link #writeSnapshot}/{@link #readSnapshot} carry it
 * across restarts. Owned by the clustered service's thread.
 */
final class DirectoryState
{
    static final int DEFAULT_SEATS = 8;
    /**
     * Engines the directory holds, gone ones included (a group's cap in its snapshot and its EngineTable).
     */
    static final int MAX_ENGINES = 4096;
    static final int MAX_ENDPOINT_LENGTH = 256;
    static final int MAX_SEATS = 65_535;
    /**
     * How long seats placed on an engine count against it without its reports showing the room made.
     */
    static final long RESERVATION_TTL_MS = 10_000;
    /**
     * The longest message the directory takes (an engine report of thousands of rooms); the cluster's log term length
     * must carry it (a message is at most an eighth of a term).
     */
    static final int MAX_REPORT_BYTES = 512 * 1024;

    /**
     * By engine id, ascending: placement breaks ties by the lowest id, and a snapshot restores the same order.
     */
    private final List<EngineRecord> engines = new ArrayList<>();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final EngineReportDecoder reportDecoder = new EngineReportDecoder();
    private long placements;
    private long enginesGone;
    private long sweepDeadlineMs;

    // ------------------------------------------------------------------ decisions

    /**
     * An engine registers: a new id, a restart of a known one, or one whose earlier instance is gone.
     *
     * @return OK, ENGINE_ID_IN_USE (another instance holds the id and is alive) or BAD_REQUEST.
     */
    DirectoryCode register(final RegisterEngineDecoder request, final long clusterSessionId, final long nowMs)
    {
        final int engineId = request.engineId();
        final long instanceId = request.instanceId();
        final int capacityPlayers = request.capacityPlayers();
        final String aeronEndpoint = request.aeronEndpoint();
        final String webSocketUrl = request.webSocketUrl();
        final String httpUrl = request.httpUrl();
        if (engineId <= 0 || engineId > RoomIds.MAX_ENGINE_ID || capacityPlayers <= 0 ||
            !isEndpoint(aeronEndpoint) || !isEndpoint(webSocketUrl) || !isEndpoint(httpUrl))
        {
            return DirectoryCode.BAD_REQUEST;
        }

        EngineRecord engine = engine(engineId);
        if (null == engine && engines.size() >= MAX_ENGINES)
        {
            return DirectoryCode.BAD_REQUEST;
        }
        if (null != engine && engine.isAlive() && engine.instanceId != instanceId)
        {
            return DirectoryCode.ENGINE_ID_IN_USE;
        }
        if (null == engine)
        {
            engine = new EngineRecord(engineId);
            engines.add(insertionPoint(engineId), engine);
        }
        engine.instanceId = instanceId;
        engine.clusterSessionId = clusterSessionId;
        engine.state = EngineState.ALIVE;
        engine.capacityPlayers = capacityPlayers;
        engine.aeronEndpoint = aeronEndpoint;
        engine.webSocketUrl = webSocketUrl;
        engine.httpUrl = httpUrl;
        engine.registeredAtMs = nowMs;
        engine.lastReportMs = nowMs;
        engine.clearReport();
        return DirectoryCode.OK;
    }

    /**
     * @return whether the text is what an endpoint may be: printable ASCII, at most 256 characters (it goes back out
     * in tables, snapshots and redirects, newline-separated in some).
     */
    static boolean isEndpoint(final String text)
    {
        if (text.length() > MAX_ENDPOINT_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c < 0x21 || c > 0x7E)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * An engine's report, in a buffer bounded by its length: its load and rooms replace what it said before.
     *
     * @return OK, NOT_REGISTERED (unknown, gone, or another instance: register again) or BAD_REQUEST (a report that
     * does not decode within its length, or a room id of another engine).
     */
    DirectoryCode report(final DirectBuffer incoming, final int length, final long clusterSessionId, final long nowMs)
    {
        final EngineReportDecoder report;
        final int engineId;
        final long instanceId;
        int players;
        int sessions;
        long roomsCreated;
        int rooms = 0;
        try
        {
            headerDecoder.wrap(incoming, 0);
            report = reportDecoder.wrap(
                incoming, MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
            engineId = report.engineId();
            instanceId = report.instanceId();
            report.reportSequence();
            players = report.players();
            sessions = report.sessions();
            roomsCreated = report.roomsCreated();
            for (final EngineReportDecoder.RoomsDecoder room : report.rooms())
            {
                if (RoomIds.engineOf(room.roomId()) != engineId)
                {
                    return DirectoryCode.BAD_REQUEST;
                }
                room.playerCount();
                room.maxPlayers();
                room.privateRoom();
                room.skipGame();
                room.skipMetadata();
                rooms++;
            }
            if (report.limit() > length)
            {
                return DirectoryCode.BAD_REQUEST;
            }
        }
        catch (final IndexOutOfBoundsException | IllegalStateException | IllegalArgumentException ex)
        {
            return DirectoryCode.BAD_REQUEST;
        }

        final EngineRecord engine = engine(engineId);
        if (null == engine || !engine.isAlive() || engine.instanceId != instanceId)
        {
            return DirectoryCode.NOT_REGISTERED;
        }
        engine.clusterSessionId = clusterSessionId;
        engine.lastReport.putBytes(0, incoming, 0, length);
        engine.lastReportLength = length;
        engine.lastReportMs = nowMs;
        engine.reports++;
        engine.players = Math.max(0, players);
        engine.sessions = Math.max(0, sessions);
        engine.rooms = rooms;
        // a room placed here is counted in players only once its creator is in it: until its report shows the room
        // made, its seats stay reserved (a report coming before the creator would otherwise hand the same headroom
        // to the next placement)
        engine.settleReservations(Math.max(0, roomsCreated - engine.roomsCreated), nowMs, RESERVATION_TTL_MS);
        engine.roomsCreated = Math.max(0, roomsCreated); // as a snapshot restores it: from the last report alone
        return DirectoryCode.OK;
    }

    /**
     * Place a room: the live engine of most headroom (the lowest id among equals), which then holds {@code seats}
     * more until it next reports.
     *
     * @return the engine, or null when the asker is not registered or no live engine has headroom.
     */
    EngineRecord place(final int askingEngineId, final int seats, final long nowMs)
    {
        final EngineRecord asking = engine(askingEngineId);
        if (null == asking || !asking.isAlive() || seats > MAX_SEATS)
        {
            return null;
        }
        EngineRecord best = null;
        for (int i = 0; i < engines.size(); i++)
        {
            final EngineRecord engine = engines.get(i);
            if (engine.isAlive() && engine.headroom() > 0 && (null == best || engine.headroom() > best.headroom()))
            {
                best = engine;
            }
        }
        if (null != best)
        {
            best.reservedSeats += seats > 0 ? seats : DEFAULT_SEATS;
            best.reservedRooms++;
            best.lastPlacementMs = nowMs;
            placements++;
        }
        return best;
    }

    /**
     * Mark gone every live engine silent for longer than {@code goneAfterMs}: its rooms are unlisted and nothing is
     * placed on it or routed to it until it registers again.
     *
     * @return engines marked gone.
     */
    int sweep(final long nowMs, final long goneAfterMs)
    {
        int marked = 0;
        for (int i = 0; i < engines.size(); i++)
        {
            final EngineRecord engine = engines.get(i);
            if (engine.isAlive() && nowMs - engine.lastReportMs > goneAfterMs)
            {
                markGone(engine);
                marked++;
            }
            else if (engine.isAlive())
            {
                engine.settleReservations(0, nowMs, RESERVATION_TTL_MS);
            }
        }
        return marked;
    }

    /**
     * A new leadership term began at {@code nowMs}: no live engine counts as silent for the time before it.
     */
    void restartSilence(final long nowMs)
    {
        for (int i = 0; i < engines.size(); i++)
        {
            final EngineRecord engine = engines.get(i);
            if (engine.isAlive())
            {
                engine.lastReportMs = Math.max(engine.lastReportMs, nowMs);
            }
        }
    }

    /**
     * An engine's cluster session closed (it shut down, or the cluster timed it out): it is gone now.
     *
     * @return the engine marked gone, or null when no live engine reported on that session.
     */
    EngineRecord sessionClosed(final long clusterSessionId)
    {
        for (int i = 0; i < engines.size(); i++)
        {
            final EngineRecord engine = engines.get(i);
            if (engine.isAlive() && engine.clusterSessionId == clusterSessionId)
            {
                markGone(engine);
                return engine;
            }
        }
        return null;
    }

    private void markGone(final EngineRecord engine)
    {
        engine.state = EngineState.GONE;
        engine.clearReport();
        enginesGone++;
    }

    boolean anyAlive()
    {
        for (int i = 0; i < engines.size(); i++)
        {
            if (engines.get(i).isAlive())
            {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ reading

    EngineRecord engine(final int engineId)
    {
        final int index = indexOf(engineId);
        return index >= 0 ? engines.get(index) : null;
    }

    List<EngineRecord> engines()
    {
        return engines;
    }

    EngineReportDecoder wrapReport(final EngineRecord engine)
    {
        return engine.wrapReport(headerDecoder, reportDecoder);
    }

    long placements()
    {
        return placements;
    }

    long enginesGone()
    {
        return enginesGone;
    }

    long sweepDeadlineMs()
    {
        return sweepDeadlineMs;
    }

    void sweepDeadlineMs(final long sweepDeadlineMs)
    {
        this.sweepDeadlineMs = sweepDeadlineMs;
    }

    int roomCount()
    {
        int rooms = 0;
        for (int i = 0; i < engines.size(); i++)
        {
            rooms += engines.get(i).rooms;
        }
        return rooms;
    }

    /**
     * A digest of the whole state, for checking that members agree (each member's /metrics shows it).
     */
    long stateHash()
    {
        long hash = 17;
        hash = hash * 31 + placements;
        hash = hash * 31 + enginesGone;
        hash = hash * 31 + sweepDeadlineMs;
        for (int i = 0; i < engines.size(); i++)
        {
            final EngineRecord e = engines.get(i);
            hash = hash * 31 + e.engineId;
            hash = hash * 31 + e.instanceId;
            hash = hash * 31 + e.clusterSessionId;
            hash = hash * 31 + e.capacityPlayers;
            hash = hash * 31 + e.registeredAtMs;
            hash = hash * 31 + e.aeronEndpoint.hashCode();
            hash = hash * 31 + e.webSocketUrl.hashCode();
            hash = hash * 31 + e.httpUrl.hashCode();
            hash = hash * 31 + e.state.value();
            hash = hash * 31 + e.reservedSeats;
            hash = hash * 31 + e.reservedRooms;
            hash = hash * 31 + e.lastPlacementMs;
            hash = hash * 31 + e.roomsCreated;
            hash = hash * 31 + e.lastReportMs;
            hash = hash * 31 + e.reports;
            for (int b = 0; b < e.lastReportLength; b++)
            {
                hash = hash * 31 + e.lastReport.getByte(b);
            }
        }
        return hash;
    }

    // ------------------------------------------------------------------ snapshot

    int writeSnapshot(final DirectorySnapshotEncoder snapshot)
    {
        snapshot.placements(placements).enginesGone(enginesGone).sweepDeadlineMs(sweepDeadlineMs);
        final DirectorySnapshotEncoder.EnginesEncoder group = snapshot.enginesCount(engines.size());
        for (int i = 0; i < engines.size(); i++)
        {
            final EngineRecord e = engines.get(i);
            group.next().engineId(e.engineId).instanceId(e.instanceId).state(e.state)
                .capacityPlayers(e.capacityPlayers).reservedSeats(e.reservedSeats).registeredAtMs(e.registeredAtMs)
                .lastReportMs(e.lastReportMs).reports(e.reports).clusterSessionId(e.clusterSessionId)
                .reservedRooms(e.reservedRooms).lastPlacementMs(e.lastPlacementMs)
                .aeronEndpoint(e.aeronEndpoint).webSocketUrl(e.webSocketUrl).httpUrl(e.httpUrl)
                .putLastReport(e.lastReport, 0, e.lastReportLength);
        }
        return snapshot.encodedLength();
    }

    void readSnapshot(final DirectorySnapshotDecoder snapshot)
    {
        engines.clear();
        placements = snapshot.placements();
        enginesGone = snapshot.enginesGone();
        sweepDeadlineMs = snapshot.sweepDeadlineMs();
        for (final DirectorySnapshotDecoder.EnginesDecoder e : snapshot.engines())
        {
            final EngineRecord engine = new EngineRecord(e.engineId());
            engine.instanceId = e.instanceId();
            engine.state = e.state();
            engine.capacityPlayers = e.capacityPlayers();
            final int reservedSeats = e.reservedSeats();
            engine.registeredAtMs = e.registeredAtMs();
            engine.lastReportMs = e.lastReportMs();
            engine.reports = e.reports();
            engine.clusterSessionId = e.clusterSessionId();
            final int reservedRooms = e.reservedRooms();
            final long lastPlacementMs = e.lastPlacementMs();
            engine.aeronEndpoint = e.aeronEndpoint();
            engine.webSocketUrl = e.webSocketUrl();
            engine.httpUrl = e.httpUrl();
            final int reportLength = e.lastReportLength();
            e.getLastReport(engine.lastReport, 0, reportLength);
            engine.lastReportLength = reportLength;
            if (reportLength > 0)
            {
                final EngineReportDecoder report = engine.wrapReport(headerDecoder, reportDecoder);
                report.engineId();
                report.instanceId();
                report.reportSequence();
                engine.players = Math.max(0, report.players());
                engine.sessions = Math.max(0, report.sessions());
                engine.roomsCreated = Math.max(0, report.roomsCreated());
                engine.rooms = report.rooms().count();
            }
            engine.reservedSeats = reservedSeats;
            engine.reservedRooms = reservedRooms;
            engine.lastPlacementMs = lastPlacementMs;
            engines.add(engine);
        }
    }

    // ------------------------------------------------------------------ listing

    /**
     * The public rooms of the live engines, by engine id then as reported.
     */
    List<ListedRoom> listedRooms()
    {
        final List<ListedRoom> rooms = new ArrayList<>();
        for (int i = 0; i < engines.size(); i++)
        {
            final EngineRecord engine = engines.get(i);
            final EngineReportDecoder report = engine.isAlive() ? wrapReport(engine) : null;
            if (null == report)
            {
                continue;
            }
            report.engineId();
            report.instanceId();
            report.reportSequence();
            report.players();
            report.sessions();
            report.roomsCreated();
            for (final EngineReportDecoder.RoomsDecoder room : report.rooms())
            {
                final long roomId = room.roomId();
                final int players = room.playerCount();
                final int maxPlayers = room.maxPlayers();
                final boolean privateRoom = BooleanType.TRUE == room.privateRoom();
                final String game = room.game();
                final String metadata = room.metadata();
                if (!privateRoom)
                {
                    rooms.add(new ListedRoom(roomId, engine.engineId, game, players, maxPlayers, metadata));
                }
            }
        }
        return rooms;
    }

    /**
     * One listed room.
     */
    record ListedRoom(long roomId, int engineId, String game, int players, int maxPlayers, String metadata)
    {
    }

    private int indexOf(final int engineId)
    {
        int low = 0;
        int high = engines.size() - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int id = engines.get(mid).engineId;
            if (id < engineId)
            {
                low = mid + 1;
            }
            else if (id > engineId)
            {
                high = mid - 1;
            }
            else
            {
                return mid;
            }
        }
        return -(low + 1);
    }

    private int insertionPoint(final int engineId)
    {
        return -(indexOf(engineId) + 1);
    }
}
