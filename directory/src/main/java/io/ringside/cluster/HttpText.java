package io.ringside.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What a cluster member's HTTP endpoint shares: the JDK's server on one daemon thread of its own, plain-text and
 * Prometheus-text answers.
 */
public final class HttpText
{
    private HttpText()
    {
    }

    /**
     * A started-later server whose handlers run on one daemon thread named {@code threadName}.
     *
     * @return the server and its executor (shut it down after {@code server.stop}).
     */
    public static Server server(final String host, final int port, final String threadName) throws IOException
    {
        final HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 16);
        final ExecutorService executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread thread = new Thread(r, threadName);
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        return new Server(server, executor);
    }

    /**
     * A server and the thread it answers on.
     */
    public record Server(HttpServer http, ExecutorService executor) implements AutoCloseable
    {
        public void close()
        {
            http.stop(0);
            executor.shutdownNow();
        }
    }

    public static void gauge(final StringBuilder text, final String name, final String help, final long value)
    {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(" gauge\n")
            .append(name).append(' ').append(value).append('\n');
    }

    public static void counter(final StringBuilder text, final String name, final long value)
    {
        text.append("# TYPE ").append(name).append(" counter\n").append(name).append(' ').append(value).append('\n');
    }

    public static void respond(final HttpExchange exchange, final int code, final String type, final String body)
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
}
