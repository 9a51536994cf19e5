package io.ringside.perf.attack;

import io.aeron.Aeron;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import io.ringside.transport.auth.HmacTokenAuthenticator;
import io.ringside.transport.websocket.WebSocketClientGroup;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The honest players of an attack run: N clients, each seated in an arena room, sending inputs and pings at fixed
 * rates on a thread of their own while the attack goes on, and measuring what an attack must not take from them.
 * Ping round trips go into one histogram per {@link Phase}, stamped with the time each ping was due (so time the
 * driving thread spent late counts). Every input must come back acknowledged, every ping answered, and every message
 * the engine sent arrive in sequence.
 */
final class HonestPlayers implements Runnable, AutoCloseable
{
    enum Phase
    {
        WARMUP,
        QUIET,
        ATTACK,
        AFTER
    }

    static final long PLAYER_ID_BASE = 1;

    private final NanoClock clock = SystemNanoClock.INSTANCE;
    private final List<Honest> players = new ArrayList<>();
    private final Histogram[] rtt = new Histogram[Phase.values().length];
    private final long[] snapshots = new long[Phase.values().length];
    private final long inputIntervalNs;
    private final long pingIntervalNs;
    private final Histogram[] windows = new Histogram[64];
    private volatile Phase phase = Phase.WARMUP;
    private volatile int window = -1;
    private volatile boolean running = true;
    private volatile boolean sending = true;
    private volatile boolean stopped;

    private final class Honest implements GameClientListener
    {
        final GameClient client;
        long nextInputNs;
        long nextPingNs;
        long pingId;
        long pings;
        long pongs;
        long lastAckedInput;
        final long[] errors = new long[256];

        Honest(final java.util.function.Function<GameClientListener, GameClient> connect)
        {
            client = connect.apply(this);
        }

        public void onSnapshot(final SnapshotDecoder snapshot)
        {
            snapshots[phase.ordinal()]++;
            lastAckedInput = Math.max(lastAckedInput, snapshot.lastInputSequence());
        }

        public void onRoomSnapshot(
            final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputTimeNs)
        {
            snapshots[phase.ordinal()]++;
            lastAckedInput = Math.max(lastAckedInput, lastInputSequence);
        }

        public void onPong(final PongDecoder pong, final long roundTripNs)
        {
            pongs++;
            final long value = Math.min(roundTripNs, rtt[0].getHighestTrackableValue());
            rtt[phase.ordinal()].recordValue(value);
            final int w = window;
            if (w >= 0 && w < windows.length)
            {
                if (null == windows[w])
                {
                    windows[w] = new Histogram(rtt[0].getHighestTrackableValue(), 3);
                }
                windows[w].recordValue(value);
            }
        }

        public void onError(final ErrorDecoder error)
        {
            errors[error.code().value()]++;
        }

        int sendDue(final long now)
        {
            int sent = 0;
            if (now >= nextInputNs && client.sendInput(0.6f, 0.2f, false, nextInputNs) > 0)
            {
                nextInputNs += inputIntervalNs;
                sent++;
            }
            if (now >= nextPingNs && client.ping(pingId + 1, nextPingNs) > 0)
            {
                pingId++;
                pings++;
                nextPingNs += pingIntervalNs;
                sent++;
            }
            return sent;
        }
    }

    HonestPlayers(final double inputRate, final double pingRate)
    {
        for (int i = 0; i < rtt.length; i++)
        {
            rtt[i] = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        }
        inputIntervalNs = (long)(1e9 / inputRate);
        pingIntervalNs = (long)(1e9 / pingRate);
    }

    /**
     * Connect {@code count} players with valid tokens and seat them, on the calling thread.
     */
    void seat(
        final Aeron aeron, final String ingressChannel, final int ingressStreamId, final HmacTokenAuthenticator signer,
        final int count, final WebSocketClientGroup webSockets, final URI webSocket, final int webSocketCount)
    {
        for (int i = 0; i < count; i++)
        {
            final int streamId = 20_000 + i;
            players.add(new Honest(listener ->
                new GameClient(aeron, ingressChannel, ingressStreamId, "aeron:ipc", streamId, listener, clock)));
        }
        for (int i = 0; i < webSocketCount; i++)
        {
            players.add(new Honest(listener -> new GameClient(webSockets.open(webSocket), listener, clock)));
        }
        awaitAll("publications and WebSocket connections connected", p -> p.client.isConnected());
        final long expiry = Instant.now().getEpochSecond() + 3600;
        for (int i = 0; i < players.size(); i++)
        {
            final Honest p = players.get(i);
            final byte[] token = signer.token(PLAYER_ID_BASE + i, expiry).getBytes(StandardCharsets.US_ASCII);
            final String name = "honest-" + i;
            offer(() -> p.client.connect(name, token));
        }
        awaitAll("sessions", p -> null != p.client.sessionResult());
        for (final Honest p : players)
        {
            if (ErrorCode.OK != p.client.sessionResult())
            {
                throw new IllegalStateException("an honest player was refused: " + p.client.sessionResult());
            }
            offer(() -> p.client.joinRoom("arena", 0));
        }
        awaitAll("seats", p -> p.client.entityId() > 0);
    }

