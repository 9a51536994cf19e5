package io.ringside.perf.directory;

import io.aeron.Aeron;
import io.ringside.codec.directory.BooleanType;
import io.ringside.codec.directory.DirectoryCode;
import io.ringside.codec.directory.EngineReportEncoder;
import io.ringside.codec.directory.EngineTableDecoder;
import io.ringside.codec.directory.MessageHeaderEncoder;
import io.ringside.directory.DirectoryClient;
import io.ringside.directory.RoomIds;
import org.HdrHistogram.Histogram;
import org.agrona.ExpandableArrayBuffer;

import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Directory operations measured as an engine sees them, through a real cluster client: one placement's round trip
 * (one at a time) and placements per second with a window in flight, against a probe engine registered for it, and
 * the bytes of an engine report of a given number of rooms. Placements reserve seats on the live engines until they
 * next report, which they do every few hundred milliseconds; nothing else is changed.
 */
public final class DirectoryProbe implements DirectoryClient.Listener
{
    /**
     * What was measured.
     */
    public record Figures(long placementsPerSecond, long roundTripP50Us, long roundTripP99Us, int reportBytes,
        int reportRooms)
    {
    }

    private static final int PROBE_ENGINE_ID = RoomIds.MAX_ENGINE_ID;
    private static final int REPORT_ROOMS = 100;

    private final DirectoryClient client;
    private long answered;
    private long unanswered;
    private long registerAnswer = -1;
    private DirectoryCode registerCode;

    private DirectoryProbe(final Aeron aeron, final String endpoints)
    {
        client = new DirectoryClient(aeron, endpoints, "aeron:udp?endpoint=localhost:0", this);
    }

    public static Figures measure(final Aeron aeron, final String endpoints, final int window, final long millis)
        throws InterruptedException
    {
        final DirectoryProbe probe = new DirectoryProbe(aeron, endpoints);
        try
        {
            return probe.run(window, millis);
        }
        finally
        {
            probe.client.close();
        }
    }

    private Figures run(final int window, final long millis) throws InterruptedException
    {
        await(() -> client.isConnected(), 30_000, "connected");
        final long instance = System.nanoTime();
        await(() ->
        {
            if (registerAnswer < 0 && client.register(1, PROBE_ENGINE_ID, instance, 1, "", "", ""))
            {
                registerAnswer = 0;
            }
            return null != registerCode;
        }, 30_000, "registered");
        if (DirectoryCode.OK != registerCode)
        {
            throw new IllegalStateException("probe registration " + registerCode);
        }
        final ExpandableArrayBuffer report = new ExpandableArrayBuffer(64 * 1024);
        final int reportBytes = encodeReport(report, instance);

        // one at a time
        final Histogram roundTrips = new Histogram(3);
        long correlationId = 10;
        final long sequentialEndNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < sequentialEndNs)
        {
            final long before = answered;
            final long startNs = System.nanoTime();
            if (!client.placeRoom(correlationId++, PROBE_ENGINE_ID, 1, "arena"))
            {
                client.doWork(System.nanoTime());
                continue;
            }
            final long giveUpNs = startNs + TimeUnit.SECONDS.toNanos(5);
            while (answered == before && System.nanoTime() < giveUpNs)
            {
                client.doWork(System.nanoTime());
            }
            if (answered == before)
            {
                unanswered++; // counted, and the next one asked
                continue;
            }
            roundTrips.recordValue((System.nanoTime() - startNs) / 1_000);
        }

        // a window in flight
        final long startAnswered = answered;
        long sent = 0;
        final long startNs = System.nanoTime();
        final long endNs = startNs + TimeUnit.MILLISECONDS.toNanos(millis);
        while (System.nanoTime() < endNs)
        {
            client.doWork(System.nanoTime());
            if (sent - (answered - startAnswered) < window && client.placeRoom(correlationId++, PROBE_ENGINE_ID, 1,
                "arena"))
            {
                sent++;
            }
        }
        final long elapsedNs = System.nanoTime() - startNs;
        final long placed = answered - startAnswered;
        if (unanswered > 0 || 0 == roundTrips.getTotalCount())
        {
            throw new IllegalStateException("directory probe: " + unanswered + " placements unanswered in 5 s");
        }
        return new Figures(placed * 1_000_000_000L / elapsedNs, roundTrips.getValueAtPercentile(50),
            roundTrips.getValueAtPercentile(99), reportBytes, REPORT_ROOMS);
    }

    /**
     * An engine report of {@link #REPORT_ROOMS} arena rooms with typical metadata, as the engine's agent writes it.
     */
    private static int encodeReport(final ExpandableArrayBuffer buffer, final long instance)
    {
        final EngineReportEncoder report = new EngineReportEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .engineId(PROBE_ENGINE_ID).instanceId(instance).reportSequence(1).players(REPORT_ROOMS * 10)
            .sessions(REPORT_ROOMS * 10).roomsCreated(REPORT_ROOMS);
        final EngineReportEncoder.RoomsEncoder rooms = report.roomsCount(REPORT_ROOMS);
        for (int i = 0; i < REPORT_ROOMS; i++)
        {
            rooms.next().roomId(RoomIds.firstRoomId(PROBE_ENGINE_ID) + i).playerCount(10).maxPlayers(64)
                .privateRoom(BooleanType.FALSE).game("arena").metadata("mode=ffa,map=nebula");
        }
        return MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
    }

    private void await(final BooleanSupplier condition, final long timeoutMs, final String what)
        throws InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (!condition.getAsBoolean())
        {
            client.doWork(System.nanoTime());
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("directory probe: timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }

    public void onConnected(final long clusterSessionId, final int leaderMemberId)
    {
    }

    public void onDisconnected(final String why)
    {
    }

    public void onRegisterResult(final long correlationId, final DirectoryCode code, final int leaderMemberId)
    {
        registerCode = code;
    }

    public void onEngineTable(final EngineTableDecoder table)
    {
    }

    public void onPlacement(final long correlationId, final DirectoryCode code, final int engineId)
    {
        answered++;
    }
}
