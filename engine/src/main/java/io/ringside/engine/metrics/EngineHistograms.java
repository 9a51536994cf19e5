package io.ringside.engine.metrics;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The engine's own latency histograms, each recorded by the one stage thread that owns it (allocation-free
 * {@link SingleWriterRecorder}s) and read by whoever prints them, at shutdown or on demand:
 * <ul>
 *   <li>{@code ring-residence}: from when ingress stamped a client message to when the logic handler picks it up;</li>
 *   <li>{@code tick-duration}: the logic handler's work for one TICK (every room simulated, frames written);</li>
 *   <li>{@code snapshot-encode}: egress choosing and encoding one client's snapshot;</li>
 *   <li>{@code journal-commit}: one journal transaction, retries included.</li>
 * </ul>
 * Values are nanoseconds, up to a minute, three significant digits; larger ones are recorded as the maximum. With
 * several egress shards, {@code snapshot-encode} has a recorder per shard, each written by its shard's thread; they
 * are read as one.
 */
public final class EngineHistograms
{
    private static final long HIGHEST = 60_000_000_000L;

    public enum Metric
    {
        RING_RESIDENCE("ring-residence", false),
        TICK_DURATION("tick-duration", false),
        SNAPSHOT_ENCODE("snapshot-encode", true),
        JOURNAL_COMMIT("journal-commit", false);

        final String label;
        final boolean perEgressShard;

        Metric(final String label, final boolean perEgressShard)
        {
            this.label = label;
            this.perEgressShard = perEgressShard;
        }

        public String label()
        {
            return label;
        }
    }

    /**
     * [metric ordinal][writer]: one recorder per writing thread.
     */
    private final SingleWriterRecorder[][] recorders = new SingleWriterRecorder[Metric.values().length][];
    private final Histogram[] totals = new Histogram[Metric.values().length];
    /**
     * [metric ordinal][writer]: each recorder's last interval histogram, recycled by that recorder only.
     */
    private final Histogram[][] intervals = new Histogram[Metric.values().length][];

    public EngineHistograms()
    {
        this(1);
    }

    /**
     * @param egressShards how many egress threads record {@code snapshot-encode}, each into its own recorder.
     */
    public EngineHistograms(final int egressShards)
    {
        for (final Metric metric : Metric.values())
        {
            final SingleWriterRecorder[] writers = new SingleWriterRecorder[metric.perEgressShard ? egressShards : 1];
            for (int w = 0; w < writers.length; w++)
            {
                writers[w] = new SingleWriterRecorder(1, HIGHEST, 3);
            }
            recorders[metric.ordinal()] = writers;
            intervals[metric.ordinal()] = new Histogram[writers.length];
            totals[metric.ordinal()] = new Histogram(1, HIGHEST, 3);
        }
    }

    /**
     * @return how many egress shards have a recorder of their own.
     */
    public int egressShards()
    {
        return recorders[Metric.SNAPSHOT_ENCODE.ordinal()].length;
    }

    /**
     * Record one value; called only by the thread that owns the metric (egress shard 0 for an egress metric).
     */
    public void record(final Metric metric, final long valueNs)
    {
        record(metric, 0, valueNs);
    }

    /**
     * Record one value; called only by the thread of {@code writer} (an egress shard's index, else 0).
     */
    public void record(final Metric metric, final int writer, final long valueNs)
    {
        recorders[metric.ordinal()][writer].recordValue(Math.min(Math.max(valueNs, 1), HIGHEST));
    }

    /**
     * @return everything recorded so far for a metric (a copy).
     */
    public synchronized Histogram total(final Metric metric)
    {
        collect();
        return totals[metric.ordinal()].copy();
    }

    private void collect()
    {
        for (int i = 0; i < recorders.length; i++)
        {
            for (int w = 0; w < recorders[i].length; w++)
            {
                intervals[i][w] = recorders[i][w].getIntervalHistogram(intervals[i][w]);
                totals[i].add(intervals[i][w]);
            }
        }
    }

    /**
     * Print a percentile table of everything recorded since the engine started, in microseconds.
     */
    public synchronized void print(final PrintStream out)
    {
        collect();
        out.println("engine latency in microseconds (since start)");
        out.printf("%-16s %10s %10s %10s %10s %10s %10s %10s%n",
            "metric", "count", "p50", "p90", "p99", "p99.9", "p99.99", "max");
        for (final Metric metric : Metric.values())
        {
            final Histogram h = totals[metric.ordinal()];
            out.printf(Locale.ROOT, "%-16s %10d %10.1f %10.1f %10.1f %10.1f %10.1f %10.1f%n", metric.label,
                h.getTotalCount(), us(h, 50), us(h, 90), us(h, 99), us(h, 99.9), us(h, 99.99), h.getMaxValue() / 1e3);
        }
        out.flush();
    }

    private static double us(final Histogram h, final double percentile)
    {
        return h.getValueAtPercentile(percentile) / 1e3;
    }
}
