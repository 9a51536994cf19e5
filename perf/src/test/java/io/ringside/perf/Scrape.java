package io.ringside.perf;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoublePredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reads an engine process's Prometheus endpoint, so that process tests wait on what the engine says instead of on
 * the clock.
 */
final class Scrape
{
    private Scrape()
    {
    }

    static double value(final int port, final String metric)
    {
        try
        {
            final HttpURLConnection connection =
                (HttpURLConnection)new URL("http://127.0.0.1:" + port + "/metrics").openConnection();
            try (InputStream in = connection.getInputStream())
            {
                final String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(metric) + " ([0-9.eE+-]+)$").matcher(text);
                assertTrue(m.find(), metric + " in\n" + text);
                return Double.parseDouble(m.group(1));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * Wait until a metric of the engine satisfies {@code condition}, or fail after {@code timeoutSeconds}.
     */
    static void awaitMetric(final int port, final String metric, final DoublePredicate condition,
        final long timeoutSeconds)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        double last;
        while (!condition.test(last = value(port, metric)))
        {
            assertTrue(System.nanoTime() < deadline, metric + " still " + last + " after " + timeoutSeconds + " s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }
}
