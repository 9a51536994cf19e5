package io.ringside.perf;

import org.HdrHistogram.Histogram;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The side-by-side runs of {@code bin/perf}, each comparing the engine with a baseline measured in the same run on
 * the same machine, ratios printed.
 */
public final class SideBySide
{
    private SideBySide()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final PrintStream out = System.out;
        final List<String> sections = new ArrayList<>();
        String prefix = null;
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--out" -> prefix = args[++i];
                default -> sections.add(args[i]);
            }
        }
        if (sections.isEmpty())
        {
            sections.addAll(List.of("pingpong", "pipelines"));
        }
        final PingPongComparison.Result[] pingPong = sections.contains("pingpong") ? pingPong(out) : null;
        final PipelineComparison.Result[] pipelines = sections.contains("pipelines") ? pipelines(out) : null;
        if (null != prefix)
        {
            SideBySideReport.write(Path.of(prefix), pingPong, pipelines);
            out.println("results: " + prefix + ".json and " + prefix + ".html");
        }
    }

    static PingPongComparison.Result[] pingPong(final PrintStream out) throws Exception
    {
        final int pings = 20_000;
        final int rate = 1_000;
        out.println("== the physical limit: Aeron's own ping-pong against the engine's Ping/Pong through the whole " +
            "pipeline; " + pings + " round trips at " + rate + "/s after a warm-up, default profile");
        final int port = 42_000 + 4 * java.util.concurrent.ThreadLocalRandom.current().nextInt(2_000);
        final PingPongComparison.Result[] results = {
            PingPongComparison.raw(false, pings, rate, port),
            PingPongComparison.engine(false, pings, rate, port + 2),
            PingPongComparison.raw(true, pings, rate, port),
            PingPongComparison.engine(true, pings, rate, port + 2),
        };
        out.printf(Locale.ROOT, "%-20s %10s %10s %10s %10s %10s%n", "round trip", "p50 us", "p99 us", "p99.9 us",
            "max us", "count");
        for (final PingPongComparison.Result r : results)
        {
            final Histogram h = r.rttNs();
            out.printf(Locale.ROOT, "%-20s %10.1f %10.1f %10.1f %10.1f %10d%n", r.name(),
                h.getValueAtPercentile(50) / 1e3, h.getValueAtPercentile(99) / 1e3,
                h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount());
        }
        for (int i = 0; i < results.length; i += 2)
        {
            final Histogram raw = results[i].rttNs();
            final Histogram engine = results[i + 1].rttNs();
            out.printf(Locale.ROOT, "%s engine / raw: p50 %.2f, p99 %.2f (target 1.5), p99.9 %.2f, max %.2f%n",
                i == 0 ? "udp" : "ipc", ratio(engine, raw, 50), ratio(engine, raw, 99), ratio(engine, raw, 99.9),
                engine.getMaxValue() / (double)raw.getMaxValue());
        }
        return results;
    }

    private static double ratio(final Histogram a, final Histogram b, final double percentile)
    {
        return a.getValueAtPercentile(percentile) / (double)b.getValueAtPercentile(percentile);
    }

    static PipelineComparison.Result[] pipelines(final PrintStream out) throws InterruptedException
    {
        out.println("== the queue baseline: logic + egress handlers (1,000-player arena room) joined by the ring or " +
            "by ArrayBlockingQueues, one thread per stage; throughput: median of " + PipelineComparison.THROUGHPUT_RUNS +
            " runs; latency: 20,000 events/s in 1 ms bursts for 3 s, publication to end of egress");
        final int rate = 20_000;
        final PipelineComparison.Result ring = PipelineComparison.measure(
            "ring (blocking-backoff), engine", "blocking-backoff", true, 5_000_000, rate, 3);
        final PipelineComparison.Result sleeping = PipelineComparison.measure(
            "ring (sleeping), engine handlers", "sleeping", true, 5_000_000, rate, 3);
        final PipelineComparison.Result yielding = PipelineComparison.measure(
            "ring (yielding), engine handlers", "yielding", true, 5_000_000, rate, 3);
        final PipelineComparison.Result phased = PipelineComparison.measure(
            "ring (phased), engine handlers", "phased", true, 5_000_000, rate, 3);
        final PipelineComparison.Result queue = PipelineComparison.measure(
            "queues, engine handlers", null, true, 5_000_000, rate, 3);
        final PipelineComparison.Result emptyRing = PipelineComparison.measure(
            "ring (blocking-backoff), empty", "blocking-backoff", false, 10_000_000, rate, 3);
        final PipelineComparison.Result emptyQueue = PipelineComparison.measure(
            "queues, empty handlers", null, false, 10_000_000, rate, 3);
        out.printf(Locale.ROOT, "%-32s %12s %21s %9s %9s %9s %9s%n", "pipeline", "events/s", "(min - max of " +
            PipelineComparison.THROUGHPUT_RUNS + ")", "p50 us", "p99 us", "p99.9 us", "max us");
        final PipelineComparison.Result[] results = { ring, sleeping, yielding, phased, queue, emptyRing, emptyQueue };
        for (final PipelineComparison.Result r : results)
        {
            final Histogram h = r.latencyNs();
            out.printf(Locale.ROOT, "%-32s %12.0f %10.0f - %9.0f %9.1f %9.1f %9.1f %9.1f%n", r.name(),
                r.eventsPerSecond(), r.minEventsPerSecond(), r.maxEventsPerSecond(), h.getValueAtPercentile(50) / 1e3,
                h.getValueAtPercentile(99) / 1e3, h.getValueAtPercentile(99.9) / 1e3, h.getMaxValue() / 1e3);
        }
        out.printf(Locale.ROOT, "throughput ratio ring / queues, engine handlers: %.1f blocking-backoff (the default " +
            "profile's), %.1f sleeping, %.1f yielding (target 10)%n", ring.eventsPerSecond() / queue.eventsPerSecond(),
            sleeping.eventsPerSecond() / queue.eventsPerSecond(), yielding.eventsPerSecond() / queue.eventsPerSecond());
        out.printf(Locale.ROOT, "throughput ratio ring / queues, empty handlers: %.1f blocking-backoff%n",
            emptyRing.eventsPerSecond() / emptyQueue.eventsPerSecond());
        out.printf(Locale.ROOT, "p99 latency ratio queues / ring at %d events/s: %.1f%n", rate,
            queue.latencyNs().getValueAtPercentile(99) / (double)ring.latencyNs().getValueAtPercentile(99));
        return results;
    }
}
