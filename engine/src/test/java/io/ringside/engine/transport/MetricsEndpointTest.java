package io.ringside.engine.transport;

import io.ringside.engine.Engine;
import io.ringside.engine.metrics.MetricsEndpoint;
import io.ringside.journal.JournalContext;
import io.ringside.transport.GameClient;
import io.ringside.transport.auth.HmacTokenAuthenticator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ringside.engine.transport.NetworkFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The HTTP endpoint scraped while a real engine serves a client over Aeron with a real journal: the numbers move,
 * health follows the journal into degraded and back, and says down once the engine shuts down.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MetricsEndpointTest
{
    @TempDir
    Path dir;

    private NetworkFixture network;
    private MetricsEndpoint endpoint;

    @AfterEach
    void close()
    {
        if (null != endpoint)
        {
            endpoint.close();
        }
        if (null != network)
        {
            network.close();
        }
    }

    private record Response(int code, String body)
    {
    }

    private Response get(final String path) throws IOException
    {
        final URL url = new URL("http://127.0.0.1:" + endpoint.address().getPort() + path);
        final HttpURLConnection connection = (HttpURLConnection)url.openConnection();
        final int code = connection.getResponseCode();
        try (InputStream in = code < 400 ? connection.getInputStream() : connection.getErrorStream())
        {
            return new Response(code, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static final String WRONG_SCHEMA = "ringside_ingress_invalid_total{reason=\"WRONG_SCHEMA_ID\"}";

    /**
     * Every histogram's buckets rise with their bound and end at its count, which is the summary's count.
     */
    private static void assertHistogramsAddUp(final String metrics)
    {
        for (final String metric : new String[]{ "ring_residence", "tick_duration", "journal_commit" })
        {
            final String name = "ringside_" + metric + "_histogram_seconds";
            final Matcher buckets = Pattern.compile("(?m)^" + name + "_bucket\\{le=\"([^\"]+)\"} (\\d+)$").matcher(metrics);
            long previous = 0;
            int count = 0;
            while (buckets.find())
            {
                final long atOrBelow = Long.parseLong(buckets.group(2));
                assertTrue(atOrBelow >= previous, name + " buckets rise: " + buckets.group());
                previous = atOrBelow;
                count++;
            }
            assertEquals(16, count, name + ": fifteen bounds and +Inf");
            assertEquals(value(metrics, name + "_count"), previous, name + ": +Inf is the count");
            assertEquals(value(metrics, "ringside_" + metric + "_seconds_count"), previous, name + ": as the summary");
            assertTrue(previous > 0, name + " recorded something");
        }
    }

    private static double value(final String metrics, final String line)
    {
        final Matcher m = Pattern.compile("(?m)^" + Pattern.quote(line) + " ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(m.find(), line + " in\n" + metrics);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void scrapedNumbersMoveAndHealthFollowsTheEngine() throws Exception
    {
        final JournalContext journal = new JournalContext().path(dir.resolve("ringside.db"))
            .retryBackoffNs(TimeUnit.MILLISECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(20));
        network = new NetworkFixture(false, NetworkFixture.engineContext().journalContext(journal),
            new IngressContext());
        final Engine engine = network.engine;
        endpoint = new MetricsEndpoint(engine, "127.0.0.1", 0);

        final GameClient client = network.client();
        network.seat(client, "erin");

        final Response health = get("/health");
        assertEquals(200, health.code());
        assertEquals("ok", health.body().trim());

        network.pollFor(200);
        final String first = get("/metrics").body();
        for (int i = 0; i < 20; i++)
        {
            send(() -> client.ping(System.nanoTime()));
            send(() -> client.sendInput(0.5f, 0.2f, false));
            network.pollFor(15);
        }
        final org.agrona.concurrent.UnsafeBuffer wrongSchema = new org.agrona.concurrent.UnsafeBuffer(new byte[16]);
        wrongSchema.putShort(4, (short)9999, java.nio.ByteOrder.LITTLE_ENDIAN);
        send(() -> client.sendRaw(wrongSchema, 0, wrongSchema.capacity()));
        final String[] latest = { null };
        network.pollUntil("the scraped numbers move", 10_000, () ->
        {
            try
            {
                latest[0] = get("/metrics").body();
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
            return value(latest[0], "ringside_pings_total") >= value(first, "ringside_pings_total") + 20 &&
                value(latest[0], "ringside_inputs_total") >= value(first, "ringside_inputs_total") + 20 &&
                value(latest[0], WRONG_SCHEMA) == 1 &&
                // ingress writes the reason's counter, then the total: a scrape may fall between the two
                value(latest[0], "ringside_ingress_invalid_messages_total") == 1;
        });
        final String second = latest[0];

        assertTrue(value(second, "ringside_ticks_total") > value(first, "ringside_ticks_total"), "ticks move");
        assertTrue(value(second, "ringside_pings_total") >= value(first, "ringside_pings_total") + 20, "pings move");
        assertTrue(value(second, "ringside_inputs_total") >= value(first, "ringside_inputs_total") + 20);
        assertTrue(value(second, "ringside_room_snapshots_sent_total") >
            value(first, "ringside_room_snapshots_sent_total"), "the arena room is broadcast on its room stream");
        assertTrue(value(second, "ringside_journal_rows_total") > value(first, "ringside_journal_rows_total"));
        assertEquals(1, value(second, "ringside_sessions_open"));
        assertEquals(1, value(second, "ringside_up"));
        assertEquals(0, value(second, "ringside_rejects_total{code=\"AUTH_FAILED\"}"));
        assertEquals(0, value(first, WRONG_SCHEMA));
        assertEquals(1, value(second, WRONG_SCHEMA), "the bad message counted by its reason");
        assertEquals(1, value(second, "ringside_ingress_invalid_messages_total"));
        assertTrue(value(second, "ringside_tick_duration_seconds_count") >
            value(first, "ringside_tick_duration_seconds_count"), "histograms move");
        assertTrue(value(second, "ringside_ring_residence_seconds{quantile=\"0.99\"}") > 0);
        assertHistogramsAddUp(second);
        assertTrue(second.contains("ringside_build_info{version=\"") && second.contains(",protocol_version=\"" +
            io.ringside.codec.ProtocolLimits.SCHEMA_VERSION + "\","), "build info");
        final String dashboard = java.nio.file.Files.readString(Path.of("..", "grafana", "ringside-dashboard.json"));
        final Matcher names = Pattern.compile("ringside_[a-z_]+").matcher(dashboard);
        while (names.find())
        {
            assertTrue(second.contains("\n" + names.group()), "the dashboard's " + names.group() + " is served");
        }

        DiskFault.refuseJournalInserts(dir.resolve("ringside.db"), true);
        network.pollUntil("degraded", 10_000, () ->
        {
            send(() -> client.sendInput(0.1f, 0.0f, false));
            network.pollFor(20);
            try
            {
                return get("/health").body().startsWith("degraded: journal cannot write");
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        // the counters the scrape reads are refreshed every 100 ms by the ingress agent
        network.pollUntil("metrics show the journal not writable", 10_000, () ->
        {
            try
            {
                return 0 == value(get("/metrics").body(), "ringside_journal_writable");
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        DiskFault.refuseJournalInserts(dir.resolve("ringside.db"), false);
        network.pollUntil("ok again", 10_000, () ->
        {
            try
            {
                return "ok".equals(get("/health").body().trim());
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });

        network.close();
        network = null;
        final Response down = get("/health");
        assertEquals(503, down.code());
        assertTrue(down.body().startsWith("down"), down.body());
        assertEquals(0, value(get("/metrics").body(), "ringside_up"));
    }

    @Test
    void theRoomApiListsFiltersPagesAndShowsTheOpenRooms() throws Exception
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext(), new IngressContext());
        endpoint = new MetricsEndpoint(network.engine, "127.0.0.1", 0);
        final GameClient x = network.seat(network.client(), "x", "tictactoe");
        network.seat(network.client(), "o", "tictactoe");
        network.seat(network.client(), "t", "tictactoe");
        final GameClient ship = network.seat(network.client(), "ship", "arena");

        network.pollUntil("three rooms listed", 10_000, () ->
        {
            try
            {
                return get("/api/v1/rooms").body().startsWith("{\"total\":3,");
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        final String all = get("/api/v1/rooms").body();
        assertTrue(all.contains("{\"id\":" + x.roomId() + ",\"game\":\"tictactoe\",\"players\":2,\"maxPlayers\":2,"),
            all);
        assertTrue(all.contains("\"game\":\"arena\",\"players\":1,"), all);

        final String tictactoe = get("/api/v1/rooms?game=tictactoe").body();
        assertTrue(tictactoe.startsWith("{\"total\":2,\"offset\":0,\"limit\":50,"), tictactoe);
        final String page = get("/api/v1/rooms?game=tictactoe&offset=1&limit=1").body();
        assertTrue(page.startsWith("{\"total\":2,\"offset\":1,\"limit\":1,\"rooms\":[{"), page);
        assertEquals(1, page.split("\"id\":").length - 1, "one room on the page: " + page);
        assertTrue(get("/api/v1/rooms?game=chess").body().startsWith("{\"total\":0,"));

        final Response one = get("/api/v1/rooms/" + ship.roomId());
        assertEquals(200, one.code());
        assertTrue(one.body().contains("\"playerIds\":[") && one.body().contains("\"stateBytes\":"), one.body());
        assertEquals(404, get("/api/v1/rooms/987654").code());
        assertEquals(404, get("/api/v1/rooms/nonsense").code());

        final HttpURLConnection post = (HttpURLConnection)new URL("http://127.0.0.1:" + endpoint.address().getPort() +
            "/api/v1/rooms").openConnection();
        post.setRequestMethod("POST");
        assertEquals(405, post.getResponseCode(), "rooms are not created over HTTP unless enabled");
    }

    private Response post(final String path, final String token) throws IOException
    {
        final URL url = new URL("http://127.0.0.1:" + endpoint.address().getPort() + path);
        final HttpURLConnection connection = (HttpURLConnection)url.openConnection();
        connection.setRequestMethod("POST");
        if (null != token)
        {
            connection.setRequestProperty("Authorization", "Bearer " + token);
        }
        final int code = connection.getResponseCode();
        try (InputStream in = code < 400 ? connection.getInputStream() : connection.getErrorStream())
        {
            return new Response(code, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void roomsCreatedOverHttpWithATokenAreJoinedOverAeron() throws Exception
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext(), new IngressContext());
        final HmacTokenAuthenticator tokens = new HmacTokenAuthenticator("a secret of some length".getBytes());
        endpoint = new MetricsEndpoint(network.engine, "127.0.0.1", 0).enableRoomCreation(
            new HmacTokenAuthenticator("a secret of some length".getBytes()));
        final String token = tokens.token(42, System.currentTimeMillis() / 1000 + 60);

        assertEquals(401, post("/api/v1/rooms?game=tictactoe", null).code(), "no token");
        assertEquals(401, post("/api/v1/rooms?game=tictactoe", token.substring(0, token.length() - 2) + "xx").code(),
            "a forged token");
        assertEquals(404, post("/api/v1/rooms?game=chess", token).code());
        assertEquals(400, post("/api/v1/rooms?game=tictactoe&options=size", token).code(), "options are pairs");
        final Response refused = post("/api/v1/rooms?game=tictactoe&options=size%3D5", token);
        assertEquals(400, refused.code(), "tic-tac-toe takes no options: " + refused.body());
        assertTrue(refused.body().contains("\"INVALID_INPUT\",\"text\":\"the game refused"), refused.body());

        final Response created = post("/api/v1/rooms?game=tictactoe&private=true", token);
        assertEquals(201, created.code(), created.body());
        final Matcher room = Pattern.compile("\\{\"id\":(\\d+),\"game\":\"tictactoe\",\"private\":true," +
            "\"joinCode\":\"([A-Z2-9]{8})\"}").matcher(created.body().trim());
        assertTrue(room.matches(), created.body());
        final long roomId = Long.parseLong(room.group(1));
        network.pollUntil("the empty room listed", 10_000, () ->
        {
            try
            {
                return get("/api/v1/rooms/" + roomId).body().contains("\"players\":0,");
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException(ex);
            }
        });
        assertTrue(get("/api/v1/rooms/" + roomId).body().contains("\"private\":true"));
        assertTrue(get("/api/v1/rooms?game=tictactoe").body().startsWith("{\"total\":0,"), "a private room is not listed");

        final GameClient guest = network.connect(network.client(), "guest");
        send(() -> guest.joinByCode(room.group(2)));
        network.pollUntil("seated by the code", 10_000, () -> guest.roomId() == roomId);
        assertEquals(0, guest.sequenceViolations());

        final Response open = post("/api/v1/rooms?game=tictactoe", token);
        assertEquals(201, open.code(), open.body());
        assertTrue(open.body().contains("\"private\":false}"), open.body());
    }
}
