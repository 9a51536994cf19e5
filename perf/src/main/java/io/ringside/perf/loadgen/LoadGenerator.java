package io.ringside.perf.loadgen;

import io.aeron.Aeron;
import io.aeron.CommonContext;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.websocket.WebSocketClientGroup;
import io.ringside.transport.IdleStrategies;
import io.ringside.transport.auth.HmacTokenAuthenticator;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.nio.charset.StandardCharsets;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The Aeron load generator: N simulated players against a running engine, each connecting, joining an arena room,
 * sending inputs and pings at fixed rates, and measuring with HdrHistogram:
 * <ul>
 *     <li>{@code rtt}: Ping to Pong through the whole engine pipeline (ingress, ring, logic, egress);</li>
 *     <li>{@code input-ack}: an input's due time to the first snapshot that acknowledges it;</li>
 *     <li>{@code snapshot-interval}: time between a player's consecutive snapshots;</li>
 *     <li>{@code connect}: Connect sent to SessionResult received.</li>
 * </ul>
 * Fixed-rate sends are stamped with their due time, correcting for coordinated omission. One thread drives every
 * player (sending what is due, then polling), so the generator itself uses one core besides its media driver.
 */
public final class LoadGenerator
{
    /**
     * Lobby sessions are numbered from here (names, response stream ids), past any player of any process.
     */
    static final int LOBBY_FIRST_INDEX = 1_000_000;
    static final long LOBBY_PASS_NS = TimeUnit.MILLISECONDS.toNanos(10);

    final Metrics rtt = new Metrics("rtt", "Ping to Pong round trip through the whole pipeline");
    final Metrics inputAck = new Metrics("input-ack", "input due time to the first snapshot acknowledging it");
    final Metrics snapshotInterval = new Metrics("snapshot-interval", "time between a player's snapshots");
    final Metrics connect = new Metrics("connect", "Connect to SessionResult");
    final Metrics lobbyRtt = new Metrics("lobby-rtt", "an idle lobby session's Ping to Pong round trip");
    final long[] errorsByCode = new long[256];
    long inputsSent;
    long pingsSent;
    long pongsReceived;
    long snapshotsReceived;

    private final LoadGeneratorOptions options;
    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final List<Player> players = new ArrayList<>();
    private final List<LobbySession> lobby = new ArrayList<>();
    private WebSocketClientGroup webSocketClients;
    private long lastLobbyPassNs;
    /**
     * What the lobby measured: sessions open at the end, pings and answers in the measured window, and the longest
     * time any session went without an answer in it.
     */
    int lobbyOpenAtEnd;
    long lobbyMinPongs;
    long lobbyPingsMeasured;
    long lobbyPongsMeasured;
    long lobbyLongestSilenceNs;

    LoadGenerator(final LoadGeneratorOptions options)
    {
        this.options = options;
    }

    void error(final ErrorCode code)
    {
        errorsByCode[code.value()]++;
    }

    long nanoTime()
    {
        return clock.nanoTime();
    }

