package io.ringside.engine.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ringside.engine.Engine;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Health and metrics over HTTP with the JDK's own server, off unless a port is set and bound to loopback unless told
 * otherwise. {@code GET /health}: {@code ok}, {@code degraded: <reason>} (still 200: it serves, but not fully) or
 * {@code down: <reason>} (503). {@code GET /metrics}: the engine counters and the latency histograms' percentiles in
 * Prometheus text format. One thread of its own serves both, reading values other threads keep; nothing here
 * touches game state.
 */
public final class MetricsEndpoint implements AutoCloseable
{
    private static final double[] QUANTILES = { 0.5, 0.9, 0.99, 0.999, 1.0 };

    private final HttpServer server;
    private final ExecutorService executor;
    private final Engine engine;

    public MetricsEndpoint(final Engine engine, final String host, final int port) throws IOException
    {
        this.engine = engine;
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread thread = new Thread(r, "ringside-metrics");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
        server.start();
    }

    /**
     * @return the address it listens on (the port chosen when 0 was asked for).
     */
    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    private void health(final HttpExchange exchange) throws IOException
    {
        final String status = engine.health();
        respond(exchange, status.startsWith("down") ? 503 : 200, "text/plain; charset=utf-8", status + "\n");
    }

    private void metrics(final HttpExchange exchange) throws IOException
    {
        final StringBuilder text = new StringBuilder(16 * 1024);
        text.append("# HELP ringside_up 1 while the engine serves.\n# TYPE ringside_up gauge\n")
            .append("ringside_up ").append(engine.health().startsWith("down") ? 0 : 1).append('\n');
        final CounterDescriptor[] last = new CounterDescriptor[1];
        engine.counters().forEach((descriptor, member, value) ->
        {
            final String name = descriptor.prometheusName();
            if (descriptor != last[0])
            {
                last[0] = descriptor;
                text.append("# HELP ").append(name).append(' ').append(descriptor.help()).append('\n')
                    .append("# TYPE ").append(name).append(descriptor.isGauge() ? " gauge\n" : " counter\n");
            }
            text.append(name);
            if (null != member)
            {
                text.append('{').append(descriptor.familyLabel()).append("=\"").append(member).append("\"}");
            }
            text.append(' ').append(value).append('\n');
        });
        for (final EngineHistograms.Metric metric : EngineHistograms.Metric.values())
        {
            final Histogram h = engine.pipeline().histograms().total(metric);
            final String name = "ringside_" + metric.label().replace('-', '_') + "_seconds";
            text.append("# TYPE ").append(name).append(" summary\n");
            for (final double q : QUANTILES)
            {
                text.append(name).append("{quantile=\"").append(q).append("\"} ")
                    .append(String.format(Locale.ROOT, "%.9f", h.getValueAtPercentile(q * 100) / 1e9)).append('\n');
            }
            text.append(name).append("_count ").append(h.getTotalCount()).append('\n');
        }
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.toString());
    }

    private static void respond(final HttpExchange exchange, final int code, final String type, final String body)
        throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    public void close()
    {
        server.stop(0);
        executor.shutdownNow();
    }
}
