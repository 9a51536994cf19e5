package io.ringside.engine.metrics;

import static io.ringside.engine.metrics.CounterDescriptor.Kind.COUNT;
import static io.ringside.engine.metrics.CounterDescriptor.Kind.GAUGE;

/**
 * Every engine counter, described once (as Aeron's {@code SystemCounterDescriptor} describes the driver's): its id
 * (the counter's key, with {@link EngineCounters#COUNTER_TYPE_ID}), the thread that alone writes it, whether it is a
 * count (only rises) or a gauge, its label (AeronStat shows {@code ringside: <label>}), its Prometheus name and help.
 * {@link #REJECTS} and {@link #INGRESS_INVALID} are families: one counter per error code or validation failure,
 * labelled {@code <label> <VALUE>}, one Prometheus metric with a label.
 */
public enum CounterDescriptor
{
    // ---- written by the logic thread ----
    SESSIONS_OPEN(1, Owner.LOGIC, GAUGE, "sessions open",
        "Sessions held now, active or waiting to resume."),
    ROOMS_OPEN(2, Owner.LOGIC, GAUGE, "rooms open",
        "Rooms open now."),
    SESSIONS_OPENED(3, Owner.LOGIC, COUNT, "sessions opened",
        "Sessions opened by Connect."),
    SESSIONS_RESUMED(4, Owner.LOGIC, COUNT, "sessions resumed",
        "Sessions resumed by Reconnect with their token."),
    SESSIONS_CLOSED(5, Owner.LOGIC, COUNT, "sessions closed",
        "Sessions ended for good."),
    SESSIONS_LOST(6, Owner.LOGIC, COUNT, "sessions lost",
        "Sessions whose transport was lost; their seat is held for the reconnect grace."),
    SESSIONS_TIMED_OUT(7, Owner.LOGIC, COUNT, "sessions timed out",
        "Sessions silent for longer than the session timeout."),
    SESSIONS_KICKED(8, Owner.LOGIC, COUNT, "sessions kicked",
        "Sessions disconnected for abuse."),
    ROOMS_CREATED(9, Owner.LOGIC, COUNT, "rooms created",
        "Rooms created."),
    ROOMS_CLOSED(10, Owner.LOGIC, COUNT, "rooms closed",
        "Rooms closed after standing empty."),
    TICKS(11, Owner.LOGIC, COUNT, "ticks",
        "Simulation ticks applied."),
    FRAMES(12, Owner.LOGIC, COUNT, "frames",
        "Room frames written for egress."),
    FRAMES_TRUNCATED(13, Owner.LOGIC, COUNT, "frames truncated",
        "Room frames that held more entities than the frame cap."),
    INPUTS(14, Owner.LOGIC, COUNT, "inputs",
        "Inputs applied."),
    STALE_INPUTS(15, Owner.LOGIC, COUNT, "stale inputs",
        "Inputs not newer than the last one applied, dropped."),
    TURN_ACTIONS(16, Owner.LOGIC, COUNT, "turn actions",
        "Turn-based actions applied."),
    PINGS(17, Owner.LOGIC, COUNT, "pings",
        "Pings answered."),
    ROOM_JOINS(18, Owner.LOGIC, COUNT, "room joins",
        "Players seated in rooms."),
    ROOM_LEAVES(19, Owner.LOGIC, COUNT, "room leaves",
        "Players who left rooms."),
    GAME_EVENTS(20, Owner.LOGIC, COUNT, "game events",
        "Game events sent to rooms and players."),
    GAME_MESSAGES(83, Owner.LOGIC, COUNT, "game messages",
        "Game-defined messages from clients that their room's game accepted."),
    ROOM_MESSAGES(84, Owner.LOGIC, COUNT, "room messages",
        "Game-defined messages rooms sent: to a player, to a room, or to all but one (each counts once)."),
    ROOM_LISTINGS(85, Owner.LOGIC, COUNT, "room listings",
        "Pages of rooms sent to clients that asked (ListRooms)."),
    WS_CONNECTIONS(86, Owner.GATEWAY, GAUGE, "ws connections",
        "WebSocket connections open now."),
    WS_CONNECTIONS_ACCEPTED(87, Owner.GATEWAY, COUNT, "ws connections accepted",
        "WebSocket upgrades accepted."),
    WS_REFUSED_ORIGIN(88, Owner.GATEWAY, COUNT, "ws refused origin",
        "WebSocket upgrades refused for their Origin (403)."),
    WS_REFUSED_PER_ADDRESS(89, Owner.GATEWAY, COUNT, "ws refused per address",
        "WebSocket upgrades refused: the source address had its most connections (429)."),
    WS_REFUSED_REQUESTS(90, Owner.GATEWAY, COUNT, "ws refused requests",
        "HTTP requests to the WebSocket endpoint that were not an upgrade to its path (404)."),
    WS_FRAMES_RECEIVED(91, Owner.GATEWAY, COUNT, "ws frames received",
        "Binary WebSocket frames handed to ingress (one protocol message each)."),
    WS_FRAMES_REFUSED(92, Owner.GATEWAY, COUNT, "ws frames refused",
        "WebSocket frames refused with the connection: text, fragmented, or over the longest client message (unread)."),
    WS_INBOUND_WAITS(93, Owner.GATEWAY, COUNT, "ws inbound waits",
        "Times a connection's reading paused because the buffer to ingress was full (nothing is dropped)."),
    WS_FRAMES_SENT(94, Owner.GATEWAY, COUNT, "ws frames sent",
        "Binary WebSocket frames written to clients."),
    WS_ROOM_MESSAGES_NOT_FORWARDED(95, Owner.EGRESS, COUNT, "ws room messages not forwarded",
        "Room stream messages a WebSocket member's buffer did not take (the member sees a room sequence gap)."),
    WS_CLOSED_SLOW_OR_IDLE(97, Owner.GATEWAY, COUNT, "ws closed slow or idle",
        "WebSocket connections closed for not finishing the upgrade within the handshake timeout, or for silence."),
    ROOM_WATCHES(99, Owner.LOGIC, COUNT, "room watches",
        "WatchRoom requests granted: sessions that started watching a room without a seat."),
    WS_PAGES_SERVED(98, Owner.GATEWAY, COUNT, "ws pages served",
        "Files of the live arena page served by the WebSocket endpoint (GET beside the upgrade path)."),
    REDIRECTS(100, Owner.LOGIC, COUNT, "redirects",
        "Sessions sent to another engine with a join ticket (Redirect): its room is there, or the directory placed it."),
    TICKETS_ACCEPTED(101, Owner.INGRESS, COUNT, "tickets accepted",
        "Sessions opened with a join ticket from another engine."),
    TICKETS_REFUSED(102, Owner.INGRESS, COUNT, "tickets refused",
        "Join tickets refused (BAD_TICKET): forged, expired, or for another engine."),
    REDIRECT_LOOPS(103, Owner.INGRESS, COUNT, "redirect loops",
        "Requests from a session that arrived by a redirect for a room still elsewhere, refused (REDIRECT_LOOP)."),
    ROOMS_GONE(104, Owner.INGRESS, COUNT, "rooms gone",
        "Requests for a room whose engine the directory marked gone or never knew, refused (ROOM_GONE)."),
    PLACEMENTS_ASKED(105, Owner.INGRESS, COUNT, "placements asked",
        "CreateRooms handed to the directory agent to ask where the room goes."),
    PLACEMENTS_LOCAL(106, Owner.INGRESS, COUNT, "placements local",
        "CreateRooms taken here after asking: placed here, or the directory did not answer in time or had no engine."),
    DIRECTORY_CONNECTED(107, Owner.DIRECTORY, GAUGE, "directory connected",
        "1 while the engine holds a session with the directory cluster."),
    DIRECTORY_REGISTERED(108, Owner.DIRECTORY, GAUGE, "directory registered",
        "1 while the directory holds this engine as registered."),
    DIRECTORY_REGISTRATIONS_REFUSED(109, Owner.DIRECTORY, COUNT, "directory registrations refused",
        "Registrations the directory refused: another live engine holds this engine id (ENGINE_ID_IN_USE)."),
    DIRECTORY_REPORTS(110, Owner.DIRECTORY, COUNT, "directory reports",
        "Load and room reports the directory answered."),
    DIRECTORY_SENDS_FAILED(111, Owner.DIRECTORY, COUNT, "directory sends failed",
        "Requests not sent to the directory: no session, or its ingress pushed back (each is asked again)."),
    DIRECTORY_PLACEMENT_TIMEOUTS(112, Owner.DIRECTORY, COUNT, "directory placement timeouts",
        "Placements the directory did not answer in time (the room is made here)."),
    PLACEMENT_OVERFLOWS(113, Owner.INGRESS, COUNT, "placement overflows",
        "CreateRooms not handed to the directory agent because too many waited (the room is made here)."),
    DIRECTORY_ENGINES_ALIVE(114, Owner.DIRECTORY, GAUGE, "directory engines alive",
        "Engines the directory listed as alive in its last answer, this one included."),
    DIRECTORY_REPORTS_REFUSED(115, Owner.DIRECTORY, COUNT, "directory reports refused",
        "Reports the directory did not take (BAD_REQUEST: a report it cannot read)."),
    DIRECTORY_ROOMS_NOT_REPORTED(116, Owner.DIRECTORY, COUNT, "directory rooms not reported",
        "Rooms left out of a report because the report reached its size cap (they are not listed or found)."),
    DIRECTORY_ANSWERS_UNMATCHED(117, Owner.DIRECTORY, COUNT, "directory answers unmatched",
        "Answers from the directory that matched no request waiting (late after a timeout, an earlier attempt's, or unreadable)."),
    DIRECTORY_SILENT_CLOSES(137, Owner.DIRECTORY, COUNT, "directory silent closes",
        "Directory sessions this engine closed and opened again because the directory had not answered a register or report for longer than a leader change takes (a directory started again forgets its sessions)."),
    HA_CONNECTED(118, Owner.HA_GATEWAY, GAUGE, "ha connected",
        "1 while this engine holds an open gateway with the HA cluster."),
    HA_SENT(119, Owner.HA_GATEWAY, COUNT, "ha sent",
        "Messages sent to the HA cluster: creates, joins, leaves, input batches."),
    HA_NOT_SENT(120, Owner.HA_GATEWAY, COUNT, "ha not sent",
        "Messages not sent to the HA cluster (no leader, no gateway open, ingress pushed back): input batches lost in flight, requests refused SERVER_BUSY."),
    HA_RECEIVED(121, Owner.HA_GATEWAY, COUNT, "ha received",
        "Messages from the HA cluster handed to ingress."),
    HA_RECEIVED_DROPPED(122, Owner.HA_GATEWAY, COUNT, "ha received dropped",
        "Messages from the HA cluster dropped because ingress had not drained the channel (a frame dropped is a declared tick gap)."),
    HA_LEADER_CHANGES(123, Owner.HA_GATEWAY, COUNT, "ha leader changes",
        "New HA cluster leaders the gateway followed."),
    HA_REQUESTS(124, Owner.LOGIC, COUNT, "ha requests",
        "HA room creates and joins handed to the HA cluster."),
    HA_REQUEST_TIMEOUTS(125, Owner.LOGIC, COUNT, "ha request timeouts",
        "HA creates and joins the cluster did not answer in time (the player is told SERVER_BUSY)."),
    HA_INPUTS_FORWARDED(126, Owner.LOGIC, COUNT, "ha inputs forwarded",
        "Player messages put into an HA room's batch."),
    HA_BATCHES(127, Owner.LOGIC, COUNT, "ha batches",
        "Input batches handed to the HA cluster, one per room and tick with inputs."),
    HA_FRAMES(128, Owner.LOGIC, COUNT, "ha frames",
        "HA room frames applied and fanned out."),
    HA_TICK_GAPS(129, Owner.LOGIC, COUNT, "ha tick gaps",
        "TICK_GAP events declared to HA rooms' players (a failover, or frames lost)."),
    HA_TICKS_MISSED(130, Owner.LOGIC, COUNT, "ha ticks missed",
        "Ticks of HA rooms whose frames never reached this engine."),
    HA_CHANNEL_FULL(131, Owner.LOGIC, COUNT, "ha channel full",
        "Messages for the HA cluster not handed to the gateway agent: its channel was full."),
    HA_UNMATCHED(132, Owner.LOGIC, COUNT, "ha unmatched",
        "Messages from the HA cluster for a room or session this engine no longer has (a late join is left again)."),
    HA_LEAVES_DROPPED(134, Owner.HA_GATEWAY, COUNT, "ha leaves dropped",
        "Leaves held for the cluster while it was away, dropped past 4096 held (their seats stay until the gateway's grace ends)."),
    HA_PING_RTT_US(135, Owner.HA_GATEWAY, GAUGE, "ha ping rtt us",
        "Round trip of the gateway's last answered ping through the HA cluster's log and back, in microseconds."),
    HA_SILENT_CLOSES(136, Owner.HA_GATEWAY, COUNT, "ha silent closes",
        "Cluster sessions this gateway closed and opened again because the cluster had not answered a ping for longer than a leader change takes (a cluster started again forgets its sessions)."),
    HA_MESSAGES_TO_RING(133, Owner.INGRESS, COUNT, "ha messages to ring",
        "Messages from the HA cluster put into the ring."),
    WS_FRAMES_AFTER_CLOSE(96, Owner.INGRESS, COUNT, "ws frames after close",
        "WebSocket frames that reached ingress after their connection was reported closed, not handed on."),
    GAME_FAULTS(21, Owner.LOGIC, COUNT, "game faults",
        "Calls into game code that threw: the request taken back, or the room's tick."),
    MESSAGES_FOR_UNKNOWN_SESSIONS(22, Owner.LOGIC, COUNT, "messages for unknown sessions",
        "Messages for a session the logic does not hold."),
    UNKNOWN_EVENTS(23, Owner.LOGIC, COUNT, "unknown events",
        "Ring events of a type the logic does not know."),
    ENGINE_SNAPSHOTS(24, Owner.LOGIC, COUNT, "engine snapshots",
        "Engine snapshots written for the journal."),
    ENGINE_SNAPSHOTS_DEFERRED(25, Owner.LOGIC, COUNT, "engine snapshots deferred",
        "Engine snapshots not taken: the journal still held the last one."),

