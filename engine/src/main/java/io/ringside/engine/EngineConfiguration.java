package io.ringside.engine;

import org.agrona.SystemUtil;

import io.ringside.engine.game.GameRegistry;
import io.ringside.journal.JournalContext;

import java.io.File;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Every engine setting as a system property name, a default and an accessor that reads the property, in the manner
 * of Aeron's {@code Configuration}. Durations accept units ({@code 16ms}, {@code 10s}); sizes accept {@code k},
 * {@code m}, {@code g}. A properties file or command-line flags set the same properties.
 * <p>
 * The engine's one configuration pattern, as Aeron's: a {@code Configuration} names each property and its default;
 * a {@code Context} ({@link EngineContext}, {@code TransportContext}, {@code IngressContext}, {@code JournalContext},
 * and the {@code LogicContext} the engine context concludes for the logic thread) holds the values one component
 * is started with, read from here by default, set fluently, and checked once; setting names carry their unit
 * ({@code Ns}, {@code Ms}, {@code Bytes}, {@code Hz}, {@code PerSecond}) unless a count's noun is the unit. A
 * game's own rules are its {@code Settings} ({@code RoomSettings}, {@code ArenaSettings}, {@code
 * simulationSettings()}), part of the game API, not of the engine's configuration.
 */
public final class EngineConfiguration
{
    /**
     * Profile: {@code default} (threads that block or park when idle, fit for a small shared machine) or
     * {@code low-latency} (busy spin everywhere, for dedicated cores).
     */
    public static final String PROFILE_PROP_NAME = "ringside.profile";
    public static final String PROFILE_DEFAULT = "default";
    public static final String PROFILE_LOW_LATENCY = "low-latency";

    /**
     * Ring size in events, a power of two. Default: about a second of peak input for 2,000 players at 60 inputs/s.
     */
    public static final String RING_SIZE_PROP_NAME = "ringside.ring.size";
    public static final int RING_SIZE_DEFAULT = 128 * 1024;

    /**
     * Ring wait strategy: {@code blocking-backoff} (the default profile's), {@code sleeping}, {@code yielding},
     * {@code blocking}, {@code phased}, {@code busy-spin} (the low-latency profile's); the profile decides when unset.
     */
    public static final String WAIT_STRATEGY_PROP_NAME = "ringside.ring.wait.strategy";

    /**
     * Simulation ticks per second. 20, 30, 60, 64 and 128 are tested.
     */
    public static final String TICK_RATE_PROP_NAME = "ringside.tick.rate";
    public static final int TICK_RATE_DEFAULT = 60;

    /**
     * Capacity of the log that carries the logic thread's output downstream, a power of two.
     */
    public static final String OUTPUT_LOG_CAPACITY_PROP_NAME = "ringside.output.log.capacity";
    public static final int OUTPUT_LOG_CAPACITY_DEFAULT = 64 * 1024 * 1024;

    /**
     * A session that sends nothing for this long is disconnected with TIMED_OUT (its seat is then held).
     */
    public static final String SESSION_TIMEOUT_PROP_NAME = "ringside.session.timeout";
    public static final long SESSION_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * How long a lost session's seat and state are held for a Reconnect.
     */
    public static final String RECONNECT_GRACE_PROP_NAME = "ringside.session.reconnect.grace";
    public static final long RECONNECT_GRACE_DEFAULT_NS = TimeUnit.SECONDS.toNanos(30);

    /**
     * How long an empty room stays open before it is closed.
     */
    public static final String ROOM_CLOSE_GRACE_PROP_NAME = "ringside.room.close.grace";
    public static final long ROOM_CLOSE_GRACE_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Most sessions the engine holds at once (active and held).
     */
    public static final String MAX_SESSIONS_PROP_NAME = "ringside.session.max";
    public static final int MAX_SESSIONS_DEFAULT = 10_000;

    /**
     * Most entities in one snapshot (at most 256, the protocol's cap); the nearest are kept.
     */
    public static final String MAX_SNAPSHOT_ENTITIES_PROP_NAME = "ringside.snapshot.max.entities";
    public static final int MAX_SNAPSHOT_ENTITIES_DEFAULT = 128;

