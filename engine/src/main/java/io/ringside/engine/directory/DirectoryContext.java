package io.ringside.engine.directory;

import io.ringside.directory.RoomIds;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * An engine's place among several behind a directory (see {@code EngineConfiguration} for the properties that fill
 * it): which directory, which engine this is, what it tells the directory about itself, and the secret its join
 * tickets share with the other engines. Absent (null in the engine's context) for a stand-alone engine.
 */
public final class DirectoryContext
{
    private String directoryEndpoints;
    private String egressChannel = "aeron:udp?endpoint=localhost:0";
    private int engineId;
    private int capacityPlayers = 1000;
    private byte[] ticketSecret;
    private String publicAeronEndpoint = "";
    private String publicWebSocketUrl = "";
    private String publicHttpUrl = "";
    private long reportIntervalNs = TimeUnit.MILLISECONDS.toNanos(500);
    private long ticketTtlMs = 10_000;
    private long placementTimeoutNs = TimeUnit.SECONDS.toNanos(2);
    private int placementSeats = 8;

    /**
     * Check the settings; called once before the engine starts.
     */
    public DirectoryContext conclude()
    {
        if (null == directoryEndpoints || directoryEndpoints.isBlank())
        {
            throw new IllegalArgumentException("a directory needs its members' endpoints (--cluster-directory)");
        }
        if (engineId <= 0 || engineId > RoomIds.MAX_ENGINE_ID)
        {
            throw new IllegalArgumentException("with a directory the engine needs --engine-id 1.." +
                RoomIds.MAX_ENGINE_ID + ": " + engineId);
        }
        if (null == ticketSecret || ticketSecret.length < 16)
        {
            throw new IllegalArgumentException(
                "with a directory the engines share a ticket secret of at least 16 bytes (--cluster-secret or " +
                "RINGSIDE_CLUSTER_SECRET)");
        }
        if (capacityPlayers <= 0 || placementSeats <= 0 || ticketTtlMs <= 0 || reportIntervalNs <= 0 ||
            placementTimeoutNs <= 0)
        {
            throw new IllegalArgumentException("directory capacities, intervals and timeouts must be positive");
        }
        if (publicAeronEndpoint.isEmpty() && publicWebSocketUrl.isEmpty())
        {
            throw new IllegalArgumentException("an engine behind a directory needs a public Aeron or WebSocket endpoint");
        }
        return this;
    }

    public String directoryEndpoints()
    {
        return directoryEndpoints;
    }

    /**
     * @param endpoints every directory member's ingress {@code host:port}, comma separated, in member order.
     */
    public DirectoryContext directoryEndpoints(final String endpoints)
    {
        this.directoryEndpoints = endpoints;
        return this;
    }

    public String egressChannel()
    {
        return egressChannel;
    }

    /**
     * @param channel where the directory's answers come, e.g. {@code aeron:udp?endpoint=10.0.0.5:0}.
     */
    public DirectoryContext egressChannel(final String channel)
    {
        this.egressChannel = channel;
        return this;
    }

    public int engineId()
    {
        return engineId;
    }

    public DirectoryContext engineId(final int engineId)
    {
        this.engineId = engineId;
        return this;
    }

    public int capacityPlayers()
    {
        return capacityPlayers;
    }

    public DirectoryContext capacityPlayers(final int capacityPlayers)
    {
        this.capacityPlayers = capacityPlayers;
        return this;
    }

    public byte[] ticketSecret()
    {
        return ticketSecret.clone();
    }

    public DirectoryContext ticketSecret(final String secret)
    {
        this.ticketSecret = null == secret ? null : secret.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    public String publicAeronEndpoint()
    {
        return publicAeronEndpoint;
    }

    /**
     * @param channel the Aeron channel clients of other engines are sent to, e.g.
     * {@code aeron:udp?endpoint=10.0.0.5:40123}; empty for none.
     */
    public DirectoryContext publicAeronEndpoint(final String channel)
    {
        this.publicAeronEndpoint = null == channel ? "" : channel;
        return this;
    }

    public String publicWebSocketUrl()
    {
        return publicWebSocketUrl;
    }

    public DirectoryContext publicWebSocketUrl(final String url)
    {
        this.publicWebSocketUrl = null == url ? "" : url;
        return this;
    }

    public String publicHttpUrl()
    {
        return publicHttpUrl;
    }

    public DirectoryContext publicHttpUrl(final String url)
    {
        this.publicHttpUrl = null == url ? "" : url;
        return this;
    }

    public long reportIntervalNs()
    {
        return reportIntervalNs;
    }

    public DirectoryContext reportIntervalNs(final long reportIntervalNs)
    {
        this.reportIntervalNs = reportIntervalNs;
        return this;
    }

    public long ticketTtlMs()
    {
        return ticketTtlMs;
    }

    public DirectoryContext ticketTtlMs(final long ticketTtlMs)
    {
        this.ticketTtlMs = ticketTtlMs;
        return this;
    }

    public long placementTimeoutNs()
    {
        return placementTimeoutNs;
    }

    public DirectoryContext placementTimeoutNs(final long placementTimeoutNs)
    {
        this.placementTimeoutNs = placementTimeoutNs;
        return this;
    }

    public int placementSeats()
    {
        return placementSeats;
    }

    public DirectoryContext placementSeats(final int placementSeats)
    {
        this.placementSeats = placementSeats;
        return this;
    }
}