    // ---- written by the ingress thread ----
    INGRESS_MESSAGES(26, Owner.INGRESS, COUNT, "ingress messages",
        "Messages read from the ingress subscriptions."),
    INGRESS_PUBLISHED(27, Owner.INGRESS, COUNT, "ingress published",
        "Events the ingress agent put in the ring for clients."),
    INGRESS_TICKS(28, Owner.INGRESS, COUNT, "ingress ticks",
        "Ticks the ingress agent put in the ring."),
    TICK_OVERRUNS(29, Owner.INGRESS, COUNT, "tick overruns",
        "Ticks the schedule skipped because the producer fell too far behind."),
    RING_STALLS(30, Owner.INGRESS, COUNT, "ring stalls",
        "Times the ring had no free slot for the producer."),
    RING_FULL_POLLS(31, Owner.INGRESS, COUNT, "ring full polls",
        "Duty cycles that took no input because the ring was full."),
    JOURNAL_PAUSED_POLLS(32, Owner.INGRESS, COUNT, "journal paused polls",
        "Duty cycles that took no client input because the journal could not write."),
    JOURNAL_STATE_CHANGES(33, Owner.INGRESS, COUNT, "journal state changes",
        "Times the server state followed the journal into DEGRADED or back."),
    INGRESS_INVALID_MESSAGES(34, Owner.INGRESS, COUNT, "ingress invalid messages",
        "Messages that failed validation, all reasons."),
    INGRESS_OVERSIZED(35, Owner.INGRESS, COUNT, "ingress oversized",
        "Messages over the size cap or spanning frames, dropped unread."),
    INGRESS_UNKNOWN_SESSIONS(36, Owner.INGRESS, COUNT, "ingress unknown sessions",
        "Messages for a session ingress does not know."),
    INGRESS_SESSION_MISMATCHES(37, Owner.INGRESS, COUNT, "ingress session mismatches",
        "Messages using a session id from another source than its own."),
    INGRESS_RATE_LIMITED(38, Owner.INGRESS, COUNT, "ingress rate limited",
        "Messages over their session's rate."),
    INGRESS_AUTH_FAILED(39, Owner.INGRESS, COUNT, "ingress auth failed",
        "Connects whose credentials failed."),
    INGRESS_AUTH_EXPIRED(40, Owner.INGRESS, COUNT, "ingress auth expired",
        "Connects whose token had expired."),
    INGRESS_NONE_AUTH_REFUSED(41, Owner.INGRESS, COUNT, "ingress none auth refused",
        "Connects refused: the none authenticator beyond loopback."),
    INGRESS_BAD_RESPONSE_CHANNELS(42, Owner.INGRESS, COUNT, "ingress bad response channels",
        "Requests naming a response channel not on the sender's own host."),
    INGRESS_TOO_MANY_SESSIONS_PER_ADDRESS(43, Owner.INGRESS, COUNT, "ingress too many sessions per address",
        "Connects over the per-address session cap."),
    INGRESS_BANNED_SOURCE_MESSAGES(44, Owner.INGRESS, COUNT, "ingress banned source messages",
        "Messages from sources banned for abuse, ignored."),
    INGRESS_KICKS(45, Owner.INGRESS, COUNT, "ingress kicks",
        "Sessions disconnected past the abuse threshold."),
    INGRESS_SOURCES_LOST(46, Owner.INGRESS, COUNT, "ingress sources lost",
        "Client publications that went away after speaking."),
    INGRESS_IMAGES(47, Owner.INGRESS, GAUGE, "ingress images",
        "Client publications connected to the ingress now."),
    INGRESS_IMAGES_LOST(48, Owner.INGRESS, COUNT, "ingress images lost",
        "Client publications that went away, silent ones included."),

