package io.ringside.perf;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Writes the side-by-side results as JSON (every figure) and as an HTML page (the tables and the scaling curves as
 * inline SVG, no network needed).
 */
final class SideBySideReport
{
    private SideBySideReport()
    {
    }

    static void write(
        final Path prefix,
        final PingPongComparison.Result[] pingPong,
        final PipelineComparison.Result[] pipelines,
        final List<CapacityRun.Step> capacity) throws IOException
    {
        final StringBuilder json = new StringBuilder("{\n");
        final StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">" +
            "<title>Ringside side by side</title><style>body{font-family:sans-serif;margin:2em}" +
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}" +
            "svg{border:1px solid #ddd;margin:1em 1em 0 0}</style></head><body><h1>Ringside side by side</h1>");
        html.append("<p>").append(escape(machine())).append("</p>");

        if (null != pingPong)
        {
            json.append("  \"pingPongMicros\": {");
            html.append("<h2>Ping round trip: raw Aeron against the engine</h2><table><tr><th>round trip</th>" +
                "<th>p50 us</th><th>p99 us</th><th>p99.9 us</th><th>max us</th></tr>");
            for (int i = 0; i < pingPong.length; i++)
            {
                final Histogram h = pingPong[i].rttNs();
                json.append(String.format(Locale.ROOT, "%s\"%s\": {\"p50\": %.1f, \"p99\": %.1f, \"p999\": %.1f, " +
                    "\"max\": %.1f}", i > 0 ? ", " : "", pingPong[i].name(), us(h, 50), us(h, 99), us(h, 99.9),
                    h.getMaxValue() / 1e3));
                html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.1f</td><td>%.1f</td><td>%.1f</td>" +
                    "<td>%.1f</td></tr>", pingPong[i].name(), us(h, 50), us(h, 99), us(h, 99.9), h.getMaxValue() / 1e3));
            }
            json.append("},\n");
            html.append("</table>");
        }

        if (null != pipelines)
        {
            json.append("  \"pipelines\": {");
            html.append("<h2>The ring against ArrayBlockingQueues</h2><table><tr><th>pipeline</th><th>events/s</th>" +
                "<th>p50 us</th><th>p99 us</th><th>p99.9 us</th></tr>");
            for (int i = 0; i < pipelines.length; i++)
            {
                final PipelineComparison.Result r = pipelines[i];
                final Histogram h = r.latencyNs();
                json.append(String.format(Locale.ROOT, "%s\"%s\": {\"eventsPerSecond\": %.0f, \"min\": %.0f, " +
                    "\"max\": %.0f, \"p50Micros\": %.1f, \"p99Micros\": %.1f}", i > 0 ? ", " : "", r.name(),
                    r.eventsPerSecond(), r.minEventsPerSecond(), r.maxEventsPerSecond(), us(h, 50), us(h, 99)));
                html.append(String.format(Locale.ROOT, "<tr><td>%s</td><td>%.0f</td><td>%.1f</td><td>%.1f</td>" +
                    "<td>%.1f</td></tr>", r.name(), r.eventsPerSecond(), us(h, 50), us(h, 99), us(h, 99.9)));
            }
            json.append("},\n");
            html.append("</table>");
        }

        if (null != capacity)
        {
            json.append("  \"capacity\": [");
            html.append("<h2>Capacity and scaling (engine and load generator as processes, IPC)</h2><table><tr>" +
                "<th>players</th><th>p99 rtt ms</th><th>p99 tick ms</th><th>engine cores</th>" +
                "<th>cpu us per player-second</th><th>bytes/s out</th><th>meets</th></tr>");
            for (int i = 0; i < capacity.size(); i++)
            {
                final CapacityRun.Step s = capacity.get(i);
                json.append(String.format(Locale.ROOT, "%s{\"players\": %d, \"p99RttMs\": %.3f, \"p99TickMs\": %.3f, " +
                    "\"engineCores\": %.3f, \"cpuMicrosPerPlayerSecond\": %.1f, \"bytesOutPerSecond\": %.0f, " +
                    "\"sequenceViolations\": %d, \"allSeated\": %b, \"meets\": %b}", i > 0 ? ", " : "", s.players(),
                    s.p99RttMs(), s.p99TickMs(), s.engineCpuCores(), s.cpuMicrosPerPlayerSecond(),
                    s.bytesOutPerSecond(), s.sequenceViolations(), s.allSeated(), s.meets(2.0, 1.0)));
                html.append(String.format(Locale.ROOT, "<tr><td>%d</td><td>%.3f</td><td>%.3f</td><td>%.2f</td>" +
                    "<td>%.1f</td><td>%.0f</td><td>%s</td></tr>", s.players(), s.p99RttMs(), s.p99TickMs(),
                    s.engineCpuCores(), s.cpuMicrosPerPlayerSecond(), s.bytesOutPerSecond(),
                    s.meets(2.0, 1.0) ? "yes" : "no"));
            }
            json.append("],\n");
            html.append("</table>");
            html.append(chart("CPU per player (us per player-second)", capacity, CapacityRun.Step::cpuMicrosPerPlayerSecond));
            html.append(chart("bytes per second out (MB/s)", capacity, s -> s.bytesOutPerSecond() / 1e6));
            html.append(chart("p99 ping round trip (ms)", capacity, CapacityRun.Step::p99RttMs));
            html.append(chart("p99 tick duration (ms)", capacity, CapacityRun.Step::p99TickMs));
        }

        json.append("  \"machine\": \"").append(escape(machine())).append("\"\n}\n");
        html.append("</body></html>\n");
        Files.writeString(Path.of(prefix + ".json"), json);
        Files.writeString(Path.of(prefix + ".html"), html);
    }

    private static String chart(
        final String title, final List<CapacityRun.Step> steps, final ToDoubleFunction<CapacityRun.Step> value)
    {
        final int width = 420;
        final int height = 220;
        final int left = 60;
        final int bottom = 30;
        double max = 0;
        for (final CapacityRun.Step s : steps)
        {
            max = Math.max(max, value.applyAsDouble(s));
        }
        max = max <= 0 ? 1 : max * 1.1;
        final int maxPlayers = steps.stream().mapToInt(CapacityRun.Step::players).max().orElse(1);
        final StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "<svg width=\"%d\" height=\"%d\" xmlns=\"http://www.w3.org/2000/svg\">",
            width + left + 20, height + bottom + 30));
        sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"14\" font-size=\"13\">%s</text>", left,
            escape(title)));
        final int top = 24;
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left,
            top + height, left + width, top + height));
        sb.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#888\"/>", left,
            top, left, top + height));
        for (int i = 0; i <= 4; i++)
        {
            sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">" +
                "%.3g</text>", left - 4, top + height - height * i / 4.0 + 4, max * i / 4));
        }
        final StringBuilder points = new StringBuilder();
        for (final CapacityRun.Step s : steps)
        {
            final double x = left + width * s.players() / (double)maxPlayers;
            final double y = top + height - height * Math.min(1, value.applyAsDouble(s) / max);
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
            sb.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#1f6fb2\"/>" +
                "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">%d</text>", x, y, x,
                top + height + 16, s.players()));
        }
        sb.append("<polyline fill=\"none\" stroke=\"#1f6fb2\" stroke-width=\"2\" points=\"").append(points)
            .append("\"/></svg>");
        return sb.toString();
    }

    private static double us(final Histogram h, final double percentile)
    {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    static String machine()
    {
        return Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " " +
            System.getProperty("os.version") + ", " + System.getProperty("java.vm.name") + " " +
            System.getProperty("java.version") + ", max heap " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB";
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "'");
    }
}
