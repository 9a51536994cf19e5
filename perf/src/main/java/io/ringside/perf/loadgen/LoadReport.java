package io.ringside.perf.loadgen;

import io.ringside.codec.sbe.ErrorCode;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The load generator's report: a percentile table per metric on the console; and in the report folder an
 * {@code .hgrm} percentile distribution per metric, the {@code .hlog} interval logs (written during the run),
 * {@code summary.json}, and {@code report.html} with percentile plots drawn as inline SVG (no network needed).
 */
final class LoadReport
{
    private static final double[] PERCENTILES = { 50, 90, 99, 99.9, 99.99, 100 };
    private static final double[] PLOT_PERCENTILES =
        { 0, 25, 50, 75, 90, 95, 99, 99.5, 99.9, 99.95, 99.99, 99.995, 99.999, 100 };

    private final LoadGeneratorOptions options;
    private final LoadGenerator generator;
    private final List<Player> players;
    private final LoadGenerator.Counts before;
    private final LoadGenerator.Counts after;
    private final long measuredNs;
    private final long totalNs;
    private final long startMs;
    private final Metrics[] metrics;

    LoadReport(
        final LoadGeneratorOptions options,
        final LoadGenerator generator,
        final List<Player> players,
        final LoadGenerator.Counts before,
        final LoadGenerator.Counts after,
        final long measuredNs,
        final long totalNs,
        final long startMs)
    {
        this.options = options;
        this.generator = generator;
        this.players = players;
        this.before = before;
        this.after = after;
        this.measuredNs = measuredNs;
        this.totalNs = totalNs;
        this.startMs = startMs;
        this.metrics = new Metrics[]{ generator.rtt, generator.inputAck, generator.snapshotInterval, generator.connect };
    }

    private double seconds()
    {
        return measuredNs / 1e9;
    }

