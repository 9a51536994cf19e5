package io.ringside.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * One read of an engine's Prometheus endpoint ({@code /metrics} on loopback): every sample line by its full name,
 * labels included, e.g. {@code ringside_rejects_total{code="AUTH_FAILED"}}.
 */
public final class MetricsScrape
{
    private final Map<String, Double> samples;

    private MetricsScrape(final Map<String, Double> samples)
    {
        this.samples = samples;
    }

    public static MetricsScrape of(final int port)
    {
        try
        {
            return parse(get(port, "/metrics"));
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * @return the body of {@code GET path} on the engine's endpoint, whatever the status (/health answers 503 when
     * down).
     */
    public static String get(final int port, final String path) throws IOException
    {
        final HttpURLConnection connection =
            (HttpURLConnection)new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setConnectTimeout(5_000);
        connection.setReadTimeout(5_000);
        final int code = connection.getResponseCode();
        try (InputStream in = code < 400 ? connection.getInputStream() : connection.getErrorStream())
        {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static MetricsScrape parse(final String text)
    {
        final Map<String, Double> samples = new HashMap<>();
        for (final String line : text.split("\n"))
        {
            final int space = line.lastIndexOf(' ');
            if (line.isEmpty() || line.startsWith("#") || space < 0)
            {
                continue;
            }
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new MetricsScrape(samples);
    }

    /**
     * @throws IllegalArgumentException when the engine does not publish the metric.
     */
    public double value(final String metric)
    {
        final Double value = samples.get(metric);
        if (null == value)
        {
            throw new IllegalArgumentException("no metric " + metric);
        }
        return value;
    }

    /**
     * @return the sum of every sample whose name starts with {@code prefix} (a labelled family, for example).
     */
    public double sum(final String prefix)
    {
        double sum = 0;
        for (final Map.Entry<String, Double> e : samples.entrySet())
        {
            if (e.getKey().startsWith(prefix))
            {
                sum += e.getValue();
            }
        }
        return sum;
    }
}
