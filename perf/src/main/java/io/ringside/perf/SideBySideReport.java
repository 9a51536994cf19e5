package io.ringside.perf;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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
        final PipelineComparison.Result[] pipelines) throws IOException
    {
        final StringBuilder json = new StringBuilder("{\n");
        final StringBuilder html = new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\">" +
            "<title>Ringside side by side</title><style>body{font-family:sans-serif;margin:2em}" +
            "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}" +
            "svg{border:1px solid #ddd;margin:1em 1em 0 0}</style></head><body><h1>Ringside side by side</h1>");
        html.append("<p>").append(escape(Machine.describe())).append("</p>");

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

        json.append("  \"machine\": \"").append(escape(Machine.describe())).append("\"\n}\n");
        html.append("</body></html>\n");
        Files.writeString(Path.of(prefix + ".json"), json);
        Files.writeString(Path.of(prefix + ".html"), html);
    }

    private static double us(final Histogram h, final double percentile)
    {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "'");
    }
}
