package io.ringside.engine;

import io.ringside.engine.game.arena.ArenaSettings;
import io.ringside.engine.metrics.MetricsEndpoint;
import io.ringside.engine.transport.IngressContext;
import io.ringside.transport.TransportContext;
import io.ringside.transport.auth.Authenticator;
import io.ringside.transport.auth.HmacTokenAuthenticator;
import io.ringside.transport.auth.NoneAuthenticator;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * The engine binary ({@code bin/engine}). Settings come, in increasing precedence, from defaults, a properties file
 * ({@code --config}), and flags; every flag is a shorthand for a system property, and {@code --set name=value} sets
 * any other. SIGINT or SIGTERM shuts it down gracefully (clients told SHUTTING_DOWN, the ring drained, everything
 * closed) and it exits 0.
 */
public final class EngineMain
{
    /**
     * Flags and the property each sets, in the order {@code --help} lists them.
     */
    private static final String[][] FLAGS = {
        { "ingress", TransportContext.INGRESS_CHANNEL_PROP_NAME, "UDP ingress channel (aeron:udp?endpoint=localhost:40123)" },
        { "ingress-ipc", TransportContext.INGRESS_IPC_CHANNEL_PROP_NAME, "IPC ingress channel, or none (aeron:ipc)" },
        { "ingress-stream", TransportContext.INGRESS_STREAM_ID_PROP_NAME, "ingress stream id (1001)" },
        { "aeron-dir", TransportContext.AERON_DIR_PROP_NAME, "use the running media driver of this directory" },
        { "driver-dir", TransportContext.DRIVER_DIR_PROP_NAME, "directory of the embedded media driver" },
        { "egress-term-length", TransportContext.EGRESS_TERM_LENGTH_PROP_NAME, "per-client term length (64k)" },
        { "profile", EngineConfiguration.PROFILE_PROP_NAME, "default | low-latency (busy spin, dedicated threads)" },
        { "driver-threading", TransportContext.DRIVER_THREADING_PROP_NAME,
            "dedicated | shared-network | shared | invoker (run by the ingress agent) (dedicated)" },
        { "tick-rate", EngineConfiguration.TICK_RATE_PROP_NAME, "simulation ticks per second (60)" },
        { "room-stream-max-seats", EngineConfiguration.ROOM_STREAM_MAX_SEATS_PROP_NAME,
            "rooms with at most this many seats are broadcast on a room stream; 0: per-client views only (128)" },
        { "egress-threads", EngineConfiguration.EGRESS_THREADS_PROP_NAME,
            "threads sharing the clients' egress (per-client views, reliable delivery) (1)" },
        { "ring-size", EngineConfiguration.RING_SIZE_PROP_NAME, "ring slots, a power of two (131072)" },
        { "wait-strategy", EngineConfiguration.WAIT_STRATEGY_PROP_NAME, "blocking-backoff | sleeping | yielding | blocking | phased | busy-spin" },
        { "db", EngineConfiguration.JOURNAL_PATH_PROP_NAME, "SQLite journal file, or none (data/ringside.db)" },
        { "db-sync", EngineConfiguration.JOURNAL_SYNC_PROP_NAME, "normal | full (normal)" },
        { "snapshot-interval", EngineConfiguration.SNAPSHOT_INTERVAL_PROP_NAME, "engine snapshot interval (10s)" },
        { "journal-prune", EngineConfiguration.JOURNAL_PRUNE_PROP_NAME, "true to delete journal blocks before snapshots" },
        { "metrics-port", EngineConfiguration.METRICS_PORT_PROP_NAME, "HTTP /health and /metrics port, 0 off (0)" },
        { "metrics-host", EngineConfiguration.METRICS_HOST_PROP_NAME, "address the endpoint binds (127.0.0.1)" },
        { "ws-port", EngineConfiguration.WS_PORT_PROP_NAME,
            "WebSocket endpoint port, each binary frame one protocol message; 0 off (0)" },
        { "ws-host", EngineConfiguration.WS_HOST_PROP_NAME, "address the WebSocket endpoint binds (127.0.0.1)" },
        { "ws-origins", EngineConfiguration.WS_ORIGINS_PROP_NAME,
            "browser Origins allowed besides the endpoint's own, comma separated (none)" },
        { "ws-max-per-address", EngineConfiguration.WS_MAX_CONNECTIONS_PER_ADDRESS_PROP_NAME,
            "WebSocket connections one address may hold (64)" },
        { "ws-handshake-timeout", EngineConfiguration.WS_HANDSHAKE_TIMEOUT_PROP_NAME,
            "time a WebSocket upgrade may take before the connection is closed (10s)" },
        { "http-create-rooms", EngineConfiguration.HTTP_ROOM_CREATION_PROP_NAME,
            "true to let POST /api/v1/rooms create rooms, with the same tokens as Connect (false)" },
        { "max-sessions", EngineConfiguration.MAX_SESSIONS_PROP_NAME, "most sessions at once (10000)" },
        { "session-timeout", EngineConfiguration.SESSION_TIMEOUT_PROP_NAME, "silence before disconnect (10s)" },
        { "reconnect-grace", EngineConfiguration.RECONNECT_GRACE_PROP_NAME, "how long a lost seat is held (30s)" },
        { "max-snapshot-entities", EngineConfiguration.MAX_SNAPSHOT_ENTITIES_PROP_NAME, "entities per snapshot (128)" },
        { "games", EngineConfiguration.GAMES_PROP_NAME, "games to host by name, comma separated (every game found)" },
        { "game-path", EngineConfiguration.GAME_PATH_PROP_NAME, "jars or directories with more games, ':' separated" },
        { "arena-max-players", ArenaSettings.MAX_PLAYERS_PROP_NAME, "seats per arena room (64)" },
        { "arena-view-radius", ArenaSettings.VIEW_RADIUS_PROP_NAME, "arena interest radius in world units (1000)" },
        { "cluster-directory", EngineConfiguration.CLUSTER_DIRECTORY_PROP_NAME,
            "join a directory: its members' host:port, comma separated (none: stand-alone)" },
        { "engine-id", EngineConfiguration.ENGINE_ID_PROP_NAME, "this engine's id behind a directory, 1..1048575" },
        { "engine-capacity", EngineConfiguration.ENGINE_CAPACITY_PROP_NAME,
            "players this engine is sized for; rooms are placed by what is left (1000)" },
        { "cluster-secret", EngineConfiguration.CLUSTER_SECRET_PROP_NAME,
            "join ticket secret shared by the directory's engines (or RINGSIDE_CLUSTER_SECRET)" },
        { "public-aeron", EngineConfiguration.PUBLIC_AERON_PROP_NAME,
            "Aeron channel other engines send clients to (the UDP ingress channel)" },
        { "public-ws", EngineConfiguration.PUBLIC_WS_PROP_NAME,
            "WebSocket URL other engines send clients to (ws://<ws-host>:<ws-port>/ws)" },
        { "directory-report-interval", EngineConfiguration.DIRECTORY_REPORT_INTERVAL_PROP_NAME,
            "how often load and rooms go to the directory (500ms)" },
        { "ticket-ttl", EngineConfiguration.TICKET_TTL_PROP_NAME, "how long a join ticket is good for (10s)" },
        { "directory-egress", EngineConfiguration.DIRECTORY_EGRESS_PROP_NAME,
            "where the directory's answers come (aeron:udp?endpoint=localhost:0)" },
        { "ha-cluster", EngineConfiguration.HA_CLUSTER_PROP_NAME,
            "be the gateway of HA rooms (ha=true) on this cluster: its members' host:port, comma separated" },
        { "ha-egress", EngineConfiguration.HA_EGRESS_PROP_NAME,
            "where the HA cluster's frames come (aeron:udp?endpoint=localhost:0)" },
        { "auth", EngineConfiguration.AUTH_MODE_PROP_NAME, "none | hmac (none)" },
        { "auth-secret", EngineConfiguration.AUTH_SECRET_PROP_NAME, "HMAC secret (or RINGSIDE_AUTH_SECRET)" },
        { "allow-none-auth-remote", EngineConfiguration.AUTH_NONE_REMOTE_PROP_NAME,
            "true to accept auth none beyond loopback" },
        { "input-rate", EngineConfiguration.INPUT_RATE_PROP_NAME, "messages per second per session (240)" },
        { "input-burst", EngineConfiguration.INPUT_BURST_PROP_NAME, "token bucket size per session (120)" },
        { "max-sessions-per-address", EngineConfiguration.MAX_SESSIONS_PER_ADDRESS_PROP_NAME,
            "sessions per source host (4096)" },
    };

