package io.ringside.perf.loadgen;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.SingleWriterRecorder;

import java.io.FileNotFoundException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * One latency metric: a recorder written by the load generator's thread, cut into one-second interval histograms
 * that go to a HistogramLogWriter log ({@code .hlog}), and a total over the measured period. Values in nanoseconds,
 * 1 ns to 60 s at three significant digits.
 */
final class Metrics
{
    static final long HIGHEST_TRACKABLE_NS = 60_000_000_000L;

    final String name;
    final String description;
    private final SingleWriterRecorder recorder = new SingleWriterRecorder(HIGHEST_TRACKABLE_NS, 3);
    private final Histogram total = new Histogram(HIGHEST_TRACKABLE_NS, 3);
    private Histogram interval;
    private Histogram lastInterval = new Histogram(HIGHEST_TRACKABLE_NS, 3);
    private HistogramLogWriter log;
    private long clamped;

    Metrics(final String name, final String description)
    {
        this.name = name;
        this.description = description;
    }

    void record(final long valueNs)
    {
        if (valueNs < 0)
        {
            return;
        }
        if (valueNs > HIGHEST_TRACKABLE_NS)
        {
            clamped++;
            recorder.recordValue(HIGHEST_TRACKABLE_NS);
            return;
        }
        recorder.recordValue(valueNs);
    }

    /**
     * Start writing interval histograms to {@code dir/name.hlog}.
     */
    void startLog(final Path dir, final long startTimeMs) throws FileNotFoundException
    {
        log = new HistogramLogWriter(new PrintStream(dir.resolve(name + ".hlog").toFile()));
        log.outputComment("Ringside load generator: " + description + ", values in nanoseconds");
        log.outputLogFormatVersion();
        log.setBaseTime(startTimeMs);
        log.outputBaseTime(startTimeMs);
        log.outputLegend();
    }

    /**
     * Close the current interval.
     *
     * @param measuring whether the interval counts towards the total (false during warm-up).
     */
    Histogram cut(final boolean measuring)
    {
        interval = recorder.getIntervalHistogram(interval);
        if (measuring)
        {
            total.add(interval);
            if (null != log)
            {
                log.outputIntervalHistogram(interval);
            }
        }
        lastInterval = interval;
        return interval;
    }

    Histogram lastInterval()
    {
        return lastInterval;
    }

    Histogram total()
    {
        return total;
    }

    long clamped()
    {
        return clamped;
    }

    void closeLog()
    {
        if (null != log)
        {
            log.close();
        }
    }
}