    void print(final PrintStream out)
    {
        out.println();
        out.printf(Locale.ROOT, "Ringside load report: %d players, %s, inputs %.0f/s and pings %.0f/s per player, " +
            "%.1f s measured after %.1f s warm-up%n", options.players, null != options.webSocketUrl ? "WebSocket " + options.webSocketUrl :
            options.ipc ? "IPC" : "UDP " + options.ingressChannel, options.inputRate, options.pingRate, seconds(), options.warmupNs / 1e9);
        out.println("latency in milliseconds; fixed-rate sends are timed from when they were due " +
            "(coordinated omission corrected)");
        out.printf(Locale.ROOT, "%-18s %10s %9s %9s %9s %9s %9s %9s %9s%n",
            "metric", "count", "mean", "p50", "p90", "p99", "p99.9", "p99.99", "max");
        for (final Metrics m : metrics)
        {
            final Histogram h = m.total();
            out.printf(Locale.ROOT, "%-18s %10d %9.3f", m.name, h.getTotalCount(), h.getMean() / 1e6);
            for (final double p : PERCENTILES)
            {
                out.printf(Locale.ROOT, " %9.3f", h.getValueAtPercentile(p) / 1e6);
            }
            out.println();
        }
        out.printf(Locale.ROOT, "throughput: inputs sent %.0f/s, pings %.0f/s, pongs %.0f/s, snapshots received " +
            "%.0f/s%n", rate(after.inputs - before.inputs), rate(after.pings - before.pings),
            rate(after.pongs - before.pongs), rate(after.snapshots - before.snapshots));
        out.printf(Locale.ROOT, "snapshots per player per second: min %.1f, mean %.1f (over %d players)%n",
            minSnapshotsPerPlayerSecond(), meanSnapshotsPerPlayerSecond(), players.size());
        out.printf(Locale.ROOT, "traffic: out %d messages %.1f MB (%.2f MB/s), in %d messages %.1f MB (%.2f MB/s)%n",
            after.messagesOut - before.messagesOut, (after.bytesOut - before.bytesOut) / 1e6,
            rate(after.bytesOut - before.bytesOut) / 1e6, after.messagesIn - before.messagesIn,
            (after.bytesIn - before.bytesIn) / 1e6, rate(after.bytesIn - before.bytesIn) / 1e6);
        out.printf("sequence violations: %d (whole run)   declared skips: %d   invalid messages: %d   " +
            "sends back-pressured: %d%n", after.sequenceViolations, after.declaredSkips, after.invalid,
            after.backPressured);
        out.printf("room streams (whole run): gaps %d (%d messages lost)   deltas waiting for a keyframe %d   " +
            "restarts %d%n", after.roomStreamGaps, after.roomStreamMessagesLost, after.roomStreamDeltasWithoutBaseline,
            after.roomStreamRestarts);
        out.printf("errors by code: %s   players seated at the end: %d of %d   told SHUTTING_DOWN: %d%n", errors(),
            generator.connectedPlayers(), players.size(), players.stream().filter(p -> p.shuttingDownSeen).count());
        if (options.lobbySessions > 0)
        {
            final Histogram lobbyRtt = generator.lobbyRtt.total();
            out.printf(Locale.ROOT, "lobby: %d idle sessions in no room, pinging every %.1f s: %d answered in the last " +
                "interval; in the measured time %d pings, %d answered (at least %d each), longest silence %.2f s; " +
                "rtt p50 %.3f ms, p99 %.3f ms%n", options.lobbySessions, options.lobbyPingIntervalNs / 1e9,
                generator.lobbyOpenAtEnd, generator.lobbyPingsMeasured, generator.lobbyPongsMeasured,
                generator.lobbyMinPongs, generator.lobbyLongestSilenceNs / 1e9,
                lobbyRtt.getValueAtPercentile(50) / 1e6, lobbyRtt.getValueAtPercentile(99) / 1e6);
        }
        if (resumes() + resumeFailures() > 0)
        {
            out.printf("sessions resumed by themselves: %d   resumes given up: %d   sends held back while resuming: %d%n",
                resumes(), resumeFailures(), players.stream().mapToLong(p -> p.sendsWhileResuming).sum());
        }
    }