    private EngineMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException, IOException
    {
        try
        {
            if (!applyArguments(args))
            {
                printHelp(System.out);
                return;
            }
        }
        catch (final IllegalArgumentException | IOException ex)
        {
            System.err.println(ex.getMessage());
            printHelp(System.err);
            System.exit(2);
        }

        final EngineContext engineContext = new EngineContext()
            .journalContext(EngineConfiguration.journalContext())
            .webSocket(EngineConfiguration.webSocket())
            .haCluster(System.getProperty(EngineConfiguration.HA_CLUSTER_PROP_NAME))
            .haGatewayId(Integer.getInteger(EngineConfiguration.ENGINE_ID_PROP_NAME, 0))
            .haEgressChannel(System.getProperty(EngineConfiguration.HA_EGRESS_PROP_NAME,
                "aeron:udp?endpoint=localhost:0"));
        final TransportContext transportContext = new TransportContext();
        try
        {
            engineContext.directory(
                EngineConfiguration.directory(transportContext.ingressChannel(), engineContext.webSocket()));
            if (null != engineContext.directory())
            {
                engineContext.directory().conclude();
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(2);
        }
        final IngressContext ingressContext = ingressContext();
        final ShutdownSignal signal = new ShutdownSignal();
        int exitStatus = 0;
        try (Engine engine = Engine.launch(engineContext, transportContext, ingressContext))
        {
            final MetricsEndpoint metrics = EngineConfiguration.metricsPort() > 0 ? new MetricsEndpoint(engine,
                EngineConfiguration.metricsHost(), EngineConfiguration.metricsPort()) : null;
            if (null != metrics)
            {
                System.out.println("health and metrics on http://" + metrics.address().getHostString() + ":" +
                    metrics.address().getPort() + "/health and /metrics");
                if (EngineConfiguration.httpRoomCreation())
                {
                    metrics.enableRoomCreation(authenticator());
                    System.out.println("rooms created by POST " + "http://" + metrics.address().getHostString() + ":" +
                        metrics.address().getPort() + "/api/v1/rooms");
                }
            }
            if (null != engine.webSocketGateway())
            {
                System.out.println("WebSocket on ws://" + engine.webSocketGateway().address().getHostString() + ":" +
                    engine.webSocketGateway().address().getPort() + io.ringside.engine.websocket.WebSocketGateway.PATH);
                final String page = engine.webSocketGateway().pageUrl();
                if (null != page)
                {
                    System.out.println("live arena page on " + page);
                }
            }
            printBanner(System.out, engine, engineContext, transportContext, ingressContext);
            ShutdownSignal.onHangUp(() -> engine.pipeline().histograms().print(System.out));
            String received = null;
            while (null == received && null == engine.fatalError())
            {
                received = signal.await(100, TimeUnit.MILLISECONDS);
            }
            if (null == received)
            {
                System.out.println("ringside engine cannot go on: " + engine.fatalError() + "; shutting down");
                exitStatus = 1;
            }
            else
            {
                System.out.println("ringside engine shutting down (" + received + ")");
            }
            engine.close();
            CloseHelper.quietClose(metrics);
            printSummary(System.out, engine);
            engine.pipeline().histograms().print(System.out);
        }
        System.out.println("ringside engine stopped");
        if (0 != exitStatus)
        {
            System.exit(exitStatus);
        }
    }

    /**
     * Turn the command line into system properties.
     *
     * @return false when help was asked for.
     */
    static boolean applyArguments(final String[] args) throws IOException
    {
        final Map<String, String> byFlag = new LinkedHashMap<>();
        for (final String[] flag : FLAGS)
        {
            byFlag.put(flag[0], flag[1]);
        }

        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                return false;
            }
            if (!arg.startsWith("--"))
            {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            final int eq = arg.indexOf('=');
            final String name = eq > 0 ? arg.substring(2, eq) : arg.substring(2);
            final String value;
            if (eq > 0)
            {
                value = arg.substring(eq + 1);
            }
            else if (i + 1 < args.length)
            {
                value = args[++i];
            }
            else
            {
                throw new IllegalArgumentException("missing value for --" + name);
            }

            if ("config".equals(name))
            {
                final Properties properties = new Properties();
                try (InputStream in = Files.newInputStream(Path.of(value)))
                {
                    properties.load(in);
                }
                properties.forEach((k, v) -> System.setProperty(k.toString(), v.toString()));
            }
            else if ("set".equals(name))
            {
                final int split = value.indexOf('=');
                if (split <= 0)
                {
                    throw new IllegalArgumentException("--set takes name=value: " + value);
                }
                System.setProperty(value.substring(0, split), value.substring(split + 1));
            }
            else if (byFlag.containsKey(name))
            {
                System.setProperty(byFlag.get(name), "none".equals(value) && "ingress-ipc".equals(name) ? "" : value);
            }
            else
            {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return true;
    }

    static IngressContext ingressContext()
    {
        final IngressContext settings = new IngressContext()
            .allowNoneAuthOnNonLoopback(EngineConfiguration.authNoneRemote())
            .inputRate(EngineConfiguration.inputRatePerSecond(), EngineConfiguration.inputBurstMessages())
            .maxSessionsPerAddress(EngineConfiguration.maxSessionsPerAddress());
        return settings.authenticator(authenticator());
    }

    /**
     * @return a new authenticator of the configured kind: each thread that checks tokens has its own.
     */
    static Authenticator authenticator()
    {
        final String mode = EngineConfiguration.authMode();
        if ("hmac".equals(mode))
        {
            final String secret = EngineConfiguration.authSecret();
            if (null == secret)
            {
                throw new IllegalArgumentException("--auth hmac needs --auth-secret or RINGSIDE_AUTH_SECRET");
            }
            return new HmacTokenAuthenticator(secret.getBytes(StandardCharsets.UTF_8));
        }
        if (!"none".equals(mode))
        {
            throw new IllegalArgumentException("unknown auth mode: " + mode);
        }
        return new NoneAuthenticator();
    }

    static void printHelp(final PrintStream out)
    {
        out.println("usage: bin/engine [--config FILE] [--flag value ...] [--set property=value ...]");
        for (final String[] flag : FLAGS)
        {
            out.printf("  --%-26s %s  [%s]%n", flag[0] + " V", flag[2], flag[1]);
        }
        out.println("  --config FILE                a properties file of the properties above");
        out.println("  --set NAME=VALUE             any other system property (ringside.*, aeron.*)");
    }

    private static void printBanner(
        final PrintStream out,
        final Engine engine,
        final EngineContext engine0,
        final TransportContext transport,
        final IngressContext ingress)
    {
        out.printf("ringside engine listening on %s and %s, stream %d%n", transport.ingressChannel(),
            null == transport.ingressIpcChannel() || transport.ingressIpcChannel().isEmpty() ? "no IPC" :
            transport.ingressIpcChannel(), transport.ingressStreamId());
        out.printf("aeron dir %s (%s)%n", engine.aeronDirectoryName(),
            engine.transport().embeddedDriver() ? "embedded media driver, " + transport.threadingMode() :
            "external media driver");
        out.printf("profile %s, ring %d slots (%s wait), tick %d Hz, auth %s, egress term %d bytes%n",
            engine0.profile(), engine0.ringSize(), engine0.waitStrategy().getClass().getSimpleName(),
            engine0.tickRateHz(), ingress.authenticator().name(), transport.egressTermLength());
        out.println("games " + String.join(", ", engine0.games().names()));
        if (null != engine0.directory())
        {
            out.printf("engine %d behind the directory %s (capacity %d players; clients sent here to %s%s)%n",
                engine0.directory().engineId(), engine0.directory().directoryEndpoints(),
                engine0.directory().capacityPlayers(), engine0.directory().publicAeronEndpoint(),
                engine0.directory().publicWebSocketUrl().isEmpty() ? "" :
                " and " + engine0.directory().publicWebSocketUrl());
        }
        if (null != engine0.haCluster())
        {
            out.printf("gateway %d of HA rooms (ha=true) on the HA cluster %s%n", engine0.haGatewayId(),
                engine0.haCluster());
        }
        if (null == engine0.journalContext())
        {
            out.println("journal: none (ringside.journal.path=none): state lives in memory only");
        }
        else
        {
            out.println("journal " + engine0.journalContext().path().toAbsolutePath() + " (" +
                (engine0.journalContext().synchronousFull() ? "synchronous=FULL" : "synchronous=NORMAL") +
                ", engine snapshot every " + engine0.snapshotIntervalNs() / 1_000_000 + " ms)");
            out.println("recovered: " + engine.pipeline().recovery());
        }
        out.printf("%d Aeron counters (bin/aeronstat %s); pid %d: kill -HUP %d prints latency histograms%n",
            engine.counters().size(), engine.aeronDirectoryName(), ProcessHandle.current().pid(),
            ProcessHandle.current().pid());
        out.println("ringside engine ready");
        out.flush();
    }

    private static void printSummary(final PrintStream out, final Engine engine)
    {
        final var logic = engine.pipeline().logic().counters();
        final var egress = engine.pipeline().egress().counters();
        final var ingress = engine.ingress().counters();
        out.printf("ticks %d, inputs %d, pings %d, sessions opened %d, rooms created %d%n", logic.ticks(),
            logic.inputs(), logic.pings(), logic.sessionsOpened(), logic.roomsCreated());
        out.printf("snapshots sent %d, skipped %d, reliable sent %d, slow-consumer disconnects %d, bytes sent %d%n",
            egress.snapshotsSent(), egress.snapshotsSkipped(), egress.reliableSent(), egress.slowConsumerDisconnects(),
            egress.bytesSent());
        final var rooms = engine.roomPublications();
        out.printf("room snapshots sent %d (keyframes %d), skipped %d, taken by one media only %d%n",
            egress.roomSnapshotsSent(), egress.roomKeyframes(), egress.roomSnapshotsSkipped(),
            null == rooms ? 0 : rooms.partialOffers());
        out.printf("ingress messages %d, invalid %d, rate-limited %d, session mismatches %d, ring-full polls %d%n",
            ingress.messages(), ingress.invalidMessages(), ingress.rateLimited(), ingress.sessionMismatches(),
            ingress.ringFullPolls());
        if (null != engine.pipeline().journalHandler())
        {
            final var journal = engine.pipeline().context().journal().status();
            out.printf("journal commits %d, event rows %d, player rows %d, snapshots %d, retries %d, " +
                "unwritable episodes %d, rows abandoned %d, largest batch %d rows, last sequence %d%n",
                journal.commits(), journal.eventRows(), journal.playerRows(), journal.snapshots(), journal.retries(),
                journal.unwritableEpisodes(), journal.rowsAbandoned(), engine.pipeline().journalHandler().largestBatch(),
                journal.lastCommittedSequence());
        }
        out.printf("stage faults %d, transport errors %d%n", engine.pipeline().faults(), engine.transportErrors());
        if (engine.pipeline().faults() + engine.transportErrors() > 0)
        {
            engine.printErrors(out);
        }
    }
}