    /**
     * Rooms with at most this many seats are encoded once per tick and broadcast on a room stream every member reads
     * (every entity of the room, no interest management); bigger rooms keep per-client views. 0: no room streams.
     */
    public static final String ROOM_STREAM_MAX_SEATS_PROP_NAME = "ringside.room.stream.max.seats";
    public static final int ROOM_STREAM_MAX_SEATS_DEFAULT = 128;

    /**
     * Every how many room stream messages one is a FULL keyframe (one is also sent whenever a member joins), so that
     * a member that lost one resynchronises within this many room ticks.
     */
    public static final String ROOM_STREAM_KEYFRAME_INTERVAL_PROP_NAME = "ringside.room.stream.keyframe.interval";
    public static final int ROOM_STREAM_KEYFRAME_INTERVAL_DEFAULT = 60;

    /**
     * Most entities in one RoomSnapshot (at most 1,024, the protocol's cap); must fit, with every member's
     * acknowledgement, in a message of the room stream's term length / 8.
     */
    public static final String ROOM_STREAM_MAX_ENTITIES_PROP_NAME = "ringside.room.stream.max.entities";
    public static final int ROOM_STREAM_MAX_ENTITIES_DEFAULT = 512;

    /**
     * How many egress threads share the clients (each owns the sessions whose id modulo this is its index): per-client
     * interest views, encoding and reliable delivery spread over them. Room streams stay on the first. One is right
     * on a machine with few cores, where a second egress thread only competes with the others.
     */
    public static final String EGRESS_THREADS_PROP_NAME = "ringside.egress.threads";
    public static final int EGRESS_THREADS_DEFAULT = 1;

    /**
     * Bytes of reliable messages queued per client while its transport pushes back; past it, SLOW_CONSUMER.
     */
    public static final String RELIABLE_QUEUE_CAPACITY_PROP_NAME = "ringside.egress.reliable.queue.capacity";
    public static final int RELIABLE_QUEUE_CAPACITY_DEFAULT = 64 * 1024;

    /**
     * How long a client may take no snapshot at all (every one skipped) before it is disconnected as a slow consumer.
     */
    public static final String SLOW_CONSUMER_AFTER_PROP_NAME = "ringside.egress.slow.consumer.after";
    public static final long SLOW_CONSUMER_AFTER_DEFAULT_NS = TimeUnit.SECONDS.toNanos(5);

    /**
     * How often the state of connected players is written for the journal.
     */
    public static final String PLAYER_STATE_INTERVAL_PROP_NAME = "ringside.player.state.interval";
    public static final long PLAYER_STATE_INTERVAL_DEFAULT_NS = TimeUnit.SECONDS.toNanos(1);

    /**
     * The journal's SQLite file; {@code none} runs without persistence. Relative paths are from the working directory.
     */
    public static final String JOURNAL_PATH_PROP_NAME = "ringside.journal.path";
    public static final String JOURNAL_PATH_DEFAULT = "data/ringside.db";

    /**
     * {@code normal} (WAL: a commit survives a process crash) or {@code full} (it also survives power loss).
     */
    public static final String JOURNAL_SYNC_PROP_NAME = "ringside.journal.sync";
    public static final String JOURNAL_SYNC_DEFAULT = "normal";

    /**
     * Most rows in one journal transaction; a batch commits at the end of a Disruptor batch or at this cap.
     */
    public static final String JOURNAL_BATCH_ROWS_PROP_NAME = "ringside.journal.batch.rows";
    public static final int JOURNAL_BATCH_ROWS_DEFAULT = 1000;

    /**
     * Longest a journal transaction stays open.
     */
    public static final String JOURNAL_BATCH_TIME_PROP_NAME = "ringside.journal.batch.time";
    public static final long JOURNAL_BATCH_TIME_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(10);

    /**
     * Shortest time a journal transaction is open before the end of a ring batch commits it (group commit).
     */
    public static final String JOURNAL_BATCH_MIN_TIME_PROP_NAME = "ringside.journal.batch.min.time";
    public static final long JOURNAL_BATCH_MIN_TIME_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(2);