    // ---- written by the egress thread ----
    SNAPSHOTS_SENT(49, Owner.EGRESS, COUNT, "snapshots sent",
        "Snapshots delivered."),
    SNAPSHOTS_SKIPPED(50, Owner.EGRESS, COUNT, "snapshots skipped",
        "Snapshots skipped (declared in the next one)."),
    SNAPSHOTS_SKIPPED_FOR_QUEUE(51, Owner.EGRESS, COUNT, "snapshots skipped for queue",
        "Snapshots skipped behind queued reliable messages."),
    FULL_SNAPSHOTS(52, Owner.EGRESS, COUNT, "full snapshots",
        "FULL snapshots delivered."),
    DELTA_SNAPSHOTS(53, Owner.EGRESS, COUNT, "delta snapshots",
        "DELTA snapshots delivered."),
    ENTITIES_SENT(54, Owner.EGRESS, COUNT, "entities sent",
        "Entities carried by delivered snapshots."),
    ENTITIES_OUT_OF_VIEW(55, Owner.EGRESS, COUNT, "entities out of view",
        "Entities left out of snapshots by interest management."),
    RELIABLE_MESSAGES_SENT(56, Owner.EGRESS, COUNT, "reliable messages sent",
        "Reliable messages delivered."),
    RELIABLE_MESSAGES_QUEUED(57, Owner.EGRESS, COUNT, "reliable messages queued",
        "Reliable messages that waited in a client's queue."),
    RELIABLE_MESSAGES_DISCARDED(58, Owner.EGRESS, COUNT, "reliable messages discarded",
        "Reliable messages for clients already gone."),
    SLOW_CONSUMER_DISCONNECTS(59, Owner.EGRESS, COUNT, "slow consumer disconnects",
        "Clients let go as slow consumers."),
    CLIENTS_LOST(60, Owner.EGRESS, COUNT, "clients lost",
        "Client streams egress lost."),
    SENDS_TO_UNKNOWN_SESSIONS(61, Owner.EGRESS, COUNT, "sends to unknown sessions",
        "Messages for sessions egress does not know."),
    EGRESS_BYTES_SENT(62, Owner.EGRESS, COUNT, "egress bytes sent",
        "Bytes offered to clients' streams."),
    EGRESS_NOT_CONNECTED(63, Owner.EGRESS, COUNT, "egress not connected",
        "Offers to streams not connected yet."),
    EGRESS_BACK_PRESSURED(64, Owner.EGRESS, COUNT, "egress back pressured",
        "Offers the transport pushed back."),
    EGRESS_ADMIN_ACTIONS(65, Owner.EGRESS, COUNT, "egress admin actions",
        "Offers retried for an admin action."),
    EGRESS_CLOSED(66, Owner.EGRESS, COUNT, "egress closed",
        "Offers to closed streams."),
    EGRESS_MAX_POSITION_EXCEEDED(67, Owner.EGRESS, COUNT, "egress max position exceeded",
        "Offers past a stream's maximum position."),
    PRODUCER_COMMANDS_DEFERRED(68, Owner.EGRESS, COUNT, "producer commands deferred",
        "Back-channel commands that waited for room in the queue."),
    ROOM_SNAPSHOTS_SENT(78, Owner.EGRESS, COUNT, "room snapshots sent",
        "RoomSnapshots taken by a room stream (one per room tick, read by every member)."),
    ROOM_SNAPSHOTS_SKIPPED(79, Owner.EGRESS, COUNT, "room snapshots skipped",
        "Room ticks a room stream did not take (no reader yet, or full); declared in the next RoomSnapshot."),
    ROOM_KEYFRAMES(80, Owner.EGRESS, COUNT, "room keyframes",
        "FULL RoomSnapshots: at the keyframe interval and when a member joins."),
    ROOM_ENTITIES_LEFT_OUT(81, Owner.EGRESS, COUNT, "room entities left out",
        "Entities of a room frame over the room stream's entity cap, not shown."),
    ROOM_STREAM_BYTES_SENT(82, Owner.EGRESS, COUNT, "room stream bytes sent",
        "Bytes of RoomSnapshots taken by room streams (once per room, not per member)."),

