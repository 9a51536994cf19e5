package io.ringside.transport;

import io.aeron.CommonContext;
import io.aeron.driver.ThreadingMode;
import org.agrona.SystemUtil;

/**
 * Settings of the engine's Aeron transport, with defaults from system properties, in the manner of Aeron's
 * {@code Configuration} and {@code Context}.
 * <p>
 * Egress term length: each client gets one exclusive publication of three terms. 64 KiB terms (192 KiB of log buffer
 * per client, 384 MiB for 2,000 clients) allow messages of up to 8 KiB (a term / 8), which holds a snapshot of 128
 * entities (about 5.2 KiB), and let a client fall 32 KiB (half a term) behind before it is back-pressured.
 */
public final class TransportContext
{
    public static final String AERON_DIR_PROP_NAME = "ringside.aeron.dir";

    /**
     * Where the embedded media driver puts its files (default: a fresh directory under the platform's default).
     */
    public static final String DRIVER_DIR_PROP_NAME = "ringside.driver.dir";
    public static final String INGRESS_CHANNEL_PROP_NAME = "ringside.ingress.channel";
    public static final String INGRESS_CHANNEL_DEFAULT = "aeron:udp?endpoint=localhost:40123";
    public static final String INGRESS_IPC_CHANNEL_PROP_NAME = "ringside.ingress.ipc.channel";
    public static final String INGRESS_IPC_CHANNEL_DEFAULT = "aeron:ipc";
    public static final String INGRESS_STREAM_ID_PROP_NAME = "ringside.ingress.stream.id";
    public static final int INGRESS_STREAM_ID_DEFAULT = 1001;
    public static final String EGRESS_TERM_LENGTH_PROP_NAME = "ringside.egress.term.length";
    public static final int EGRESS_TERM_LENGTH_DEFAULT = 64 * 1024;
    /**
     * Term length of each room stream's publication (one per room and media, read by every member). 256 KiB terms
     * carry RoomSnapshots of up to 32 KiB (a term / 8: a room of 128 seats with 512 entities) and let an IPC member
     * fall 128 KiB (half a term, about 12 room ticks of 100 ships) behind before the room waits for it.
     */
    public static final String ROOM_TERM_LENGTH_PROP_NAME = "ringside.room.term.length";
    public static final int ROOM_TERM_LENGTH_DEFAULT = 256 * 1024;
    public static final String FRAGMENT_LIMIT_PROP_NAME = "ringside.ingress.fragment.limit";
    public static final int FRAGMENT_LIMIT_DEFAULT = 256;
    /**
     * Most fragments taken from one client's image in one poll, so that every client is read in turn. An honest
     * client has a few messages waiting per duty cycle; one that has more has sent in a burst, or the engine was
     * behind.
     */
    public static final String FRAGMENT_LIMIT_PER_IMAGE_PROP_NAME = "ringside.ingress.fragment.limit.per.image";
    public static final int FRAGMENT_LIMIT_PER_IMAGE_DEFAULT = 16;
    public static final String MAX_MESSAGE_LENGTH_PROP_NAME = "ringside.ingress.max.message.length";

    /**
     * Shortest time between two sweeps over every client image (default profile 100 us, low-latency 0). A sweep
     * touches each image's position and term buffer, so with hundreds of clients a sweep costs tens of microseconds
     * even when it finds little; without a floor the ingress thread sweeps thousands of times a second to find a
     * message or two each time. A message waits at most this much longer to be read; a sweep cut short by the
     * ring's free space is continued at once.
     */
    /**
     * Threading of the embedded media driver: {@code dedicated} (the default: conductor, sender and receiver on
     * threads of their own; in the default profile the conductor paced to one duty cycle per
     * {@link #DRIVER_CONDUCTOR_PERIOD_PROP_NAME} and the others backing off to parks, in the low-latency profile all
     * busy spinning), {@code shared-network} (the conductor alone, sender and receiver sharing a thread),
     * {@code shared} (one driver thread) or {@code invoker} (no driver thread: the ingress agent runs the driver in
     * its own duty cycle). Measured on the capacity workload, 2-core machine: UDP holds 300 players dedicated, 225
     * shared-network; IPC the same within noise.
     */
    public static final String DRIVER_THREADING_PROP_NAME = "ringside.driver.threading";