    public void run()
    {
        final long start = clock.nanoTime();
        for (final Honest p : players)
        {
            p.nextInputNs = start + (p.client.entityId() * 7919L) % inputIntervalNs;
            p.nextPingNs = start + (p.client.entityId() * 104_729L) % pingIntervalNs;
        }
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(10, 10, 1_000, 100_000);
        while (running)
        {
            int work = 0;
            final long now = clock.nanoTime();
            for (int i = 0, size = players.size(); i < size; i++)
            {
                final Honest p = players.get(i);
                if (sending)
                {
                    work += p.sendDue(now);
                }
                work += p.client.poll(64);
            }
            idle.idle(work);
        }
        stopped = true;
    }

    void phase(final Phase phase)
    {
        this.phase = phase;
        this.window = -1;
    }

    /**
     * Also record round trips into window {@code w} (one per attack kind), until the next window or phase.
     */
    void window(final int w)
    {
        this.window = w;
    }

    /**
     * Stop sending (keep polling), so that what was sent can be answered before the counts are read.
     */
    void stopSending()
    {
        sending = false;
    }

    /**
     * Stop the driving thread and wait for it.
     */
    void stop()
    {
        running = false;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!stopped && System.nanoTime() < deadline)
        {
            Thread.onSpinWait();
        }
    }

    /**
     * @return whether every input was acknowledged and every ping answered (call after {@link #stopSending()}).
     */
    boolean allAnswered()
    {
        for (final Honest p : players)
        {
            if (p.lastAckedInput < p.client.inputSequence() || p.pongs < p.pings)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * What the honest players saw, read after {@link #stop()}.
     */
    record Result(
        int players, int seatedAtEnd, long sequenceViolations, long declaredSkips, long inputsSent,
        long inputsUnacknowledged, long pingsSent, long pongsMissing, long errors, Histogram[] rtt, long[] snapshots,
        Histogram[] windows)
    {
        long messagesLost()
        {
            return sequenceViolations + inputsUnacknowledged + pongsMissing;
        }
    }

    Result result(final long[] sessionIds)
    {
        int seated = 0;
        long violations = 0;
        long skips = 0;
        long inputs = 0;
        long unacked = 0;
        long pings = 0;
        long missing = 0;
        long errors = 0;
        for (int i = 0; i < players.size(); i++)
        {
            final Honest p = players.get(i);
            if (p.client.entityId() > 0 && p.client.sessionId() == sessionIds[i])
            {
                seated++;
            }
            violations += p.client.sequenceViolations();
            skips += p.client.declaredSkips();
            inputs += p.client.inputSequence();
            unacked += p.client.inputSequence() - p.lastAckedInput;
            pings += p.pings;
            missing += p.pings - p.pongs;
            for (final long e : p.errors)
            {
                errors += e;
            }
        }
        return new Result(players.size(), seated, violations, skips, inputs, unacked, pings, missing, errors, rtt,
            snapshots, windows);
    }

    long[] sessionIds()
    {
        return players.stream().mapToLong(p -> p.client.sessionId()).toArray();
    }

    private void awaitAll(final String what, final java.util.function.Predicate<Honest> done)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!players.stream().allMatch(done))
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("honest players: timed out waiting for " + what);
            }
            int work = 0;
            for (final Honest p : players)
            {
                work += p.client.poll(64);
            }
            if (0 == work)
            {
                Thread.yield();
            }
        }
    }

    private void offer(final java.util.function.LongSupplier send)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (send.getAsLong() < 0)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("honest players: could not send within 10 s");
            }
            for (final Honest p : players)
            {
                p.client.poll(64);
            }
        }
    }

    public void close()
    {
        players.forEach(p -> CloseHelper.quietClose(p.client));
    }
}
