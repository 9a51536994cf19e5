package io.ringside.perf.loadgen;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.ServerStatusDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import org.agrona.concurrent.NanoClock;

import java.util.SplittableRandom;

/**
 * One simulated player: a {@link GameClient}, its fixed-rate schedules of inputs and pings, and seeded, plausible
 * movement (it holds a course for a while, then picks another, and fires in bursts).
 * <p>
 * Coordinated omission: every input and ping is stamped with the time it was due, not the time it went out, so time
 * the generator itself spent late counts against the latency it measures.
 */
final class Player implements GameClientListener
{
    private static final int INPUT_RING = 1024;

    final int index;
    final GameClient client;
    private final LoadGenerator generator;
    private final NanoClock clock;
    private final SplittableRandom random;
    private final long inputIntervalNs;
    private final long pingIntervalNs;
    private final long[] inputDueNs = new long[INPUT_RING];

    long nextInputNs;
    long nextPingNs;
    long pingId;
    long connectSentNs;
    long lastAckedInput;
    long lastSnapshotNs;
    long sendBackPressured;
    long snapshots;
    long sendsWhileResuming;
    boolean shuttingDownSeen;

    private float thrust;
    private float turn;
    private boolean fire;
    private long courseChangeNs;

    Player(
        final int index,
        final GameClient client,
        final LoadGenerator generator,
        final NanoClock clock,
        final long seed,
        final double inputRate,
        final double pingRate)
    {
        this.index = index;
        this.client = client;
        this.generator = generator;
        this.clock = clock;
        this.random = new SplittableRandom(seed * 1_000_003L + index);
        this.inputIntervalNs = (long)(1e9 / inputRate);
        this.pingIntervalNs = pingRate > 0 ? (long)(1e9 / pingRate) : Long.MAX_VALUE;
    }

    /**
     * Start the schedules at {@code startNs}, spread over one interval so players do not send in lock step.
     */
    void start(final long startNs)
    {
        nextInputNs = startNs + random.nextLong(inputIntervalNs);
        nextPingNs = pingIntervalNs == Long.MAX_VALUE ? Long.MAX_VALUE : startNs + random.nextLong(pingIntervalNs);
    }

    /**
     * Send what is due at {@code nowNs}.
     *
     * @return messages sent.
     */
    int sendDue(final long nowNs)
    {
        int sent = 0;
        if (client.isResuming())
        {
            // what falls due while the session is away is not sent late in a burst: a game would not either
            while (nowNs >= nextInputNs)
            {
                nextInputNs += inputIntervalNs;
                sendsWhileResuming++;
            }
            while (nowNs >= nextPingNs)
            {
                nextPingNs += pingIntervalNs;
                sendsWhileResuming++;
            }
            return 0;
        }
        while (nowNs >= nextInputNs)
        {
            steer(nextInputNs);
            if (client.sendInput(thrust, turn, fire, nextInputNs) < 0)
            {
                sendBackPressured++;
                break;
            }
            inputDueNs[(int)(client.inputSequence() & (INPUT_RING - 1))] = nextInputNs;
            nextInputNs += inputIntervalNs;
            generator.inputsSent++;
            sent++;
        }
        while (nowNs >= nextPingNs)
        {
            if (client.ping(++pingId, nextPingNs) < 0)
            {
                pingId--;
                sendBackPressured++;
                break;
            }
            nextPingNs += pingIntervalNs;
            generator.pingsSent++;
            sent++;
        }
        return sent;
    }

    private void steer(final long dueNs)
    {
        if (dueNs >= courseChangeNs)
        {
            thrust = (float)random.nextDouble(0.2, 1.0);
            turn = (float)random.nextDouble(-0.6, 0.6);
            courseChangeNs = dueNs + 300_000_000L + random.nextLong(1_200_000_000L);
        }
        fire = ((dueNs / 250_000_000L) + index) % 4 == 0;
    }

    public void onSessionResult(final SessionResultDecoder result)
    {
        if (ErrorCode.OK == result.result() && connectSentNs > 0)
        {
            generator.connect.record(clock.nanoTime() - connectSentNs);
            connectSentNs = 0;
        }
    }

    public void onSnapshot(final SnapshotDecoder snapshot)
    {
        onSnapshot(snapshot.lastInputSequence());
    }

    public void onRoomSnapshot(
        final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputClientTimestampNs)
    {
        onSnapshot(lastInputSequence);
    }

    /**
     * A snapshot arrived (on the client's own stream or its room's): its interval, and the inputs it acknowledges.
     */
    private void onSnapshot(final long acked)
    {
        final long now = clock.nanoTime();
        if (lastSnapshotNs > 0)
        {
            generator.snapshotInterval.record(now - lastSnapshotNs);
        }
        lastSnapshotNs = now;
        generator.snapshotsReceived++;
        snapshots++;

        if (acked > lastAckedInput)
        {
            final long from = Math.max(lastAckedInput + 1, acked - INPUT_RING + 1);
            for (long s = from; s <= acked; s++)
            {
                generator.inputAck.record(now - inputDueNs[(int)(s & (INPUT_RING - 1))]);
            }
            lastAckedInput = acked;
        }
    }

    public void onPong(final PongDecoder pong, final long roundTripNs)
    {
        generator.rtt.record(roundTripNs);
        generator.pongsReceived++;
    }

    public void onError(final ErrorDecoder error)
    {
        generator.error(error.code());
    }

    public void onServerStatus(final ServerStatusDecoder status)
    {
        if (ServerState.SHUTTING_DOWN == status.state())
        {
            shuttingDownSeen = true;
        }
    }
}