    // ---- written by the journal thread ----
    JOURNAL_BATCHES(69, Owner.JOURNAL, COUNT, "journal batches",
        "Journal transactions committed."),
    JOURNAL_ROWS(70, Owner.JOURNAL, COUNT, "journal rows",
        "Journal event rows committed."),
    JOURNAL_PLAYER_ROWS(71, Owner.JOURNAL, COUNT, "journal player rows",
        "Player-state rows committed."),
    JOURNAL_SNAPSHOTS(72, Owner.JOURNAL, COUNT, "journal snapshots",
        "Engine snapshots committed."),
    JOURNAL_RETRIES(73, Owner.JOURNAL, COUNT, "journal retries",
        "Transient write failures retried."),
    JOURNAL_UNWRITABLE_EPISODES(74, Owner.JOURNAL, COUNT, "journal unwritable episodes",
        "Times the database went from writable to not writable."),
    JOURNAL_WRITABLE(75, Owner.JOURNAL, GAUGE, "journal writable",
        "1 while the journal can write."),

    // ---- families: one counter per ErrorCode / Rejection value ----
    REJECTS(76, Owner.LOGIC, COUNT, "rejects",
        "Requests refused, by error code."),
    INGRESS_INVALID(77, Owner.INGRESS, COUNT, "ingress invalid",
        "Messages that failed validation at ingress, by reason.");