    /**
     * Longest a journal transaction holding nothing but ticks stays open: what a crash of an engine with nobody
     * playing can lose of its clock.
     */
    public static final String JOURNAL_TICK_ONLY_COMMIT_PROP_NAME = "ringside.journal.tick.only.commit";
    public static final long JOURNAL_TICK_ONLY_COMMIT_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(250);

    /**
     * How often an engine snapshot is written (rounded to ticks); 0 for never.
     */
    public static final String SNAPSHOT_INTERVAL_PROP_NAME = "ringside.journal.snapshot.interval";
    public static final long SNAPSHOT_INTERVAL_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Delete journal blocks wholly at or before each engine snapshot once it is written.
     */
    public static final String JOURNAL_PRUNE_PROP_NAME = "ringside.journal.prune";

    /**
     * Port of the HTTP health and metrics endpoint; 0 (the default) leaves it off.
     */
    public static final String METRICS_PORT_PROP_NAME = "ringside.metrics.port";

    /**
     * Address the metrics endpoint binds to; loopback unless told otherwise.
     */
    public static final String METRICS_HOST_PROP_NAME = "ringside.metrics.host";
    public static final String METRICS_HOST_DEFAULT = "127.0.0.1";

    /**
     * The WebSocket endpoint's TCP port (each binary frame one protocol message); 0, the default, for none.
     */
    public static final String WS_PORT_PROP_NAME = "ringside.ws.port";

    /**
     * The address the WebSocket endpoint binds: loopback unless told otherwise.
     */
    public static final String WS_HOST_PROP_NAME = "ringside.ws.host";
    public static final String WS_HOST_DEFAULT = "127.0.0.1";

    /**
     * Browser Origins allowed to open WebSockets besides the endpoint's own (comma separated, as
     * {@code https://game.example:443}); none by default.
     */
    public static final String WS_ORIGINS_PROP_NAME = "ringside.ws.origins";

    /**
     * WebSocket connections one source address may hold at once.
     */
    public static final String WS_MAX_CONNECTIONS_PER_ADDRESS_PROP_NAME = "ringside.ws.max.connections.per.address";

