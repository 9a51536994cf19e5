package io.ringside.engine.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.Engine;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.logic.RoomListing;
import io.ringside.engine.ring.RoomRequests;
import io.ringside.transport.auth.Authenticator;
import io.ringside.transport.auth.NoneAuthenticator;
import org.agrona.concurrent.UnsafeBuffer;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Health and metrics over HTTP with the JDK's own server, off unless a port is set and bound to loopback unless told
 * otherwise. {@code GET /health}: {@code ok}, {@code degraded: <reason>} (still 200: it serves, but not fully) or
 * {@code down: <reason>} (503). {@code GET /metrics}: the engine counters and the latency histograms' percentiles in
 * Prometheus text format. {@code GET /api/v1/rooms} lists the open rooms as JSON ({@code game=} and
 * {@code metadata=} (key=value pairs its metadata holds) filter, private rooms left out; {@code offset=} and {@code limit=} page, at most 500 a page), and
 * {@code GET /api/v1/rooms/<id>} shows one (players, metadata, the tick and its state's size as of its last change of
 * members); {@code POST /api/v1/rooms} creates one when {@link #enableRoomCreation} was called (off by default: 405). One thread of its own serves all of it, reading values
 * other threads keep (the rooms from the logic's published {@link RoomListing}); nothing here touches game state.
 */
public final class MetricsEndpoint implements AutoCloseable
{
    private static final double[] QUANTILES = { 0.5, 0.9, 0.99, 0.999, 1.0 };
    /**
     * Histogram bucket bounds in seconds, from 10 us to 1 s: fixed, so that the buckets of several engines add up
     * ({@code sum by (le)}) where quantiles of summaries cannot.
     */
    private static final double[] BUCKETS_SECONDS = {
        10e-6, 25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3, 50e-3, 100e-3, 250e-3, 1.0 };
    private static final String BUILD_INFO = buildInfo();
    private static final String ROOMS_PATH = "/api/v1/rooms";
    private static final int DEFAULT_PAGE = 50;
    private static final int MAX_PAGE = 500;
    private static final long ROOM_REQUEST_TIMEOUT_MS = 5_000;

    private final HttpServer server;
    private final ExecutorService executor;
    private final Engine engine;
    /**
     * Who may create rooms over HTTP; null while that is off. Set before requests come.
     */
    private volatile Authenticator roomCreator;

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
        server.createContext(ROOMS_PATH, this::rooms);
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
            .append("ringside_up ").append(engine.health().startsWith("down") ? 0 : 1).append('\n')
            .append(BUILD_INFO);
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
            appendHistogram(text, "ringside_" + metric.label().replace('-', '_') + "_histogram_seconds", metric, h);
        }
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.toString());
    }

    /**
     * The same latencies as a Prometheus histogram with fixed buckets: cumulative counts of values at or below each
     * bound (HdrHistogram's counts, exact to its 3 significant digits), the count, and the sum (mean times count).
     */
    private static void appendHistogram(
        final StringBuilder text, final String name, final EngineHistograms.Metric metric, final Histogram h)
    {
        text.append("# HELP ").append(name).append(' ').append(metric.label())
            .append(" latency, aggregatable across engines.\n# TYPE ").append(name).append(" histogram\n");
        final long total = h.getTotalCount();
        for (final double bound : BUCKETS_SECONDS)
        {
            final long boundNs = (long)(bound * 1e9);
            final long atOrBelow = 0 == total ? 0 : h.getCountBetweenValues(0, Math.min(boundNs, h.getMaxValue()));
            text.append(name).append("_bucket{le=\"").append(java.math.BigDecimal.valueOf(bound).toPlainString()).append("\"} ")
                .append(Math.min(total, atOrBelow)).append('\n');
        }
        text.append(name).append("_bucket{le=\"+Inf\"} ").append(total).append('\n')
            .append(name).append("_sum ").append(String.format(Locale.ROOT, "%.9f", h.getMean() * total / 1e9))
            .append('\n').append(name).append("_count ").append(total).append('\n');
    }

    private static String buildInfo()
    {
        final java.util.Properties build = new java.util.Properties();
        try (java.io.InputStream in = MetricsEndpoint.class.getResourceAsStream("/ringside-build.properties"))
        {
            if (null != in)
            {
                build.load(in);
            }
        }
        catch (final IOException ex)
        {
            // the version is then "unknown": the metric still says which protocol and JVM
        }
        return "# HELP ringside_build_info The engine's version, its wire protocol's schema version and its JVM.\n" +
            "# TYPE ringside_build_info gauge\nringside_build_info{version=\"" +
            build.getProperty("version", "unknown") + "\",protocol_version=\"" +
            io.ringside.codec.ProtocolLimits.SCHEMA_VERSION + "\",java_version=\"" +
            System.getProperty("java.version") + "\"} 1\n";
    }

    private void rooms(final HttpExchange exchange) throws IOException
    {
        if ("POST".equals(exchange.getRequestMethod()) && ROOMS_PATH.equals(exchange.getRequestURI().getPath()) &&
            null != roomCreator)
        {
            createRoom(exchange);
            return;
        }
        if (!"GET".equals(exchange.getRequestMethod()))
        {
            exchange.getResponseHeaders().set("Allow", null == roomCreator ? "GET" : "GET, POST");
            respond(exchange, 405, "application/json", null == roomCreator ?
                "{\"error\":\"creating rooms over HTTP is off (ringside.http.rooms.create)\"}\n" :
                "{\"error\":\"rooms are created by POST to " + ROOMS_PATH + "\"}\n");
            return;
        }
        final RoomListing listing = engine.pipeline().logic().roomListing();
        final String path = exchange.getRequestURI().getPath();
        if (path.length() > ROOMS_PATH.length() + 1)
        {
            final RoomListing.Room room = parseLong(path.substring(ROOMS_PATH.length() + 1), -1) > 0 ?
                listing.room(parseLong(path.substring(ROOMS_PATH.length() + 1), -1)) : null;
            if (null == room)
            {
                respond(exchange, 404, "application/json", "{\"error\":\"no such room\"}\n");
                return;
            }
            final StringBuilder json = new StringBuilder(256);
            appendRoom(json, room, true);
            respond(exchange, 200, "application/json", json.append('\n').toString());
            return;
        }

        final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        final String game = query.get("game");
        final RoomOptions metadata;
        try
        {
            metadata = RoomOptions.parse(query.getOrDefault("metadata", ""));
        }
        catch (final IllegalArgumentException ex)
        {
            respond(exchange, 400, "application/json", "{\"error\":\"metadata is key=value pairs\"}\n");
            return;
        }
        final long offset = Math.max(0, parseLong(query.get("offset"), 0));
        final long limit = Math.min(MAX_PAGE, Math.max(0, parseLong(query.get("limit"), DEFAULT_PAGE)));
        final List<RoomListing.Room> matching = new ArrayList<>();
        for (final RoomListing.Room room : listing.rooms())
        {
            if (!room.privateRoom() && (null == game || game.equals(room.game())) &&
                RoomOptions.parseLenient(room.metadata()).holds(metadata))
            {
                matching.add(room);
            }
        }
        final StringBuilder json = new StringBuilder(1024).append("{\"total\":").append(matching.size())
            .append(",\"offset\":").append(offset).append(",\"limit\":").append(limit).append(",\"rooms\":[");
        for (long i = offset; i < Math.min(matching.size(), offset + limit); i++)
        {
            if (i > offset)
            {
                json.append(',');
            }
            appendRoom(json, matching.get((int)i), false);
        }
        respond(exchange, 200, "application/json", json.append("]}\n").toString());
    }

    private static void appendRoom(final StringBuilder json, final RoomListing.Room room, final boolean detail)
    {
        json.append("{\"id\":").append(room.roomId()).append(",\"game\":");
        appendString(json, room.game());
        json.append(",\"players\":").append(room.players()).append(",\"maxPlayers\":").append(room.maxPlayers())
            .append(",\"metadata\":");
        appendString(json, room.metadata());
        if (detail)
        {
            json.append(",\"private\":").append(room.privateRoom())
                .append(",\"playerIds\":").append(room.playerIds().toString().replace(" ", ""))
                .append(",\"tick\":").append(room.tick()).append(",\"stateBytes\":").append(room.stateBytes());
        }
        json.append('}');
    }

    private static void appendString(final StringBuilder json, final String value)
    {
        json.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            if ('"' == c || '\\' == c)
            {
                json.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                json.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                json.append(c);
            }
        }
        json.append('"');
    }

    /**
     * Let {@code POST /api/v1/rooms} create rooms, each caller authenticated with the engine's own kind of token
     * ({@code Authorization: Bearer <token>}), checked by an authenticator of this thread's own. Without tokens
     * (authenticator none) only on a loopback address.
     *
     * @param authenticator an instance for this endpoint's thread alone (an HMAC one is not thread safe).
     * @throws IllegalStateException for authenticator none on an address beyond loopback.
     */
    public MetricsEndpoint enableRoomCreation(final Authenticator authenticator)
    {
        if (authenticator instanceof NoneAuthenticator && !address().getAddress().isLoopbackAddress())
        {
            throw new IllegalStateException("creating rooms over HTTP without tokens (auth none) is for loopback only");
        }
        roomCreator = authenticator;
        return this;
    }

    /**
     * {@code POST /api/v1/rooms?game=<name>&options=<pairs>&private=true}: answered 201 with the room (and its join
     * code when private) once the logic has made it, or the refusal's code: 400 options or game name, 401 token,
     * 404 no such game, 422 the game refused, 503 busy or shutting down, 504 no answer in time. The room waits the
     * room close grace for its first player.
     */
    private void createRoom(final HttpExchange exchange) throws IOException
    {
        final long playerId = authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
        if (playerId < 0)
        {
            respond(exchange, 401, "application/json", "{\"error\":\"AUTH_FAILED\"}\n");
            return;
        }
        final Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        final String game = query.get("game");
        if (null == game)
        {
            respond(exchange, 400, "application/json", "{\"error\":\"game is required\"}\n");
            return;
        }
        final boolean privateRoom = "true".equals(query.get("private"));
        final RoomRequests requests = engine.pipeline().roomRequests();
        final CompletableFuture<RoomRequests.Result> answer =
            requests.submit(game, query.getOrDefault("options", ""), privateRoom, playerId);
        // answered from this endpoint's thread when the logic has made the room (or at the deadline), so that
        // /health and /metrics are not kept waiting behind it
        answer.orTimeout(ROOM_REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS).whenCompleteAsync((result, failure) ->
        {
            try
            {
                if (null != failure)
                {
                    requests.abandon(answer);
                    respond(exchange, 504, "application/json", "{\"error\":\"the engine did not answer in time\"}\n");
                }
                else
                {
                    respondCreated(exchange, game, privateRoom, result);
                }
            }
            catch (final IOException ex)
            {
                exchange.close();
            }
        }, executor);
    }

    private static void respondCreated(
        final HttpExchange exchange, final String game, final boolean privateRoom, final RoomRequests.Result result)
        throws IOException
    {
        final StringBuilder json = new StringBuilder(128);
        if (ErrorCode.OK == result.code())
        {
            json.append("{\"id\":").append(result.roomId()).append(",\"game\":");
            appendString(json, game);
            json.append(",\"private\":").append(privateRoom);
            if (privateRoom)
            {
                json.append(",\"joinCode\":");
                appendString(json, result.joinCode());
            }
            exchange.getResponseHeaders().set("Location", ROOMS_PATH + "/" + result.roomId());
            respond(exchange, 201, "application/json", json.append("}\n").toString());
            return;
        }
        json.append("{\"error\":");
        appendString(json, result.code().name());
        json.append(",\"text\":");
        appendString(json, result.text());
        respond(exchange, statusOf(result.code()), "application/json", json.append("}\n").toString());
    }

    private long authenticate(final String authorization)
    {
        final String bearer = "Bearer ";
        final String token = null == authorization ? "" :
            authorization.startsWith(bearer) ? authorization.substring(bearer.length()).trim() : null;
        if (null == token || token.length() > ProtocolLimits.MAX_CREDENTIALS_LENGTH)
        {
            return -1;
        }
        if (roomCreator instanceof NoneAuthenticator)
        {
            return 0;
        }
        final UnsafeBuffer credentials = new UnsafeBuffer(token.getBytes(StandardCharsets.US_ASCII));
        final long playerId = roomCreator.authenticate(
            credentials, 0, credentials.capacity(), credentials, 0, 0, System.currentTimeMillis());
        return playerId > 0 ? playerId : -1;
    }

    private static int statusOf(final ErrorCode code)
    {
        switch (code)
        {
            case INVALID_INPUT:
                return 400;
            case NO_SUCH_GAME:
                return 404;
            case SERVER_BUSY:
            case SHUTTING_DOWN:
                return 503;
            default:
                return 422;
        }
    }

    private static Map<String, String> query(final String rawQuery)
    {
        final Map<String, String> query = new HashMap<>();
        if (null != rawQuery)
        {
            for (final String pair : rawQuery.split("&"))
            {
                final int eq = pair.indexOf('=');
                if (eq > 0)
                {
                    query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return query;
    }

    private static long parseLong(final String text, final long otherwise)
    {
        try
        {
            return null == text ? otherwise : Long.parseLong(text);
        }
        catch (final NumberFormatException ex)
        {
            return otherwise;
        }
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