    /**
     * Shortest time between two duty cycles of the media driver's conductor when it has a thread of its own
     * (shared-network, default profile). Each cycle walks every publication to move its limit; one client's
     * publisher waits for that only when it has filled half a term. Aeron's conductor takes at most ten client
     * commands a duty cycle, so a fixed period would also pace adding publications and subscriptions (at 4 ms a
     * connect storm of 3,000 IPC clients overflowed the to-driver buffer); the conductor therefore skips the rest of
     * its period while commands wait ({@link PacedIdleStrategy#watchCommands}). Measured at 2,500 IPC players: the
     * conductor thread 0.22 of a core at 1 ms, 0.14-0.19 at 4 ms, every cycle of it in the walk (JFR); but at 4 ms
     * the engine's Ping round trip p99 over IPC at light load was 0.78-1.6 ms in three runs against 0.47 at 1 ms and
     * raw Aeron's 0.38-0.39 (bin/perf's side by side), so the default stays 1 ms.
     */
    public static final String DRIVER_CONDUCTOR_PERIOD_PROP_NAME = "ringside.driver.conductor.period";
    public static final long DRIVER_CONDUCTOR_PERIOD_DEFAULT_NS = 1_000_000;

    /**
     * After a conductor duty cycle, rest at least this many times as long as it took (at most
     * {@link #DRIVER_CONDUCTOR_MAX_REST_NS}): with thousands of publications a walk takes a large part of a
     * millisecond, and a fixed period would let the conductor take most of a core. 0: the plain period.
     */
    public static final String DRIVER_CONDUCTOR_REST_RATIO_PROP_NAME = "ringside.driver.conductor.rest.ratio";
    public static final long DRIVER_CONDUCTOR_REST_RATIO_DEFAULT = 3;
    public static final long DRIVER_CONDUCTOR_MAX_REST_NS = 10_000_000;

    /**
     * Shortest time from the start of one ingress sweep over the client images to the start of the next (default
     * profile; the low-latency profile sweeps at will).
     */
    public static final String INGRESS_POLL_INTERVAL_PROP_NAME = "ringside.ingress.poll.interval";
    public static final long INGRESS_POLL_INTERVAL_DEFAULT_NS = 100_000;

    /**
     * Longest time between two ingress sweeps when there are thousands of clients or sweeps take long
     * ({@link SweepPacer}): what it adds to a message's wait at most (default profile; the low-latency profile
     * sweeps at will).
     */
    public static final String INGRESS_POLL_INTERVAL_MAX_PROP_NAME = "ringside.ingress.poll.interval.max";
    public static final long INGRESS_POLL_INTERVAL_MAX_DEFAULT_NS = 1_000_000;

    /**
     * UDP socket buffer size of the embedded driver. Aeron's default (128 KiB) drops datagrams on loopback once a few
     * hundred clients' snapshots share a socket; 2 MiB stays within the usual Linux {@code rmem_max} of 4 MiB.
     */
    public static final String SOCKET_BUFFER_LENGTH_PROP_NAME = "ringside.driver.socket.buffer.length";
    public static final int SOCKET_BUFFER_LENGTH_DEFAULT = 2 * 1024 * 1024;

