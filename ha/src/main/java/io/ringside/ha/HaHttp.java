package io.ringside.ha;

import static io.ringside.cluster.HttpText.counter;
import static io.ringside.cluster.HttpText.gauge;
import static io.ringside.cluster.HttpText.respond;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.ringside.cluster.HttpText;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * An HA member over HTTP: {@code GET /health} ({@code ok leader}, {@code ok follower}, 503 {@code down: <why>}),
 * {@code GET /metrics} (role, leader, leadership term, election count, commit and applied log positions, tick,
 * rooms, members, gateways, the state hash, the service's counters, in Prometheus text) and {@code GET /api/v1/hashes}
 * (the state hash after each recent tick, {@code tick hash} a line: what tests compare across members). It reads the
 * service's published {@link HaView} only.
 */
final class HaHttp implements AutoCloseable
{
    private final HttpText.Server server;
    private final Supplier<HaView> views;
    private final Supplier<String> down;
    private final LongSupplier commitPosition;
    private final LongSupplier electionCount;

    HaHttp(final String host, final int port, final Supplier<HaView> views, final Supplier<String> down,
        final LongSupplier commitPosition, final LongSupplier electionCount) throws IOException
    {
        this.views = views;
        this.down = down;
        this.commitPosition = commitPosition;
        this.electionCount = electionCount;
        server = HttpText.server(host, port, "ringside-ha-http");
        final HttpServer http = server.http();
        http.createContext("/health", this::health);
        http.createContext("/metrics", this::metrics);
        http.createContext("/api/v1/hashes", this::hashes);
        http.start();
    }

    InetSocketAddress address()
    {
        return server.http().getAddress();
    }

    private void health(final HttpExchange exchange) throws IOException
    {
        final String reason = down.get();
        if (null != reason)
        {
            respond(exchange, 503, "text/plain; charset=utf-8", "down: " + reason + "\n");
            return;
        }
        respond(exchange, 200, "text/plain; charset=utf-8", "ok " + views.get().role().toLowerCase() + "\n");
    }

    private void metrics(final HttpExchange exchange) throws IOException
    {
        final HaView view = views.get();
        final StringBuilder text = new StringBuilder(4096);
        gauge(text, "ringside_ha_up", "1 while the member serves.", null == down.get() ? 1 : 0);
        gauge(text, "ringside_ha_member_id", "This member's id.", view.memberId());
        gauge(text, "ringside_ha_leader", "1 on the leader.", "LEADER".equals(view.role()) ? 1 : 0);
        gauge(text, "ringside_ha_leader_member_id", "The leader of the latest term seen, -1 before any.",
            view.leaderMemberId());
        gauge(text, "ringside_ha_leadership_term_id", "The latest leadership term seen.", view.leadershipTermId());
        gauge(text, "ringside_ha_election_count", "Elections this member's consensus module took part in.",
            electionCount.getAsLong());
        gauge(text, "ringside_ha_log_position", "Cluster log position the service has applied.", view.logPosition());
        gauge(text, "ringside_ha_commit_position", "Cluster log position committed by a quorum.",
            commitPosition.getAsLong());
        gauge(text, "ringside_ha_tick", "The last tick the service ran.", view.tick());
        gauge(text, "ringside_ha_rooms", "HA rooms open.", view.rooms());
        gauge(text, "ringside_ha_members", "Players seated in HA rooms.", view.members());
        gauge(text, "ringside_ha_gateways_connected", "Gateways with a cluster session.", view.gatewaysConnected());
        gauge(text, "ringside_ha_batches_in_log", "Input batches of the gateways' current instances the log holds.",
            view.batchesInLog());
        gauge(text, "ringside_ha_room_inputs", "Player messages the open rooms have taken.", view.roomInputs());
        gauge(text, "ringside_ha_state_hash", "Digest of the replicated state after the last tick: equal on agreeing " +
            "members at the same tick.", view.stateHash());
        view.counters().forEach((name, value) -> counter(text, "ringside_ha_" + name + "_total", value));
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", text.toString());
    }

    private void hashes(final HttpExchange exchange) throws IOException
    {
        final HaView view = views.get();
        final StringBuilder text = new StringBuilder(32 * view.hashTicks().length + 64);
        for (int i = 0; i < view.hashTicks().length; i++)
        {
            text.append(view.hashTicks()[i]).append(' ').append(Long.toHexString(view.hashValues()[i])).append('\n');
        }
        respond(exchange, 200, "text/plain; charset=utf-8", text.toString());
    }

    public void close()
    {
        server.close();
    }
}