    /**
     * The thread that writes a counter; any thread may read it.
     */
    public enum Owner
    {
        LOGIC, INGRESS, EGRESS, JOURNAL,
        /**
         * The WebSocket endpoint's thread.
         */
        GATEWAY,
        /**
         * The directory agent's thread (only with a directory).
         */
        DIRECTORY,
        /**
         * The HA gateway agent's thread (only with an HA cluster).
         */
        HA_GATEWAY
    }

    /**
     * A count only rises; a gauge is a level that goes up and down.
     */
    public enum Kind
    {
        COUNT, GAUGE
    }

    private final int id;
    private final Owner owner;
    private final Kind kind;
    private final String label;
    private final String help;

    CounterDescriptor(final int id, final Owner owner, final Kind kind, final String label, final String help)
    {
        this.id = id;
        this.owner = owner;
        this.kind = kind;
        this.label = label;
        this.help = help;
    }

    public int id()
    {
        return id;
    }

    public Owner owner()
    {
        return owner;
    }

    public boolean isGauge()
    {
        return GAUGE == kind;
    }

    public String label()
    {
        return label;
    }

    public String help()
    {
        return help;
    }

    public boolean isFamily()
    {
        return REJECTS == this || INGRESS_INVALID == this;
    }

    /**
     * @return the Prometheus metric name: {@code ringside_<label>}, with {@code _total} for a count.
     */
    public String prometheusName()
    {
        return "ringside_" + label.replace(' ', '_') + (isGauge() ? "" : "_total");
    }

    /**
     * @return for a family, the Prometheus label that tells its members apart.
     */
    public String familyLabel()
    {
        return REJECTS == this ? "code" : "reason";
    }
}