    private String aeronDirectoryName = System.getProperty(AERON_DIR_PROP_NAME, System.getProperty("aeron.dir"));
    private String embeddedDriverDirectoryName = System.getProperty(DRIVER_DIR_PROP_NAME);
    private String ingressChannel = System.getProperty(INGRESS_CHANNEL_PROP_NAME, INGRESS_CHANNEL_DEFAULT);
    private String ingressIpcChannel = System.getProperty(INGRESS_IPC_CHANNEL_PROP_NAME, INGRESS_IPC_CHANNEL_DEFAULT);
    private int ingressStreamId = Integer.getInteger(INGRESS_STREAM_ID_PROP_NAME, INGRESS_STREAM_ID_DEFAULT);
    private int egressTermLength = (int)SystemUtil.getSizeAsLong(EGRESS_TERM_LENGTH_PROP_NAME, EGRESS_TERM_LENGTH_DEFAULT);
    private int roomTermLength = (int)SystemUtil.getSizeAsLong(ROOM_TERM_LENGTH_PROP_NAME, ROOM_TERM_LENGTH_DEFAULT);
    private int fragmentLimit = Integer.getInteger(FRAGMENT_LIMIT_PROP_NAME, FRAGMENT_LIMIT_DEFAULT);
    private int fragmentLimitPerImage =
        Integer.getInteger(FRAGMENT_LIMIT_PER_IMAGE_PROP_NAME, FRAGMENT_LIMIT_PER_IMAGE_DEFAULT);
    private int maxMessageLength = Integer.getInteger(MAX_MESSAGE_LENGTH_PROP_NAME, 1024);
    private long ingressPollIntervalNs = null == System.getProperty(INGRESS_POLL_INTERVAL_PROP_NAME) ? -1 :
        SystemUtil.getDurationInNanos(INGRESS_POLL_INTERVAL_PROP_NAME, INGRESS_POLL_INTERVAL_DEFAULT_NS);
    private long ingressPollIntervalMaxNs = null == System.getProperty(INGRESS_POLL_INTERVAL_MAX_PROP_NAME) ? -1 :
        SystemUtil.getDurationInNanos(INGRESS_POLL_INTERVAL_MAX_PROP_NAME, INGRESS_POLL_INTERVAL_MAX_DEFAULT_NS);
    private long driverTimeoutMs = Long.getLong(
        io.aeron.CommonContext.DRIVER_TIMEOUT_PROP_NAME, io.aeron.CommonContext.DRIVER_TIMEOUT_MS);
    private int socketBufferLength =
        (int)SystemUtil.getSizeAsLong(SOCKET_BUFFER_LENGTH_PROP_NAME, SOCKET_BUFFER_LENGTH_DEFAULT);
    private boolean lowLatency;
    private boolean embeddedDriver;
    private String driverThreading = System.getProperty(DRIVER_THREADING_PROP_NAME);
    private long driverConductorPeriodNs =
        SystemUtil.getDurationInNanos(DRIVER_CONDUCTOR_PERIOD_PROP_NAME, DRIVER_CONDUCTOR_PERIOD_DEFAULT_NS);
    private long driverConductorRestRatio =
        Long.getLong(DRIVER_CONDUCTOR_REST_RATIO_PROP_NAME, DRIVER_CONDUCTOR_REST_RATIO_DEFAULT);
    private final ClientPresence clientPresence = new ClientPresence();

    /**
     * @return true when an embedded media driver is launched (no Aeron directory of a running driver was given).
     */
    public boolean embeddedDriver()
    {
        return embeddedDriver;
    }

    public TransportContext conclude()
    {
        embeddedDriver = null == aeronDirectoryName;
        if (embeddedDriver)
        {
            aeronDirectoryName = null != embeddedDriverDirectoryName ? embeddedDriverDirectoryName :
                CommonContext.generateRandomDirName();
        }
        if (Integer.bitCount(egressTermLength) != 1 || egressTermLength < 64 * 1024)
        {
            throw new IllegalArgumentException("egress term length must be a power of two >= 64 KiB: " + egressTermLength);
        }
        if (Integer.bitCount(roomTermLength) != 1 || roomTermLength < 64 * 1024)
        {
            throw new IllegalArgumentException("room term length must be a power of two >= 64 KiB: " + roomTermLength);
        }
        return this;
    }

    public ThreadingMode threadingMode()
    {
        if (null == driverThreading)
        {
            return ThreadingMode.DEDICATED;
        }
        return switch (driverThreading)
        {
            case "shared" -> ThreadingMode.SHARED;
            case "shared-network" -> ThreadingMode.SHARED_NETWORK;
            case "invoker" -> ThreadingMode.INVOKER;
            case "dedicated" -> ThreadingMode.DEDICATED;
            default -> throw new IllegalArgumentException(
                "driver threading must be shared-network, shared, invoker or dedicated: " +
                driverThreading);
        };
    }

    public long driverConductorPeriodNs()
    {
        return driverConductorPeriodNs;
    }

    public TransportContext driverConductorPeriodNs(final long driverConductorPeriodNs)
    {
        this.driverConductorPeriodNs = driverConductorPeriodNs;
        return this;
    }

    public long driverConductorRestRatio()
    {
        return driverConductorRestRatio;
    }

    public TransportContext driverConductorRestRatio(final long driverConductorRestRatio)
    {
        this.driverConductorRestRatio = driverConductorRestRatio;
        return this;
    }

    public TransportContext driverThreading(final String driverThreading)
    {
        this.driverThreading = driverThreading;
        return this;
    }

    public TransportContext roomTermLength(final int roomTermLength)
    {
        this.roomTermLength = roomTermLength;
        return this;
    }

    public int roomTermLength()
    {
        return roomTermLength;
    }