    /**
     * @return the fewest snapshots a player received per measured second: what "every player is served" is judged on.
     */
    double minSnapshotsPerPlayerSecond()
    {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < after.snapshotsByPlayer.length; i++)
        {
            min = Math.min(min, after.snapshotsByPlayer[i] - before.snapshotsByPlayer[i]);
        }
        return after.snapshotsByPlayer.length == 0 ? 0 : rate(min);
    }

    double meanSnapshotsPerPlayerSecond()
    {
        return after.snapshotsByPlayer.length == 0 ? 0 :
            rate(after.snapshots - before.snapshots) / after.snapshotsByPlayer.length;
    }

    private long resumes()
    {
        return players.stream().mapToLong(p -> p.client.resumes()).sum();
    }

    private long resumeFailures()
    {
        return players.stream().mapToLong(p -> p.client.resumeFailures()).sum();
    }

    private double rate(final long count)
    {
        return count / seconds();
    }

    private String errors()
    {
        final StringBuilder sb = new StringBuilder();
        for (final ErrorCode code : ErrorCode.values())
        {
            if (ErrorCode.NULL_VAL != code && generator.errorsByCode[code.value()] > 0)
            {
                sb.append(sb.length() > 0 ? ", " : "").append(code).append('=').append(generator.errorsByCode[code.value()]);
            }
        }
        return sb.length() == 0 ? "none" : sb.toString();
    }

    void write(final Path dir) throws IOException
    {
        for (final Metrics m : metrics)
        {
            try (PrintStream out = new PrintStream(dir.resolve(m.name + ".hgrm").toFile(), StandardCharsets.UTF_8))
            {
                m.total().outputPercentileDistribution(out, 1e6);
            }
        }
        Files.writeString(dir.resolve("summary.json"), json());
        Files.writeString(dir.resolve("report.html"), html(dir));
        try (PrintStream out = new PrintStream(dir.resolve("report.txt").toFile(), StandardCharsets.UTF_8))
        {
            print(out);
        }
    }

    private String json()
    {
        final StringBuilder sb = new StringBuilder(4096);
        sb.append("{\n");
        sb.append(String.format(Locale.ROOT, "  \"startEpochMs\": %d,%n  \"players\": %d,%n  \"transport\": \"%s\",%n" +
            "  \"inputRateHz\": %.1f,%n  \"pingRateHz\": %.1f,%n  \"warmupSeconds\": %.3f,%n  " +
            "\"measuredSeconds\": %.3f,%n  \"totalSeconds\": %.3f,%n", startMs, options.players,
            null != options.webSocketUrl ? "ws" : options.ipc ? "ipc" : "udp", options.inputRate, options.pingRate, options.warmupNs / 1e9, seconds(),
            totalNs / 1e9));
        sb.append("  \"latencyMs\": {\n");
        for (int i = 0; i < metrics.length; i++)
        {
            final Histogram h = metrics[i].total();
            sb.append(String.format(Locale.ROOT, "    \"%s\": {\"count\": %d, \"mean\": %.6f, \"p50\": %.6f, " +
                "\"p90\": %.6f, \"p99\": %.6f, \"p999\": %.6f, \"p9999\": %.6f, \"max\": %.6f}%s%n",
                metrics[i].name, h.getTotalCount(), h.getMean() / 1e6, h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.9) / 1e6, h.getValueAtPercentile(99.99) / 1e6, h.getMaxValue() / 1e6,
                i + 1 < metrics.length ? "," : ""));
        }
        sb.append("  },\n");
        sb.append(String.format(Locale.ROOT, "  \"counts\": {\"inputsSent\": %d, \"pingsSent\": %d, " +
            "\"pongsReceived\": %d, \"snapshotsReceived\": %d, \"messagesOut\": %d, \"bytesOut\": %d, " +
            "\"messagesIn\": %d, \"bytesIn\": %d, \"sequenceViolations\": %d, \"declaredSkips\": %d, " +
            "\"invalidMessages\": %d, \"sendsBackPressured\": %d, \"playersSeatedAtEnd\": %d, " +
            "\"playersToldShuttingDown\": %d, \"resumes\": %d, \"resumeFailures\": %d, " +
            "\"sendsWhileResuming\": %d, \"roomStreamGaps\": %d, \"roomStreamMessagesLost\": %d, " +
            "\"roomStreamDeltasWithoutBaseline\": %d, \"roomStreamRestarts\": %d},%n",
            after.inputs - before.inputs, after.pings - before.pings, after.pongs - before.pongs,
            after.snapshots - before.snapshots, after.messagesOut - before.messagesOut, after.bytesOut - before.bytesOut,
            after.messagesIn - before.messagesIn, after.bytesIn - before.bytesIn, after.sequenceViolations,
            after.declaredSkips, after.invalid, after.backPressured, generator.connectedPlayers(),
            players.stream().filter(p -> p.shuttingDownSeen).count(), resumes(), resumeFailures(),
            players.stream().mapToLong(p -> p.sendsWhileResuming).sum(), after.roomStreamGaps,
            after.roomStreamMessagesLost, after.roomStreamDeltasWithoutBaseline, after.roomStreamRestarts));
        sb.append(String.format(Locale.ROOT, "  \"snapshotsPerPlayerSecond\": {\"min\": %.3f, \"mean\": %.3f},%n",
            minSnapshotsPerPlayerSecond(), meanSnapshotsPerPlayerSecond()));
        sb.append(String.format(Locale.ROOT, "  \"wholeRun\": {\"inputsSent\": %d, \"pingsSent\": %d},%n",
            generator.inputsSent, generator.pingsSent));
        sb.append(String.format(Locale.ROOT, "  \"rttHistogram\": \"%s\",%n", encoded(generator.rtt.total())));
        final Histogram lobbyRtt = generator.lobbyRtt.total();
        sb.append(String.format(Locale.ROOT, "  \"lobby\": {\"lobbySessions\": %d, \"lobbyPingIntervalMs\": %.1f, " +
            "\"lobbyOpenAtEnd\": %d, \"lobbyPings\": %d, \"lobbyPongs\": %d, \"lobbyMinPongs\": %d, " +
            "\"lobbyLongestSilenceMs\": %.1f, \"lobbyRttP50Ms\": %.3f, \"lobbyRttP99Ms\": %.3f},%n",
            options.lobbySessions, options.lobbyPingIntervalNs / 1e6, generator.lobbyOpenAtEnd,
            generator.lobbyPingsMeasured, generator.lobbyPongsMeasured, generator.lobbyMinPongs,
            generator.lobbyLongestSilenceNs / 1e6,
            lobbyRtt.getValueAtPercentile(50) / 1e6, lobbyRtt.getValueAtPercentile(99) / 1e6));
        sb.append("  \"errors\": {");
        boolean first = true;
        for (final ErrorCode code : ErrorCode.values())
        {
            if (ErrorCode.NULL_VAL != code && generator.errorsByCode[code.value()] > 0)
            {
                sb.append(first ? "" : ", ").append('"').append(code).append("\": ")
                    .append(generator.errorsByCode[code.value()]);
                first = false;
            }
        }
        sb.append("}\n}\n");
        return sb.toString();
    }

    /**
     * @return the histogram, compressed ({@link Histogram#encodeIntoCompressedByteBuffer}) and in base64: what lets
     * the reports of several load generator processes be added into one distribution.
     */
    private static String encoded(final Histogram histogram)
    {
        final ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        final int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }

    private String html(final Path dir)
    {
        final StringBuilder sb = new StringBuilder(16 * 1024);
        sb.append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Ringside load report</title><style>")
            .append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse}")
            .append("td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}th{background:#f4f4f4}")
            .append("svg{border:1px solid #ddd;margin:1em 0}</style></head><body>");
        sb.append("<h1>Ringside load report</h1><p>").append(options.players).append(" players, ")
            .append(options.transportName()).append(String.format(Locale.ROOT,
            ", %.0f inputs/s and %.0f pings/s per player, %.1f s measured after %.1f s warm-up. Latencies in ms; " +
            "fixed-rate sends are timed from when they were due (coordinated omission corrected).</p>",
            options.inputRate, options.pingRate, seconds(), options.warmupNs / 1e9));
        sb.append("<table><tr><th>metric</th><th>count</th><th>mean</th>");
        for (final double p : PERCENTILES)
        {
            sb.append("<th>").append(p == 100 ? "max" : "p" + fmt(p)).append("</th>");
        }
        sb.append("</tr>");
        for (final Metrics m : metrics)
        {
            final Histogram h = m.total();
            sb.append("<tr><td style=\"text-align:left\">").append(m.name).append("</td><td>")
                .append(h.getTotalCount()).append("</td><td>").append(ms(h.getMean())).append("</td>");
            for (final double p : PERCENTILES)
            {
                sb.append("<td>").append(ms(h.getValueAtPercentile(p))).append("</td>");
            }
            sb.append("</tr>");
        }
        sb.append("</table>");
        sb.append(String.format(Locale.ROOT, "<p>Sequence violations: %d. Declared skips: %d. Invalid messages: %d. " +
            "Errors: %s.</p>", after.sequenceViolations, after.declaredSkips, after.invalid, errors()));
        for (final Metrics m : metrics)
        {
            sb.append("<h2>").append(m.name).append("</h2><p>").append(m.description).append("</p>");
            sb.append(plot(m.total()));
            sb.append(overTime(dir.resolve(m.name + ".hlog")));
        }
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /**
     * A percentile plot: x is the percentile on the usual 1/(1-p) log scale, y the latency in ms.
     */
    private static String plot(final Histogram h)
    {
        final int width = 720;
        final int height = 300;
        final int bottom = 30;
        final double xMax = 5;
        final double yMax = Math.max(1e-3, h.getMaxValue() / 1e6) * 1.05;
        final String[] yLabels = yLabels(yMax);
        final int left = leftMargin(yLabels);
        final StringBuilder sb = new StringBuilder();
        axes(sb, left, width, height, bottom, yLabels);
        final String[] labels = { "0%", "90%", "99%", "99.9%", "99.99%", "99.999%" };
        for (int i = 0; i <= 5; i++)
        {
            final double x = left + width * i / xMax;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" " +
                "text-anchor=\"middle\">%s</text>", x, height + 18, labels[i]));
        }
        sb.append("<polyline fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2\" points=\"");
        for (final double p : PLOT_PERCENTILES)
        {
            final double xValue = Math.min(xMax, Math.log10(1.0 / Math.max(1e-5, 1.0 - p / 100.0)));
            final double value = h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(p) / 1e6;
            sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + width * xValue / xMax,
                height - height * Math.min(1.0, value / yMax)));
        }
        sb.append("\"/></svg>");
        return sb.toString();
    }

    /**
     * Latency over the measured time, from the one-second interval histograms of a {@code .hlog}: p50, p99 and the
     * maximum of each second, so that a stall shows where it happened. Empty when the log is missing or empty.
     */
    static String overTime(final Path hlog)
    {
        final List<double[]> seconds = new ArrayList<>();
        if (Files.exists(hlog))
        {
            try (HistogramLogReader reader = new HistogramLogReader(hlog.toFile()))
            {
                EncodableHistogram interval;
                while (null != (interval = reader.nextIntervalHistogram()))
                {
                    final Histogram h = (Histogram)interval;
                    seconds.add(new double[]{ h.getStartTimeStamp() / 1e3, h.getValueAtPercentile(50) / 1e6,
                        h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6 });
                }
            }
            catch (final IOException | RuntimeException ex)
            {
                return "<p>(no latency over time: " + ex.getMessage() + ")</p>";
            }
        }
        if (seconds.isEmpty())
        {
            return "";
        }
        final double start = seconds.get(0)[0];
        double tMax = 1;
        double yMax = 1e-3;
        for (final double[] second : seconds)
        {
            tMax = Math.max(tMax, second[0] - start + 1);
            yMax = Math.max(yMax, second[3] * 1.05);
        }
        final int width = 720;
        final int height = 240;
        final int bottom = 30;
        final String[] yLabels = yLabels(yMax);
        final int left = leftMargin(yLabels);
        final StringBuilder sb = new StringBuilder("<p>Over the measured time, per second: ")
            .append("<span style=\"color:#1f6fb2\">p50</span>, <span style=\"color:#d9822b\">p99</span>, ")
            .append("<span style=\"color:#b22222\">max</span>.</p>");
        axes(sb, left, width, height, bottom, yLabels);
        for (int i = 0; i <= 4; i++)
        {
            final double t = tMax * i / 4;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" " +
                "text-anchor=\"middle\">%s s</text>", left + width * t / tMax, height + 18, fmt(Math.round(t))));
        }
        final String[] colours = { "#1f6fb2", "#d9822b", "#b22222" };
        for (int series = 0; series < 3; series++)
        {
            sb.append("<polyline fill=\"none\" stroke=\"").append(colours[series])
                .append("\" stroke-width=\"1.5\" points=\"");
            for (final double[] second : seconds)
            {
                sb.append(String.format(Locale.ROOT, "%.1f,%.1f ", left + width * (second[0] - start + 0.5) / tMax,
                    height - height * Math.min(1.0, second[1 + series] / yMax)));
            }
            sb.append("\"/>");
        }
        sb.append("</svg>");
        return sb.toString();
    }

    /**
     * The y-axis labels at 0, 1/4, ... of {@code yMaxMs}, each in the unit that keeps it short (us, ms or s).
     */
    static String[] yLabels(final double yMaxMs)
    {
        final String[] labels = new String[5];
        for (int i = 0; i <= 4; i++)
        {
            labels[i] = duration(yMaxMs * i / 4);
        }
        return labels;
    }

    static String duration(final double ms)
    {
        if (0 == ms)
        {
            return "0";
        }
        if (ms < 1)
        {
            return significant(ms * 1e3, 3) + " us";
        }
        if (ms < 1000)
        {
            return significant(ms, 3) + " ms";
        }
        return significant(ms / 1e3, 4) + " s";
    }

    private static String significant(final double value, final int digits)
    {
        return new java.math.BigDecimal(value).round(new java.math.MathContext(digits)).stripTrailingZeros()
            .toPlainString();
    }

    /**
     * A left margin wide enough for the longest label (about 7 px a character at 11 px, and some air).
     */
    static int leftMargin(final String[] labels)
    {
        int longest = 0;
        for (final String label : labels)
        {
            longest = Math.max(longest, label.length());
        }
        return 12 + 7 * longest;
    }

    private static void axes(
        final StringBuilder sb, final int left, final int width, final int height, final int bottom,
        final String[] yLabels)
    {
        sb.append("<svg width=\"").append(width + left + 20).append("\" height=\"").append(height + bottom + 20)
            .append("\" xmlns=\"http://www.w3.org/2000/svg\">");
        sb.append("<line x1=\"").append(left).append("\" y1=\"").append(height).append("\" x2=\"")
            .append(left + width).append("\" y2=\"").append(height).append("\" stroke=\"#888\"/>");
        sb.append("<line x1=\"").append(left).append("\" y1=\"0\" x2=\"").append(left).append("\" y2=\"")
            .append(height).append("\" stroke=\"#888\"/>");
        for (int i = 0; i < yLabels.length; i++)
        {
            final double y = height - height * i / (double)(yLabels.length - 1);
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" " +
                "text-anchor=\"end\">%s</text>", left - 4, y + 4, yLabels[i]));
        }
    }

    private static String ms(final double nanos)
    {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
    }

    private static String fmt(final double value)
    {
        return value == Math.rint(value) ? String.format(Locale.ROOT, "%.0f", value) :
            String.format(Locale.ROOT, "%s", value);
    }

    boolean limitsBroken(final PrintStream out)
    {
        boolean broken = false;
        final double p99Rtt = generator.rtt.total().getValueAtPercentile(99) / 1e6;
        if (!Double.isNaN(options.maxP99RttMs) && p99Rtt > options.maxP99RttMs)
        {
            out.printf(Locale.ROOT, "LIMIT BROKEN: p99 rtt %.3f ms > %.3f ms%n", p99Rtt, options.maxP99RttMs);
            broken = true;
        }
        final double p99Ack = generator.inputAck.total().getValueAtPercentile(99) / 1e6;
        if (!Double.isNaN(options.maxP99InputAckMs) && p99Ack > options.maxP99InputAckMs)
        {
            out.printf(Locale.ROOT, "LIMIT BROKEN: p99 input-ack %.3f ms > %.3f ms%n", p99Ack, options.maxP99InputAckMs);
            broken = true;
        }
        if (after.sequenceViolations > options.maxSequenceViolations)
        {
            out.printf("LIMIT BROKEN: %d sequence violations > %d%n", after.sequenceViolations,
                options.maxSequenceViolations);
            broken = true;
        }
        if (generator.rtt.total().getTotalCount() == 0 && options.pingRate > 0)
        {
            out.println("LIMIT BROKEN: no pong was received");
            broken = true;
        }
        return broken;
    }
}
