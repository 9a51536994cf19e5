package io.ringside.perf.loadgen;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The load report's plots: y-axis labels in a unit that keeps them short, with room for them left of the axis (they
 * were cut off at the edge, "5321615 ms"), and latency over time drawn from the interval log, a stall where it was.
 */
class LoadReportPlotTest
{
    @TempDir
    Path dir;

    @Test
    void axisLabelsAreShortAndFitLeftOfTheAxis()
    {
        assertEquals("0", LoadReport.duration(0));
        assertEquals("250 us", LoadReport.duration(0.25));
        assertEquals("12.5 ms", LoadReport.duration(12.5));
        assertEquals("5322 s", LoadReport.duration(5_321_615));
        assertArrayEquals(new String[]{ "0", "1330 s", "2661 s", "3991 s", "5322 s" },
            LoadReport.yLabels(5_321_615));
        for (final double yMax : new double[]{ 0.004, 3, 250, 72_000, 5_321_615 })
        {
            final String[] labels = LoadReport.yLabels(yMax);
            final int left = LoadReport.leftMargin(labels);
            for (final String label : labels)
            {
                assertTrue(label.length() <= 8, label);
                assertTrue(left - 4 >= 7 * label.length(), "'" + label + "' fits in " + left + " px");
            }
        }
    }

    @Test
    void latencyOverTimeShowsEverySecondAndTheStallWhereItWas() throws Exception
    {
        final Path hlog = dir.resolve("rtt.hlog");
        try (PrintStream out = new PrintStream(hlog.toFile()))
        {
            final HistogramLogWriter writer = new HistogramLogWriter(out);
            writer.setBaseTime(1_000_000L);
            writer.outputBaseTime(1_000_000L);
            writer.outputLegend();
            for (int second = 0; second < 10; second++)
            {
                final Histogram interval = new Histogram(3);
                interval.setStartTimeStamp(1_000_000L + second * 1000L);
                interval.setEndTimeStamp(1_000_000L + (second + 1) * 1000L);
                for (int i = 0; i < 1000; i++)
                {
                    interval.recordValue(6 == second ? 400_000_000L : 1_000_000L + i * 1000L);
                }
                writer.outputIntervalHistogram(interval);
            }
        }

        final String svg = LoadReport.overTime(hlog);
        final Matcher lines = Pattern.compile("<polyline[^>]*points=\"([^\"]+)\"").matcher(svg);
        int series = 0;
        while (lines.find())
        {
            final String[] points = lines.group(1).trim().split(" ");
            assertEquals(10, points.length, "a point a second");
            final double stallY = Double.parseDouble(points[6].split(",")[1]);
            final double calmY = Double.parseDouble(points[5].split(",")[1]);
            assertTrue(stallY < calmY, "the stall is drawn high, at second 6");
            series++;
        }
        assertEquals(3, series, "p50, p99 and max");
        assertTrue(svg.contains(">400 ms<") || svg.contains("ms</text>"), svg);
        assertEquals("", LoadReport.overTime(dir.resolve("missing.hlog")));
    }
}