    public static void main(final String[] args) throws Exception
    {
        final LoadGeneratorOptions options;
        try
        {
            options = LoadGeneratorOptions.parse(args);
        }
        catch (final LoadGeneratorOptions.HelpRequested help)
        {
            System.out.println(LoadGeneratorOptions.usage());
            return;
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage());
            System.err.println(LoadGeneratorOptions.usage());
            System.exit(2);
            return;
        }
        System.exit(new LoadGenerator(options).run());
    }

    /**
     * @return the process exit code: 0, or 1 when a limit given on the command line was broken.
     */
    int run() throws Exception
    {
        MediaDriver driver = null;
        Aeron aeron = null;
        try
        {
            if (null != options.webSocketUrl)
            {
                webSocketClients = new WebSocketClientGroup();
                return play(null, reportDir());
            }
            String aeronDir = options.aeronDir;
            if (null == aeronDir)
            {
                aeronDir = CommonContext.generateRandomDirName();
                driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
                    .aeronDirectoryName(aeronDir)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .threadingMode(ThreadingMode.SHARED)
                    .sharedIdleStrategy(IdleStrategies.driver(false))
                    .socketRcvbufLength(2 * 1024 * 1024)
                    .socketSndbufLength(2 * 1024 * 1024)
                    .publicationTermBufferLength(64 * 1024)
                    .ipcTermBufferLength(64 * 1024));
                // a SIGTERM ends the JVM without the finally below: take the driver's files out of /dev/shm anyway
                // (unlinking mapped files leaves the mappings valid while the process lasts)
                final File driverDir = new File(aeronDir);
                Runtime.getRuntime().addShutdownHook(new Thread(
                    () -> IoUtil.delete(driverDir, true), "loadgen-driver-dir-cleanup"));
            }
            // thousands of clients set up at once keep a media driver's conductor busy for seconds: wait longer for it
            // than Aeron's default 10 s before taking it for dead
            aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(aeronDir)
                .driverTimeoutMs(TimeUnit.SECONDS.toMillis(60)));
            return play(aeron, reportDir());
        }
        finally
        {
            players.forEach(p -> CloseHelper.quietClose(p.client));
            lobby.forEach(l -> CloseHelper.quietClose(l.client));
            CloseHelper.quietCloseAll(aeron, driver, webSocketClients);
        }
    }

    private Path reportDir() throws IOException
    {
        return Files.createDirectories(options.reportDir.resolve(
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())));
    }

    /**
     * A client over the run's transport: Aeron (IPC or UDP, on its response channel and stream), or the engine's
     * WebSocket endpoint.
     */
    private GameClient newClient(
        final Aeron aeron, final String responseChannel, final int responseStreamId, final GameClientListener listener)
    {
        if (null != webSocketClients)
        {
            return new GameClient(webSocketClients.open(URI.create(options.webSocketUrl)), listener, clock);
        }
        return new GameClient(aeron, options.ingressChannel, options.ingressStreamId, responseChannel,
            responseStreamId, listener, clock);
    }

    private int play(final Aeron aeron, final Path reportDir) throws Exception
    {
        final long runStartNs = clock.nanoTime();
        final long runStartMs = System.currentTimeMillis();
        final HmacTokenAuthenticator signer = null == options.tokenSecret ? null :
            new HmacTokenAuthenticator(options.tokenSecret.getBytes(StandardCharsets.UTF_8));

        for (int i = 0; i < options.players; i++)
        {
            final String responseChannel = options.ipc ? "aeron:ipc" : "aeron:udp?endpoint=" + options.responseHost +
                ":" + (options.responsePort + i / options.playersPerResponsePort);
            final Player[] holder = new Player[1];
            // a player reads a snapshot's header and its own acknowledgement, never the entities: the thousand
            // simulated clients of one process do not each check the values of the same room's entities
            final int index = options.firstPlayer + i;
            final GameClient client =
                newClient(aeron, responseChannel, 10_000 + index, new DelegatingListener(holder)).checkRoomEntities(false);
            final Player player =
                new Player(index, client, this, clock, options.seed, options.inputRate, options.pingRate);
            holder[0] = player;
            players.add(player);
        }
        for (int i = 0; i < options.lobbySessions; i++)
        {
            // numbered past every player of every process: the lobby's names and streams never meet a player's
            final int index = LOBBY_FIRST_INDEX + options.firstLobby + i;
            final int line = options.players + i;
            final String responseChannel = options.ipc ? "aeron:ipc" : "aeron:udp?endpoint=" + options.responseHost +
                ":" + (options.responsePort + line / options.playersPerResponsePort);
            final LobbySession session = new LobbySession(index, this, options.lobbyPingIntervalNs);
            session.client = newClient(aeron, responseChannel, 10_000 + index, session);
            lobby.add(session);
        }
        log("%d players and %d idle lobby sessions created; waiting for the engine at %s%n", players.size(),
            lobby.size(), null != options.webSocketUrl ? options.webSocketUrl : options.ingressChannel);
        await("publications connected", 30, players, p -> p.client.isConnected());
        await("lobby publications connected", 30 + lobby.size() / 100, lobby, l -> l.client.isConnected());

        // the lobby first: its sessions keep themselves alive (they ping once open), while players left waiting
        // between their Connect and their JoinRoom would be timed out by the engine's session timeout
        for (final LobbySession l : lobby)
        {
            final byte[] credentials = null == signer ? new byte[0] : signer.token(l.index + 1,
                Instant.now().getEpochSecond() + 3600).getBytes(StandardCharsets.US_ASCII);
            sendBlocking(() -> l.client.connect("lobby-" + l.index, credentials));
            pollAll();
        }
        await("lobby sessions", 60 + lobby.size() / 100, lobby, l -> null != l.client.sessionResult());
        final long lobbyRefused = lobby.stream().filter(l -> ErrorCode.OK != l.client.sessionResult()).count();
        if (lobbyRefused > 0)
        {
            System.err.printf("%d lobby sessions were refused (first: %s)%n", lobbyRefused, lobby.stream()
                .filter(l -> ErrorCode.OK != l.client.sessionResult()).findFirst().get().client.sessionResult());
            return 1;
        }

        for (final Player p : players)
        {
            final byte[] credentials = null == signer ? new byte[0] : signer.token(p.index + 1,
                Instant.now().getEpochSecond() + 3600).getBytes(StandardCharsets.US_ASCII);
            p.connectSentNs = clock.nanoTime();
            sendBlocking(() -> p.client.connect("loadgen-" + p.index, credentials));
            pollAll();
        }
        await("sessions", 60, players, p -> null != p.client.sessionResult());
        final long refused = players.stream().filter(p -> ErrorCode.OK != p.client.sessionResult()).count();
        if (refused > 0)
        {
            System.err.printf("%d players were refused a session (first: %s)%n", refused, players.stream()
                .filter(p -> ErrorCode.OK != p.client.sessionResult()).findFirst().get().client.sessionResult());
            return 1;
        }
        if (null == options.roomOptions)
        {
            for (final Player p : players)
            {
                sendBlocking(() -> p.client.joinRoom("arena", 0));
                pollAll();
            }
        }
        else
        {
            // rooms made with the options: each group's first player creates one, the others join it
            final List<Player> creators = new ArrayList<>();
            for (int i = 0; i < players.size(); i += options.roomSize)
            {
                final Player creator = players.get(i);
                creators.add(creator);
                sendBlocking(() -> creator.client.createRoom("arena", options.roomOptions, false));
                pollAll();
            }
            await("rooms created", 60, creators, p -> p.client.entityId() > 0);
            for (int i = 0; i < players.size(); i++)
            {
                if (0 != i % options.roomSize)
                {
                    final Player p = players.get(i);
                    final long roomId = players.get(i - i % options.roomSize).client.roomId();
                    sendBlocking(() -> p.client.joinRoom("arena", roomId));
                    pollAll();
                }
            }
        }
        await("rooms joined", 60, players, p -> p.client.entityId() > 0);
        connect.cut(true);
        log("%d players connected and seated in %.1f s; warming up for %.0f s%n", players.size(),
            (clock.nanoTime() - runStartNs) / 1e9, options.warmupNs / 1e9);

        final long warmupStart = clock.nanoTime();
        players.forEach(p -> p.start(warmupStart));
        drive(warmupStart, options.warmupNs, false, null);

        final long measureStartMs = System.currentTimeMillis();
        for (final Metrics m : new Metrics[]{ rtt, inputAck, snapshotInterval })
        {
            m.cut(false);
            m.startLog(reportDir, measureStartMs);
        }
        final Counts before = Counts.of(this, players);
        final long measureStart = clock.nanoTime();
        final long[] lobbyPongsBefore = new long[lobby.size()];
        long lobbyPingsBefore = 0;
        for (int i = 0; i < lobby.size(); i++)
        {
            final LobbySession l = lobby.get(i);
            l.resetSilence(measureStart);
            lobbyPingsBefore += l.pingsSent;
            lobbyPongsBefore[i] = l.pongsReceived;
        }
        lobbyRtt.cut(false);
        log("measuring for %.0f s%n", options.durationNs / 1e9);
        drive(measureStart, options.durationNs, true, before);
        final long measureEnd = clock.nanoTime();
        final long measuredNs = measureEnd - measureStart;
        log("measured in %.1f s%n", measuredNs / 1e9);
        final Counts after = Counts.of(this, players);
        lobbyMinPongs = lobby.isEmpty() ? 0 : Long.MAX_VALUE;
        for (int i = 0; i < lobby.size(); i++)
        {
            final LobbySession l = lobby.get(i);
            final long pongs = l.pongsReceived - lobbyPongsBefore[i];
            lobbyPingsMeasured += l.pingsSent;
            lobbyPongsMeasured += pongs;
            lobbyMinPongs = Math.min(lobbyMinPongs, pongs);
            lobbyLongestSilenceNs = Math.max(lobbyLongestSilenceNs, l.longestSilenceNs(measureEnd));
            // open: answered within an interval (and a second) of the end, not merely not told otherwise
            if (ErrorCode.OK == l.client.sessionResult() &&
                measureEnd - l.lastAnswerNs <= options.lobbyPingIntervalNs + TimeUnit.SECONDS.toNanos(1))
            {
                lobbyOpenAtEnd++;
            }
        }
        lobbyPingsMeasured -= lobbyPingsBefore;
        lobbyRtt.cut(true);

        for (final Player p : players)
        {
            p.client.disconnect();
        }
        for (final LobbySession l : lobby)
        {
            l.stop();
            l.client.disconnect();
        }
        pollFor(TimeUnit.MILLISECONDS.toNanos(300));

        final LoadReport report = new LoadReport(options, this, players, before, after, measuredNs,
            (clock.nanoTime() - runStartNs), runStartMs);
        for (final Metrics m : new Metrics[]{ rtt, inputAck, snapshotInterval })
        {
            m.closeLog();
        }
        report.print(System.out);
        report.write(reportDir);
        System.out.println("report: " + reportDir.toAbsolutePath());
        return report.limitsBroken(System.out) ? 1 : 0;
    }

    /**
     * Send what is due and poll, for {@code lengthNs}; one progress line per second.
     */
    private void drive(final long startNs, final long lengthNs, final boolean measuring, final Counts base)
    {
        long nextSecond = startNs + 1_000_000_000L;
        Counts lastCounts = Counts.of(this, players);
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 50_000);
        while (true)
        {
            final long now = clock.nanoTime();
            if (now - startNs >= lengthNs)
            {
                break;
            }
            int work = 0;
            for (int i = 0, size = players.size(); i < size; i++)
            {
                work += players.get(i).sendDue(now);
            }
            final long passStartNs = now;
            work += pollAll();

            if (now >= nextSecond)
            {
                final Histogram rttInterval = rtt.cut(measuring);
                inputAck.cut(measuring);
                snapshotInterval.cut(measuring);
                final Counts counts = Counts.of(this, players);
                if (!options.quiet)
                {
                    System.out.printf("%s %3.0fs players=%d inputs/s=%d snapshots/s=%d rtt p50=%.3fms p99=%.3fms " +
                        "seq-violations=%d%n", measuring ? "measure" : "warm-up", (now - startNs) / 1e9,
                        connectedPlayers(), counts.inputs - lastCounts.inputs, counts.snapshots - lastCounts.snapshots,
                        rttInterval.getValueAtPercentile(50) / 1e6, rttInterval.getValueAtPercentile(99) / 1e6,
                        counts.sequenceViolations - (null == base ? 0 : base.sequenceViolations));
                }
                lastCounts = counts;
                nextSecond += 1_000_000_000L;
            }
            if (options.passIntervalNs > 0)
            {
                final long restNs = passStartNs + options.passIntervalNs - clock.nanoTime();
                if (restNs > 0)
                {
                    LockSupport.parkNanos(restNs);
                }
            }
            else
            {
                idle.idle(work);
            }
        }
        rtt.cut(measuring);
        inputAck.cut(measuring);
        snapshotInterval.cut(measuring);
    }

    long connectedPlayers()
    {
        return players.stream().filter(p -> p.client.isConnected() && p.client.entityId() > 0).count();
    }

    private int pollAll()
    {
        int work = 0;
        for (int i = 0, size = players.size(); i < size; i++)
        {
            work += players.get(i).client.poll(32);
        }
        if (!lobby.isEmpty())
        {
            work += serviceLobby(clock.nanoTime());
        }
        return work;
    }

    /**
     * The idle sessions need little: every {@link #LOBBY_PASS_NS} each open one sends its ping when due and is polled,
     * from the moment its session opens (an idle session that stays silent is timed out by the engine).
     */
    private int serviceLobby(final long nowNs)
    {
        if (nowNs - lastLobbyPassNs < LOBBY_PASS_NS)
        {
            return 0;
        }
        lastLobbyPassNs = nowNs;
        int work = 0;
        for (int i = 0, size = lobby.size(); i < size; i++)
        {
            final LobbySession l = lobby.get(i);
            work += l.client.poll(8);
            if (!l.started() && ErrorCode.OK == l.client.sessionResult())
            {
                l.start(nowNs, (long)i * 7_919_999L);
            }
            if (l.started())
            {
                work += l.sendDue(nowNs);
            }
        }
        return work;
    }

    private void pollFor(final long nanos)
    {
        final long end = clock.nanoTime() + nanos;
        while (clock.nanoTime() < end)
        {
            if (0 == pollAll())
            {
                Thread.yield();
            }
        }
    }

    /**
     * Poll everyone until every one of {@code items} is {@code done}; fail after {@code seconds}.
     */
    private <T> void await(
        final String what, final int seconds, final List<T> items, final java.util.function.Predicate<T> done)
    {
        final long deadline = clock.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!items.stream().allMatch(done))
        {
            if (clock.nanoTime() > deadline)
            {
                throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what + ": " +
                    items.stream().filter(done).count() + " of " + items.size());
            }
            if (0 == pollAll())
            {
                Thread.yield();
            }
        }
    }

    private void sendBlocking(final java.util.function.LongSupplier offer)
    {
        final long deadline = clock.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        final BooleanSupplier sent = () -> offer.getAsLong() > 0;
        while (!sent.getAsBoolean())
        {
            if (clock.nanoTime() > deadline)
            {
                throw new IllegalStateException("could not send within 10 s");
            }
            pollAll();
        }
    }

    private void log(final String format, final Object... args)
    {
        System.out.printf(format, args);
    }

    /**
     * Routes a client's callbacks to its player (the client exists before the player that owns it).
     */
    private static final class DelegatingListener implements GameClientListener
    {
        private final Player[] holder;

        DelegatingListener(final Player[] holder)
        {
            this.holder = holder;
        }

        public void onSessionResult(final io.ringside.codec.sbe.SessionResultDecoder result)
        {
            holder[0].onSessionResult(result);
        }

        public void onSnapshot(final io.ringside.codec.sbe.SnapshotDecoder snapshot)
        {
            holder[0].onSnapshot(snapshot);
        }

        public void onRoomSnapshot(
            final io.ringside.codec.sbe.RoomSnapshotDecoder snapshot,
            final long lastInputSequence,
            final long lastInputClientTimestampNs)
        {
            holder[0].onRoomSnapshot(snapshot, lastInputSequence, lastInputClientTimestampNs);
        }

        public void onPong(final io.ringside.codec.sbe.PongDecoder pong, final long roundTripNs)
        {
            holder[0].onPong(pong, roundTripNs);
        }

        public void onError(final io.ringside.codec.sbe.ErrorDecoder error)
        {
            holder[0].onError(error);
        }

        public void onServerStatus(final io.ringside.codec.sbe.ServerStatusDecoder status)
        {
            holder[0].onServerStatus(status);
        }
    }

    /**
     * Totals across players at one moment.
     */
    static final class Counts
    {
        long inputs;
        long pings;
        long pongs;
        long snapshots;
        long messagesIn;
        long bytesIn;
        long messagesOut;
        long bytesOut;
        long sequenceViolations;
        long declaredSkips;
        long roomStreamGaps;
        long roomStreamMessagesLost;
        long roomStreamDeltasWithoutBaseline;
        long roomStreamRestarts;
        long invalid;
        long backPressured;
        long[] snapshotsByPlayer;

        static Counts of(final LoadGenerator generator, final List<Player> players)
        {
            final Counts c = new Counts();
            c.inputs = generator.inputsSent;
            c.pings = generator.pingsSent;
            c.pongs = generator.pongsReceived;
            c.snapshots = generator.snapshotsReceived;
            c.snapshotsByPlayer = new long[players.size()];
            for (int i = 0; i < players.size(); i++)
            {
                c.snapshotsByPlayer[i] = players.get(i).snapshots;
            }
            for (final Player p : players)
            {
                c.messagesIn += p.client.messagesReceived();
                c.bytesIn += p.client.bytesReceived();
                c.messagesOut += p.client.messagesSent();
                c.bytesOut += p.client.bytesSent();
                c.sequenceViolations += p.client.sequenceViolations();
                c.declaredSkips += p.client.declaredSkips();
                c.roomStreamGaps += p.client.roomStreamGaps();
                c.roomStreamMessagesLost += p.client.roomStreamMessagesLost();
                c.roomStreamDeltasWithoutBaseline += p.client.roomStreamDeltasWithoutBaseline();
                c.roomStreamRestarts += p.client.roomStreamRestarts();
                c.invalid += p.client.invalidMessages();
                c.backPressured += p.sendBackPressured;
            }
            return c;
        }
    }
}
