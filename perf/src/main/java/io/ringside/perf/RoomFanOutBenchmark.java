package io.ringside.perf;

import io.ringside.codec.state.StateSchema;
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
 * One tick of one room of 100 (the capacity workload's room) through the logic handler and egress, its snapshots
 * delivered three ways: {@code client}, a view selected, delta-encoded and offered per member; {@code room}, the
 * room's tick encoded once as a RoomSnapshot and offered once on the room stream; {@code declared}, the arena with
 * its state declared (typed, quantized fields), encoded once as a RoomState with per-field masks; {@code
 * declaredClient}, the declared arena without a room stream, a StateView selected (interest), delta-encoded per field
 * and offered per member. The transport takes everything, so the figure is the engine's own work; the ratios, from one
 * run, are what the fan-out saves per room tick and what declared state costs against the fixed entity.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoomFanOutBenchmark
{
    private static final int PLAYERS = 100;

    /**
     * client: a snapshot per member; room: one RoomSnapshot for the room; declared: one RoomState for the room;
     * declaredClient: a StateView per member.
     */
    @Param({ "client", "room", "declared", "declaredClient" })
    String fanOut;

    private EngineFixture fixture;
    private long bytes;

    @Setup
    public void setup()
    {
        final boolean declared = fanOut.startsWith("declared");
        final boolean room = "declared".equals(fanOut) || "room".equals(fanOut);
        fixture = new EngineFixture(PLAYERS, 64 * 1024 * 1024, room ? PLAYERS : 0, declared);
        final EgressHandler egress = new EgressHandler(fixture.log, new CountingTransport(room),
            new ProducerCommandQueue(64 * 1024), SystemNanoClock.INSTANCE, 1 << 20, 128, 64 * 1024)
            .declaredStates(new StateSchema[]{ fixture.games.games().get(0).state() })
            .roomStreams(1 << 20, 512, 60, 64 * 1024, new StateSchema[]{ fixture.games.games().get(0).state() });
        fixture.downstream(egress).fill();
    }

    /**
     * Takes every message and counts its bytes; carries room streams when asked.
     */
    private final class CountingTransport implements EgressTransport
    {
        private final boolean roomStreams;

        CountingTransport(final boolean roomStreams)
        {
            this.roomStreams = roomStreams;
        }

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

        public boolean supportsRoomStreams()
        {
            return roomStreams;
        }

        public long offerRoom(final long roomId, final DirectBuffer buffer, final int offset, final int length)
        {
            bytes += length;
            return bytes;
        }
    }

    @Benchmark
    public long roomTick()
    {
        fixture.tick();
        return bytes;
    }
}
