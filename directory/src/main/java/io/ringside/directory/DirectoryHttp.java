package io.ringside.directory;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * A directory member over HTTP, with the JDK's server on one thread of its own: {@code GET /health} ({@code ok
 * leader}, {@code ok follower}, 503 {@code down: <why>}), {@code GET /metrics} (role, leader, commit and applied log
 * positions, engines and rooms known, the member's counters, in Prometheus text), {@code GET /api/v1/rooms} (the public rooms of every
 * live engine, as JSON, with the engine that hosts each) and {@code GET /api/v1/engines}. It reads the service's
 * published {@link DirectoryView} only.
 */
public final class DirectoryHttp implements AutoCloseable
{
    private final HttpServer server;
    private final ExecutorService executor;
    private final Supplier<DirectoryView> views;
    private final Supplier<String> down;
    private final java.util.function.LongSupplier commitPosition;

    /**
     * @param down           why the member cannot serve, or null while it can.
     * @param commitPosition the cluster's commit position as this member's consensus module knows it.
     */
    public DirectoryHttp(final String host, final int port, final Supplier<DirectoryView> views,
        final Supplier<String> down, final java.util.function.LongSupplier commitPosition) throws IOException
    {
        this.views = views;
        this.down = down;
        this.commitPosition = commitPosition;
        server = HttpServer.create(new InetSocketAddress(host, port), 16);
        executor = Executors.newSingleThreadExecutor(r ->
        {
            final Thread thread = new Thread(r, "ringside-directory-http");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/health", this::health);
        server.createContext("/metrics", this::metrics);
        server.createContext("/api/v1/rooms", this::rooms);
        server.createContext("/api/v1/engines", this::engines);
        server.start();
    }

    public InetSocketAddress address()
    {
        return server.getAddress();
    }

    private void health(final HttpExchange exchange) throws IOException
    {
        final String reason = down.get();
        final DirectoryView view = views.get();
        if (null != reason)
        {
            respond(exchange, 503, "text/plain; charset=utf-8", "down: " + reason + "\n");
            return;
        }
        respond(exchange, 200, "text/plain; charset=utf-8", "ok " + view.role().toLowerCase() + "\n");
    }

    private void metrics(final HttpExchange exchange) throws IOException
    {
        final DirectoryView view = views.get();
        final StringBuilder text = new StringBuilder(4096);
        gauge(text, "ringside_directory_up", "1 while the member serves.", null == down.get() ? 1 : 0);
        gauge(text, "ringside_directory_member_id", "This member's id.", view.memberId());
        gauge(text, "ringside_directory_leader", "1 on the leader.", "LEADER".equals(view.role()) ? 1 : 0);
        gauge(text, "ringside_directory_leader_member_id", "The leader of the latest term seen, -1 before any.",
            view.leaderMemberId());
        gauge(text, "ringside_directory_leadership_term_id", "The latest leadership term seen.",
            view.leadershipTermId());
        gauge(text, "ringside_directory_log_position", "Cluster log position the service has applied.",
            view.logPosition());
        gauge(text, "ringside_directory_commit_position", "Cluster log position committed by a quorum.",
            commitPosition.getAsLong());
        gauge(text, "ringside_directory_state_hash", "Digest of the replicated state: equal on agreeing members.",
            view.stateHash());
        gauge(text, "ringside_directory_engines_alive", "Engines reporting.", view.enginesAlive());
        gauge(text, "ringside_directory_engines_known", "Engines ever registered.", view.engines().size());
        gauge(text, "ringside_directory_rooms_listed", "Public rooms of live engines.", view.rooms().size());
        gauge(text, "ringside_directory_placements", "Rooms placed since the directory began (replicated).",
            view.placements());
        for (int i = 0; i < view.counterNames().size(); i++)
        {
            final String name = "ringside_directory_" + view.counterNames().get(i) + "_total";
            text.append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(view.counterValues()[i]).append('\n');
        }
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.toString());
    }

    private static void gauge(final StringBuilder text, final String name, final String help, final long value)
    {
        text.append("# HELP ").append(name).append(' ').append(help).append('\n')
            .append("# TYPE ").append(name).append(" gauge\n")
            .append(name).append(' ').append(value).append('\n');
    }

    private void rooms(final HttpExchange exchange) throws IOException
    {
        final DirectoryView view = views.get();
        final StringBuilder json = new StringBuilder(256 + view.rooms().size() * 128);
        json.append("{\"member\":").append(view.memberId()).append(",\"rooms\":[");
        for (int i = 0; i < view.rooms().size(); i++)
        {
            final DirectoryState.ListedRoom room = view.rooms().get(i);
            json.append(i > 0 ? "," : "").append("{\"roomId\":").append(room.roomId())
                .append(",\"engineId\":").append(room.engineId())
                .append(",\"game\":\"").append(escape(room.game())).append('"')
                .append(",\"players\":").append(room.players())
                .append(",\"maxPlayers\":").append(room.maxPlayers())
                .append(",\"metadata\":\"").append(escape(room.metadata())).append("\"}");
        }
        respond(exchange, 200, "application/json", json.append("]}\n").toString());
    }

    private void engines(final HttpExchange exchange) throws IOException
    {
        final DirectoryView view = views.get();
        final StringBuilder json = new StringBuilder(512);
        json.append("{\"member\":").append(view.memberId()).append(",\"engines\":[");
        for (int i = 0; i < view.engines().size(); i++)
        {
            final DirectoryView.Engine e = view.engines().get(i);
            json.append(i > 0 ? "," : "").append("{\"engineId\":").append(e.engineId())
                .append(",\"state\":\"").append(e.state()).append('"')
                .append(",\"capacityPlayers\":").append(e.capacityPlayers())
                .append(",\"players\":").append(e.players())
                .append(",\"sessions\":").append(e.sessions())
                .append(",\"reservedSeats\":").append(e.reservedSeats())
                .append(",\"rooms\":").append(e.rooms())
                .append(",\"lastReportAgeMs\":").append(e.lastReportAgeMs())
                .append(",\"aeron\":\"").append(escape(e.aeronEndpoint())).append('"')
                .append(",\"webSocket\":\"").append(escape(e.webSocketUrl())).append('"')
                .append(",\"http\":\"").append(escape(e.httpUrl())).append("\"}");
        }
        respond(exchange, 200, "application/json", json.append("]}\n").toString());
    }

    static String escape(final String text)
    {
        final StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if ('"' == c || '\\' == c)
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format("\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        return out.toString();
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
