package io.ringside.perf.attack;

import io.ringside.perf.MetricsScrape;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The attacks on the WebSocket endpoint that never reach a session, made with raw clients (the JDK's WebSocket, a
 * bare TCP socket) rather than a game client: frames that are not one binary protocol message, upgrades left half
 * open, and a storm of upgrades from one address. For each, the endpoint's own counters must move by exactly what was
 * sent, and the clients must see the refusal the endpoint promises (a close code, an HTTP status, a closed socket).
 * Those that do reach a session (garbage and spoofed ids in binary frames) are {@link Attacks}' own kinds, made over
 * a WebSocket game client.
 */
final class WebSocketAttacks
{
    private static final int CONNECTIONS = 20;
    private static final int RESET = -1;
    private static final int NOT_CLOSED = -2;

    private final Attacks attacks;
    private final URI endpoint;
    private final int maxConnectionsPerAddress;
    private final long handshakeTimeoutNs;
    private final HttpClient http = HttpClient.newHttpClient();

    /**
     * @param attacks where the outcomes go, and its way to read the engine's counters.
     */
    WebSocketAttacks(
        final Attacks attacks, final URI endpoint, final int maxConnectionsPerAddress, final long handshakeTimeoutNs)
    {
        this.attacks = attacks;
        this.endpoint = endpoint;
        this.maxConnectionsPerAddress = maxConnectionsPerAddress;
        this.handshakeTimeoutNs = handshakeTimeoutNs;
    }

    /**
     * A raw client: what it was closed with.
     */
    private static final class Raw implements WebSocket.Listener
    {
        final CompletableFuture<Integer> closeStatus = new CompletableFuture<>();
        WebSocket socket;

        public CompletionStage<?> onClose(final WebSocket webSocket, final int statusCode, final String reason)
        {
            closeStatus.complete(statusCode);
            return null;
        }

        public void onError(final WebSocket webSocket, final Throwable error)
        {
            closeStatus.complete(RESET);
        }
    }

    private Raw open()
    {
        final Raw raw = new Raw();
        raw.socket = http.newWebSocketBuilder().buildAsync(endpoint, raw).join();
        return raw;
    }

    void textFrames()
    {
        // a small frame is sent whole before the engine answers: every client must see the close code
        refusedFrames("WebSocket: text frames", 1003, false,
            raw -> raw.socket.sendText("{\"hello\":\"engine\"}", true));
    }

    void oversizedFrames()
    {
        // the engine closes while a 64 KiB frame is still being sent: a client may see its connection reset instead
        refusedFrames("WebSocket: oversized frames (64 KiB)", 1009, true,
            raw -> raw.socket.sendBinary(ByteBuffer.allocate(64 * 1024), true));
    }

    /**
     * Each of {@value #CONNECTIONS} connections sends one frame the endpoint refuses unread: each is closed with the
     * code, and counted once.
     */
    private void refusedFrames(
        final String kind, final int expectedClose, final boolean resetAllowed,
        final java.util.function.Function<Raw, CompletableFuture<?>> send)
    {
        final String counter = "ringside_ws_frames_refused_total";
        final MetricsScrape before = attacks.scrape();
        final List<Raw> raws = new ArrayList<>();
        for (int i = 0; i < CONNECTIONS; i++)
        {
            final Raw raw = open();
            raws.add(raw);
            send.apply(raw).exceptionally(ex -> null); // the endpoint may close before the send completes
        }
        int closedWithCode = 0;
        int reset = 0;
        for (final Raw raw : raws)
        {
            final int status = closeStatus(raw);
            if (status == expectedClose)
            {
                closedWithCode++;
            }
            else if (RESET == status)
            {
                reset++;
            }
            raw.socket.abort();
        }
        final long counted = attacks.awaitDelta(before, m -> m.value(counter), CONNECTIONS, () -> true);
        attacks.record(new AttackReport.Outcome(kind, CONNECTIONS, "close " + expectedClose, closedWithCode, counter,
            counted, closedWithCode > 0 && closedWithCode + (resetAllowed ? reset : 0) == CONNECTIONS &&
                counted == CONNECTIONS,
            "one frame on each of " + CONNECTIONS + " connections, each closed unread; " + reset + " of them saw " +
                "the connection reset before the close frame (the engine closed while the client was still sending)"));
    }