    /**
     * @return the longest message the egress publications can carry (a term / 8).
     */
    public int maxEgressMessageLength()
    {
        return egressTermLength / 8;
    }

    public TransportContext aeronDirectoryName(final String aeronDirectoryName)
    {
        this.aeronDirectoryName = aeronDirectoryName;
        return this;
    }

    public String aeronDirectoryName()
    {
        return aeronDirectoryName;
    }

    /**
     * @param dir where the embedded driver puts its files (ignored when a running driver's directory is given).
     */
    public TransportContext embeddedDriverDirectoryName(final String dir)
    {
        this.embeddedDriverDirectoryName = dir;
        return this;
    }

    public TransportContext ingressChannel(final String ingressChannel)
    {
        this.ingressChannel = ingressChannel;
        return this;
    }

    public String ingressChannel()
    {
        return ingressChannel;
    }

    /**
     * @param ingressIpcChannel an IPC channel to listen on as well, or null or empty for none.
     */
    public TransportContext ingressIpcChannel(final String ingressIpcChannel)
    {
        this.ingressIpcChannel = ingressIpcChannel;
        return this;
    }

    public String ingressIpcChannel()
    {
        return ingressIpcChannel;
    }

    public TransportContext ingressStreamId(final int ingressStreamId)
    {
        this.ingressStreamId = ingressStreamId;
        return this;
    }

    public int ingressStreamId()
    {
        return ingressStreamId;
    }

    public TransportContext egressTermLength(final int egressTermLength)
    {
        this.egressTermLength = egressTermLength;
        return this;
    }

    public int egressTermLength()
    {
        return egressTermLength;
    }

    public TransportContext fragmentLimit(final int fragmentLimit)
    {
        this.fragmentLimit = fragmentLimit;
        return this;
    }

    public int fragmentLimit()
    {
        return fragmentLimit;
    }

    public TransportContext fragmentLimitPerImage(final int fragmentLimitPerImage)
    {
        this.fragmentLimitPerImage = fragmentLimitPerImage;
        return this;
    }

    public int fragmentLimitPerImage()
    {
        return fragmentLimitPerImage;
    }

    public TransportContext maxMessageLength(final int maxMessageLength)
    {
        this.maxMessageLength = maxMessageLength;
        return this;
    }

    public int maxMessageLength()
    {
        return maxMessageLength;
    }

    /**
     * @param driverTimeoutMs how long the media driver may be silent before the client gives up on it (Aeron's
     *                        {@code aeron.driver.timeout}, 10 s by default).
     */
    public TransportContext driverTimeoutMs(final long driverTimeoutMs)
    {
        this.driverTimeoutMs = driverTimeoutMs;
        return this;
    }

    public long driverTimeoutMs()
    {
        return driverTimeoutMs;
    }

    public TransportContext ingressPollIntervalNs(final long ingressPollIntervalNs)
    {
        this.ingressPollIntervalNs = ingressPollIntervalNs;
        return this;
    }

    /**
     * @return the shortest time between two sweeps over the client images: as set, else by the profile.
     */
    public long ingressPollIntervalNs()
    {
        return ingressPollIntervalNs >= 0 ? ingressPollIntervalNs : lowLatency ? 0 : INGRESS_POLL_INTERVAL_DEFAULT_NS;
    }

    public TransportContext ingressPollIntervalMaxNs(final long ingressPollIntervalMaxNs)
    {
        this.ingressPollIntervalMaxNs = ingressPollIntervalMaxNs;
        return this;
    }

    /**
     * @return the longest time between two sweeps over the client images: as set, else by the profile.
     */
    public long ingressPollIntervalMaxNs()
    {
        return ingressPollIntervalMaxNs >= 0 ? ingressPollIntervalMaxNs :
            lowLatency ? 0 : INGRESS_POLL_INTERVAL_MAX_DEFAULT_NS;
    }

    /**
     * @return whether any client is connected: written by the ingress adapter, read by the idle strategies.
     */
    public ClientPresence clientPresence()
    {
        return clientPresence;
    }

    public TransportContext socketBufferLength(final int socketBufferLength)
    {
        this.socketBufferLength = socketBufferLength;
        return this;
    }

    public int socketBufferLength()
    {
        return socketBufferLength;
    }

    public TransportContext lowLatency(final boolean lowLatency)
    {
        this.lowLatency = lowLatency;
        return this;
    }

    public boolean lowLatency()
    {
        return lowLatency;
    }
}
