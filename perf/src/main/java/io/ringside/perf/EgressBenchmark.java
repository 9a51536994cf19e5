package io.ringside.perf;

import io.ringside.engine.egress.EgressHandler;
import io.ringside.engine.egress.EgressTransport;
import io.ringside.engine.ring.ProducerCommandQueue;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.SystemNanoClock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * A whole tick through the logic handler and then egress: the room frame, then for every player interest
 * management, delta encoding and an offer to a transport that takes everything (so the figure is the engine's own
 * work, not the network's). Divide by the player count for the cost of one client's snapshot; {@code snapshots}
 * chooses delta snapshots (steady play) or a FULL one for every client.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EgressBenchmark
{
    @Param({ "100", "1000", "10000" })
    int players;

    /**
     * delta: as in steady play (changed entities and fields only); full: every client's snapshot a FULL one.
     */
    @Param({ "delta", "full" })
    String snapshots;

    private EngineFixture fixture;
    private EgressHandler egress;
    private long bytes;

    @Setup
    public void setup()
    {
        fixture = new EngineFixture(players, 64 * 1024 * 1024);
        egress = new EgressHandler(fixture.log, new CountingTransport(), new ProducerCommandQueue(64 * 1024),
            SystemNanoClock.INSTANCE, 1 << 20, 128, 64 * 1024);
        fixture.downstream(egress).fill();
    }

    /**
     * Takes every message and counts its bytes.
     */
    private final class CountingTransport implements EgressTransport
    {
        public void onSessionOpened(
            final long sessionId, final int streamId, final DirectBuffer channel, final int offset, final int length)
        {
        }

        public long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
        {
            bytes += length;
            return bytes;
        }

        public void onSessionClosed(final long sessionId)
        {
        }
    }

    @Benchmark
    public long tickWithSnapshots()
    {
        if ("full".equals(snapshots))
        {
            egress.requestFullSnapshots();
        }
        fixture.tick();
        return bytes;
    }
}