    /**
     * Slowloris: connections that start an upgrade and never finish it are closed at the handshake timeout.
     */
    void halfOpenUpgrades()
    {
        final String counter = "ringside_ws_closed_slow_or_idle_total";
        final MetricsScrape before = attacks.scrape();
        final List<Socket> sockets = new ArrayList<>();
        int closedByEngine = 0;
        long earliestCloseNs = Long.MAX_VALUE;
        String failure = null;
        final long startNs = System.nanoTime();
        try
        {
            for (int i = 0; i < CONNECTIONS; i++)
            {
                final Socket socket = new Socket(endpoint.getHost(), endpoint.getPort());
                final OutputStream out = socket.getOutputStream();
                out.write(("GET " + endpoint.getPath() + " HTTP/1.1\r\nHost: " + endpoint.getHost() + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                socket.setSoTimeout((int)TimeUnit.NANOSECONDS.toMillis(handshakeTimeoutNs) + 10_000);
                sockets.add(socket);
            }
            for (final Socket socket : sockets)
            {
                if (-1 == socket.getInputStream().read())
                {
                    closedByEngine++;
                    earliestCloseNs = Math.min(earliestCloseNs, System.nanoTime() - startNs);
                }
            }
        }
        catch (final IOException ex)
        {
            failure = ex.toString();
        }
        finally
        {
            sockets.forEach(s ->
            {
                try
                {
                    s.close();
                }
                catch (final IOException ignore)
                {
                    // gone already
                }
            });
        }
        final long counted = attacks.awaitDelta(before, m -> m.value(counter), CONNECTIONS, () -> true);
        // the first close comes no sooner than the timeout after the last socket was opened, less that opening time
        final boolean atTheTimeout = earliestCloseNs >= handshakeTimeoutNs / 2;
        attacks.record(new AttackReport.Outcome("WebSocket: half-open upgrades (slowloris)", CONNECTIONS,
            "closed", closedByEngine, counter, counted,
            null == failure && atTheTimeout && closedByEngine == CONNECTIONS && counted == CONNECTIONS,
            String.format(java.util.Locale.ROOT, "the upgrade's request line and one header, then nothing; closed " +
                "at the %d s handshake timeout (the first after %.2f s)%s",
                TimeUnit.NANOSECONDS.toSeconds(handshakeTimeoutNs), Long.MAX_VALUE == earliestCloseNs ? Double.NaN :
                earliestCloseNs / 1e9, null == failure ? "" : "; " + failure)));
    }

    /**
     * Many upgrades at once from one address: those past the address's connection cap are refused with 429 and
     * counted; the accepted ones are let go again.
     */
    void upgradeStorm(final int upgrades, final int heldByHonestPlayers)
    {
        final String counter = "ringside_ws_refused_per_address_total";
        attacks.awaitMetric("only the honest players' WebSocket connections open",
            m -> m.value("ringside_ws_connections") == heldByHonestPlayers);
        final MetricsScrape before = attacks.scrape();
        final List<CompletableFuture<WebSocket>> pending = new ArrayList<>();
        final long start = System.nanoTime();
        for (int i = 0; i < upgrades; i++)
        {
            pending.add(http.newWebSocketBuilder().buildAsync(endpoint, new Raw()));
        }
        final AtomicInteger accepted = new AtomicInteger();
        final AtomicInteger refused429 = new AtomicInteger();
        final List<WebSocket> opened = new ArrayList<>();
        final AtomicInteger otherwise = new AtomicInteger();
        for (final CompletableFuture<WebSocket> future : pending)
        {
            try
            {
                opened.add(future.get(30, TimeUnit.SECONDS));
                accepted.incrementAndGet();
            }
            catch (final ExecutionException | CompletionException ex)
            {
                if (ex.getCause() instanceof WebSocketHandshakeException refusal &&
                    429 == refusal.getResponse().statusCode())
                {
                    refused429.incrementAndGet();
                }
                else
                {
                    otherwise.incrementAndGet();
                }
            }
            catch (final InterruptedException | TimeoutException ex)
            {
                otherwise.incrementAndGet();
                future.thenAccept(WebSocket::abort);
            }
        }
        final double seconds = (System.nanoTime() - start) / 1e9;
        opened.forEach(WebSocket::abort);
        final int room = Math.max(0, maxConnectionsPerAddress - heldByHonestPlayers);
        final long counted = attacks.awaitDelta(before, m -> m.value(counter), upgrades - room, () -> true);
        attacks.record(new AttackReport.Outcome("WebSocket: upgrade storm from one address", upgrades, "429",
            refused429.get(), counter, counted,
            accepted.get() == room && refused429.get() == upgrades - room && counted == refused429.get(),
            String.format(java.util.Locale.ROOT, "%d upgrades at once in %.2f s; %d accepted (room for %d: the " +
                "address's cap %d less the honest players' %d), then let go; %d failed otherwise", upgrades, seconds,
                accepted.get(), room, maxConnectionsPerAddress, heldByHonestPlayers, otherwise.get())));
    }

    private static int closeStatus(final Raw raw)
    {
        try
        {
            return raw.closeStatus.get(10, TimeUnit.SECONDS);
        }
        catch (final InterruptedException | ExecutionException | TimeoutException ex)
        {
            return NOT_CLOSED;
        }
    }
}
