package io.ringside.directory;

import static io.ringside.cluster.HttpText.counter;
import static io.ringside.cluster.HttpText.gauge;
import static io.ringside.cluster.HttpText.respond;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ringside.cluster.HttpText;

import java.io.IOException;
import java.net.InetSocketAddress;
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
    private final HttpText.Server server;
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
        server = HttpText.server(host, port, "ringside-directory-http");
        final HttpServer http = server.http();
        http.createContext("/health", this::health);
        http.createContext("/metrics", this::metrics);
        http.createContext("/api/v1/rooms", this::rooms);
        http.createContext("/api/v1/engines", this::engines);
        http.start();
    }

    public InetSocketAddress address()
    {
        return server.http().getAddress();
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
            counter(text, "ringside_directory_" + view.counterNames().get(i) + "_total", view.counterValues()[i]);
        }
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.toString());
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

    public void close()
    {
        server.close();
    }
}
