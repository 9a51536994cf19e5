package io.ringside.perf;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.DoublePredicate;

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
        return MetricsScrape.of(port).value(metric);
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