    /**
     * How long a WebSocket connection may take to finish its upgrade before it is closed (a slow or half-open one),
     * e.g. {@code 10s}.
     */
    public static final String WS_HANDSHAKE_TIMEOUT_PROP_NAME = "ringside.ws.handshake.timeout";
    public static final long WS_HANDSHAKE_TIMEOUT_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);
    public static final int WS_MAX_CONNECTIONS_PER_ADDRESS_DEFAULT = 64;

    /**
     * The directory this engine joins: every member's ingress {@code host:port}, comma separated, in member order
     * (unset: a stand-alone engine). With it, {@link #ENGINE_ID_PROP_NAME} and a ticket secret are required.
     */
    public static final String CLUSTER_DIRECTORY_PROP_NAME = "ringside.cluster.directory";

    /**
     * This engine's id behind a directory, 1..1048575, unique among the engines; its rooms' ids carry it.
     */
    public static final String ENGINE_ID_PROP_NAME = "ringside.engine.id";

    /**
     * Players this engine is sized for: the directory places rooms by what is left of it.
     */
    public static final String ENGINE_CAPACITY_PROP_NAME = "ringside.engine.capacity.players";
    public static final int ENGINE_CAPACITY_DEFAULT = 1000;

    /**
     * The secret the engines behind one directory sign join tickets with; {@code RINGSIDE_CLUSTER_SECRET} in the
     * environment when the property is not set.
     */
    public static final String CLUSTER_SECRET_PROP_NAME = "ringside.cluster.secret";
    public static final String CLUSTER_SECRET_ENV_NAME = "RINGSIDE_CLUSTER_SECRET";

    /**
     * What clients of other engines are sent to: this engine's Aeron channel (default: its UDP ingress channel) and
     * WebSocket URL (default: {@code ws://<ws host>:<ws port>/ws} when the endpoint is on); {@code none} for none.
     */
    public static final String PUBLIC_AERON_PROP_NAME = "ringside.public.aeron";
    public static final String PUBLIC_WS_PROP_NAME = "ringside.public.ws";

    /**
     * How often the engine reports its load and rooms to the directory, e.g. {@code 500ms}.
     */
    public static final String DIRECTORY_REPORT_INTERVAL_PROP_NAME = "ringside.directory.report.interval";
    public static final long DIRECTORY_REPORT_INTERVAL_DEFAULT_NS = TimeUnit.MILLISECONDS.toNanos(500);

    /**
     * How long a join ticket this engine issues is good for, e.g. {@code 10s}.
     */
    public static final String TICKET_TTL_PROP_NAME = "ringside.cluster.ticket.ttl";
    public static final long TICKET_TTL_DEFAULT_NS = TimeUnit.SECONDS.toNanos(10);

    /**
     * Where the directory's answers come to this engine (a UDP channel with port 0 on an address the members reach).
     */
    public static final String DIRECTORY_EGRESS_PROP_NAME = "ringside.directory.egress";

    /**
     * The HA cluster's members' ingress {@code host:port}, comma separated, in member order: the engine is the
     * gateway of HA rooms (unset: rooms with {@code ha=true} are refused).
     */
    public static final String HA_CLUSTER_PROP_NAME = "ringside.ha.cluster";

    /**
     * Where the HA cluster's answers and frames come to this engine.
     */
    public static final String HA_EGRESS_PROP_NAME = "ringside.ha.egress";
    public static final String DIRECTORY_EGRESS_DEFAULT = "aeron:udp?endpoint=localhost:0";

    /**
     * How clients prove who they are: {@code none} (player ids from names, loopback unless allowed) or {@code hmac}
     * (signed tokens, see {@code TokenTool}).
     */
    public static final String AUTH_MODE_PROP_NAME = "ringside.auth.mode";
    public static final String AUTH_MODE_DEFAULT = "none";

    /**
     * The HMAC secret; {@code RINGSIDE_AUTH_SECRET} in the environment when the property is not set.
     */
    public static final String AUTH_SECRET_PROP_NAME = "ringside.auth.secret";
    public static final String AUTH_SECRET_ENV_NAME = "RINGSIDE_AUTH_SECRET";

    /**
     * Whether auth none is accepted from beyond loopback.
     */
    public static final String AUTH_NONE_REMOTE_PROP_NAME = "ringside.auth.none.remote";

    /**
     * Messages per second each session may send (a token bucket's rate), and the bucket's size.
     */
    public static final String INPUT_RATE_PROP_NAME = "ringside.ingress.input.rate";
    public static final double INPUT_RATE_DEFAULT_PER_SECOND = 240;
    public static final String INPUT_BURST_PROP_NAME = "ringside.ingress.input.burst";
    public static final double INPUT_BURST_DEFAULT_MESSAGES = 120;

    /**
     * Sessions one source host may hold at once.
     */
    public static final String MAX_SESSIONS_PER_ADDRESS_PROP_NAME = "ringside.ingress.max.sessions.per.address";
    public static final int MAX_SESSIONS_PER_ADDRESS_DEFAULT = 4096;

    /**
     * Whether {@code POST /api/v1/rooms} on the metrics endpoint creates rooms (off by default; without tokens only
     * on a loopback address).
     */
    public static final String HTTP_ROOM_CREATION_PROP_NAME = "ringside.http.rooms.create";

    /**
     * The games to host, by name, comma separated; unset or empty: every game found (see {@link #GAME_PATH_PROP_NAME}).
     */
    public static final String GAMES_PROP_NAME = "ringside.games";

    /**
     * Jars or directories with more games (each listing its {@code Game} classes in
     * {@code META-INF/services/io.ringside.engine.game.Game}), separated by the platform's path separator; the
     * built-in games are always found.
     */
    public static final String GAME_PATH_PROP_NAME = "ringside.game.path";

    private EngineConfiguration()
    {
    }

    /**
     * @return the games the properties ask for, found on the class path and on {@link #GAME_PATH_PROP_NAME}.
     */
    public static GameRegistry games()
    {
        final String path = System.getProperty(GAME_PATH_PROP_NAME, "");
        ClassLoader loader = EngineConfiguration.class.getClassLoader();
        if (!path.isBlank())
        {
            final List<URL> urls = new ArrayList<>();
            for (final String entry : path.split(File.pathSeparator))
            {
                if (entry.isBlank())
                {
                    continue;
                }
                final File file = new File(entry.trim());
                if (!file.exists())
                {
                    throw new IllegalArgumentException(GAME_PATH_PROP_NAME + ": no such jar or directory: " + file);
                }
                try
                {
                    urls.add(file.toURI().toURL());
                }
                catch (final MalformedURLException ex)
                {
                    throw new IllegalArgumentException(GAME_PATH_PROP_NAME + ": " + ex.getMessage(), ex);
                }
            }
            loader = new URLClassLoader("ringside-games", urls.toArray(new URL[0]), loader);
        }
        final List<String> names = new ArrayList<>();
        for (final String name : System.getProperty(GAMES_PROP_NAME, "").split(","))
        {
            if (!name.isBlank())
            {
                names.add(name.trim());
            }
        }
        return GameRegistry.discover(loader, names);
    }

    public static int metricsPort()
    {
        return Integer.getInteger(METRICS_PORT_PROP_NAME, 0);
    }

    /**
     * @return the WebSocket endpoint's context from the properties, or null when its port is 0 (off).
     */
    public static io.ringside.engine.websocket.WebSocketContext webSocket()
    {
        final int port = Integer.getInteger(WS_PORT_PROP_NAME, 0);
        if (port <= 0)
        {
            return null;
        }
        final List<String> origins = new ArrayList<>();
        for (final String origin : System.getProperty(WS_ORIGINS_PROP_NAME, "").split(","))
        {
            if (!origin.isBlank())
            {
                origins.add(origin.trim());
            }
        }
        return new io.ringside.engine.websocket.WebSocketContext()
            .port(port)
            .host(System.getProperty(WS_HOST_PROP_NAME, WS_HOST_DEFAULT))
            .allowedOrigins(origins)
            .maxConnectionsPerAddress(
                Integer.getInteger(WS_MAX_CONNECTIONS_PER_ADDRESS_PROP_NAME, WS_MAX_CONNECTIONS_PER_ADDRESS_DEFAULT))
            .handshakeTimeoutNs(
                SystemUtil.getDurationInNanos(WS_HANDSHAKE_TIMEOUT_PROP_NAME, WS_HANDSHAKE_TIMEOUT_DEFAULT_NS));
    }

    /**
     * @param ingressChannel the engine's UDP ingress channel (the default public Aeron endpoint).
     * @param webSocket      the WebSocket endpoint's context, or null.
     * @return the engine's place behind a directory, or null for a stand-alone engine.
     */
    public static io.ringside.engine.directory.DirectoryContext directory(
        final String ingressChannel, final io.ringside.engine.websocket.WebSocketContext webSocket)
    {
        final String endpoints = System.getProperty(CLUSTER_DIRECTORY_PROP_NAME);
        if (null == endpoints || endpoints.isBlank())
        {
            return null;
        }
        final String aeron = System.getProperty(PUBLIC_AERON_PROP_NAME, ingressChannel);
        final String ws = System.getProperty(PUBLIC_WS_PROP_NAME, null == webSocket ? "" :
            "ws://" + webSocket.host() + ":" + webSocket.port() + io.ringside.engine.websocket.WebSocketGateway.PATH);
        return new io.ringside.engine.directory.DirectoryContext()
            .directoryEndpoints(endpoints)
            .engineId(Integer.getInteger(ENGINE_ID_PROP_NAME, 0))
            .capacityPlayers(Integer.getInteger(ENGINE_CAPACITY_PROP_NAME, ENGINE_CAPACITY_DEFAULT))
            .ticketSecret(System.getProperty(CLUSTER_SECRET_PROP_NAME, System.getenv(CLUSTER_SECRET_ENV_NAME)))
            .publicAeronEndpoint("none".equals(aeron) ? "" : aeron)
            .publicWebSocketUrl("none".equals(ws) ? "" : ws)
            .publicHttpUrl(metricsPort() > 0 ? "http://" + metricsHost() + ":" + metricsPort() : "")
            .egressChannel(System.getProperty(DIRECTORY_EGRESS_PROP_NAME, DIRECTORY_EGRESS_DEFAULT))
            .reportIntervalNs(SystemUtil.getDurationInNanos(
                DIRECTORY_REPORT_INTERVAL_PROP_NAME, DIRECTORY_REPORT_INTERVAL_DEFAULT_NS))
            .ticketTtlMs(TimeUnit.NANOSECONDS.toMillis(
                SystemUtil.getDurationInNanos(TICKET_TTL_PROP_NAME, TICKET_TTL_DEFAULT_NS)));
    }

    public static String authMode()
    {
        return System.getProperty(AUTH_MODE_PROP_NAME, AUTH_MODE_DEFAULT);
    }

    /**
     * @return the HMAC secret, or null when neither the property nor the environment sets one.
     */
    public static String authSecret()
    {
        return System.getProperty(AUTH_SECRET_PROP_NAME, System.getenv(AUTH_SECRET_ENV_NAME));
    }

    public static boolean authNoneRemote()
    {
        return Boolean.getBoolean(AUTH_NONE_REMOTE_PROP_NAME);
    }

    public static double inputRatePerSecond()
    {
        return Double.parseDouble(System.getProperty(INPUT_RATE_PROP_NAME, String.valueOf(INPUT_RATE_DEFAULT_PER_SECOND)));
    }

    public static double inputBurstMessages()
    {
        return Double.parseDouble(System.getProperty(INPUT_BURST_PROP_NAME, String.valueOf(INPUT_BURST_DEFAULT_MESSAGES)));
    }

    public static int maxSessionsPerAddress()
    {
        return Integer.getInteger(MAX_SESSIONS_PER_ADDRESS_PROP_NAME, MAX_SESSIONS_PER_ADDRESS_DEFAULT);
    }

    public static boolean httpRoomCreation()
    {
        return Boolean.getBoolean(HTTP_ROOM_CREATION_PROP_NAME);
    }

    public static String metricsHost()
    {
        return System.getProperty(METRICS_HOST_PROP_NAME, METRICS_HOST_DEFAULT);
    }

    /**
     * @return the journal settings the properties describe, or null for {@code ringside.journal.path=none}.
     */
    public static JournalContext journalContext()
    {
        final String path = System.getProperty(JOURNAL_PATH_PROP_NAME, JOURNAL_PATH_DEFAULT);
        if ("none".equalsIgnoreCase(path))
        {
            return null;
        }
        final String sync = System.getProperty(JOURNAL_SYNC_PROP_NAME, JOURNAL_SYNC_DEFAULT);
        if (!"normal".equalsIgnoreCase(sync) && !"full".equalsIgnoreCase(sync))
        {
            throw new IllegalArgumentException(JOURNAL_SYNC_PROP_NAME + " must be normal or full: " + sync);
        }
        return new JournalContext()
            .path(Path.of(path))
            .synchronousFull("full".equalsIgnoreCase(sync))
            .pruneBeforeSnapshot(Boolean.getBoolean(JOURNAL_PRUNE_PROP_NAME));
    }

    public static int journalBatchRows()
    {
        return Integer.getInteger(JOURNAL_BATCH_ROWS_PROP_NAME, JOURNAL_BATCH_ROWS_DEFAULT);
    }

    public static long journalBatchTimeNs()
    {
        return SystemUtil.getDurationInNanos(JOURNAL_BATCH_TIME_PROP_NAME, JOURNAL_BATCH_TIME_DEFAULT_NS);
    }

    public static long journalBatchMinTimeNs()
    {
        return SystemUtil.getDurationInNanos(JOURNAL_BATCH_MIN_TIME_PROP_NAME, JOURNAL_BATCH_MIN_TIME_DEFAULT_NS);
    }

    public static long journalTickOnlyCommitNs()
    {
        return SystemUtil.getDurationInNanos(JOURNAL_TICK_ONLY_COMMIT_PROP_NAME, JOURNAL_TICK_ONLY_COMMIT_DEFAULT_NS);
    }

    public static long snapshotIntervalNs()
    {
        return SystemUtil.getDurationInNanos(SNAPSHOT_INTERVAL_PROP_NAME, SNAPSHOT_INTERVAL_DEFAULT_NS);
    }

    public static String profile()
    {
        return System.getProperty(PROFILE_PROP_NAME, PROFILE_DEFAULT);
    }

    public static int ringSize()
    {
        return (int)SystemUtil.getSizeAsLong(RING_SIZE_PROP_NAME, RING_SIZE_DEFAULT);
    }

    public static String waitStrategy()
    {
        return System.getProperty(WAIT_STRATEGY_PROP_NAME);
    }

    public static int tickRateHz()
    {
        return Integer.getInteger(TICK_RATE_PROP_NAME, TICK_RATE_DEFAULT);
    }

    public static int outputLogCapacityBytes()
    {
        return (int)SystemUtil.getSizeAsLong(OUTPUT_LOG_CAPACITY_PROP_NAME, OUTPUT_LOG_CAPACITY_DEFAULT);
    }

    public static long sessionTimeoutNs()
    {
        return SystemUtil.getDurationInNanos(SESSION_TIMEOUT_PROP_NAME, SESSION_TIMEOUT_DEFAULT_NS);
    }

    public static long reconnectGraceNs()
    {
        return SystemUtil.getDurationInNanos(RECONNECT_GRACE_PROP_NAME, RECONNECT_GRACE_DEFAULT_NS);
    }

    public static long roomCloseGraceNs()
    {
        return SystemUtil.getDurationInNanos(ROOM_CLOSE_GRACE_PROP_NAME, ROOM_CLOSE_GRACE_DEFAULT_NS);
    }

    public static int maxSessions()
    {
        return Integer.getInteger(MAX_SESSIONS_PROP_NAME, MAX_SESSIONS_DEFAULT);
    }

    public static int maxSnapshotEntities()
    {
        return Integer.getInteger(MAX_SNAPSHOT_ENTITIES_PROP_NAME, MAX_SNAPSHOT_ENTITIES_DEFAULT);
    }

    public static int egressThreads()
    {
        return Integer.getInteger(EGRESS_THREADS_PROP_NAME, EGRESS_THREADS_DEFAULT);
    }

    public static int roomStreamMaxSeats()
    {
        return Integer.getInteger(ROOM_STREAM_MAX_SEATS_PROP_NAME, ROOM_STREAM_MAX_SEATS_DEFAULT);
    }

    public static int roomStreamKeyframeIntervalMessages()
    {
        return Integer.getInteger(ROOM_STREAM_KEYFRAME_INTERVAL_PROP_NAME, ROOM_STREAM_KEYFRAME_INTERVAL_DEFAULT);
    }

    public static int roomStreamMaxEntities()
    {
        return Integer.getInteger(ROOM_STREAM_MAX_ENTITIES_PROP_NAME, ROOM_STREAM_MAX_ENTITIES_DEFAULT);
    }

    public static int reliableQueueCapacityBytes()
    {
        return (int)SystemUtil.getSizeAsLong(RELIABLE_QUEUE_CAPACITY_PROP_NAME, RELIABLE_QUEUE_CAPACITY_DEFAULT);
    }

    public static long slowConsumerAfterNs()
    {
        return SystemUtil.getDurationInNanos(SLOW_CONSUMER_AFTER_PROP_NAME, SLOW_CONSUMER_AFTER_DEFAULT_NS);
    }

    public static long playerStateIntervalNs()
    {
        return SystemUtil.getDurationInNanos(PLAYER_STATE_INTERVAL_PROP_NAME, PLAYER_STATE_INTERVAL_DEFAULT_NS);
    }
}
