package io.ringside.perf;

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
 * The logic handler's cost per input event and per tick, for one arena room of 100, 1,000 and 10,000 players with
 * interest management on (the room frame holds every entity; egress, measured separately, selects per client).
 * Single thread, no ring: this is the work the logic thread does per event. Run with {@code -prof gc} to see bytes
 * allocated per operation (the target is zero).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LogicHandlerBenchmark
{
    @Param({ "100", "1000", "10000" })
    int players;

    private EngineFixture fixture;
    private int next;

    @Setup
    public void setup()
    {
        fixture = new EngineFixture(players, 64 * 1024 * 1024).fill();
    }

    @Benchmark
    public long input()
    {
        final int p = next;
        next = p + 1 == players ? 0 : p + 1;
        return fixture.input(p).outputEnd;
    }

    @Benchmark
    public long tick()
    {
        return fixture.tick().outputEnd;
    }
}
