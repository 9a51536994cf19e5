package io.ringside.directory;

import io.aeron.CommonContext;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One member of the directory ({@code bin/directory}): a media driver, an archive and a consensus module
 * (Aeron's {@link ClusteredMediaDriver}) and the container that runs the {@link DirectoryService}, plus the member's
 * HTTP endpoint. Three members on three hosts (or three ports of one) make a directory that keeps answering while
 * any two of them run.
 * <p>
 * Ports: member {@code i} uses {@code basePort + 10 * i} plus 1 (archive control), 2 (client ingress: what engines
 * name in {@code --cluster-directory}), 3 (consensus), 4 (log), 5 (catch-up).
 */
public final class DirectoryMember implements AutoCloseable
{
    public static final int ARCHIVE_CONTROL_PORT_OFFSET = 1;
    public static final int INGRESS_PORT_OFFSET = 2;
    public static final int CONSENSUS_PORT_OFFSET = 3;
    public static final int LOG_PORT_OFFSET = 4;
    public static final int CATCHUP_PORT_OFFSET = 5;
    public static final int PORTS_PER_MEMBER = 10;

    /**
     * The member's settings.
     */
    public static final class Settings
    {
        int memberId;
        List<String> hosts = List.of("localhost", "localhost", "localhost");
        int basePort = 9000;
        File dir = new File("data/directory");
        String aeronDir;
        int httpPort;
        String httpHost = "127.0.0.1";
        long goneAfterMs = 3_000;
        long heartbeatTimeoutMs = 2_000;
        long heartbeatIntervalMs = 200;
        long electionTimeoutMs = 1_000;
        long startupCanvassTimeoutMs = 5_000;
        long sessionTimeoutMs = 5_000;
        long idleParkMaxMs = 2;
        int logTermLength = 4 * 1024 * 1024;

        public Settings memberId(final int memberId)
        {
            this.memberId = memberId;
            return this;
        }

        public Settings hosts(final List<String> hosts)
        {
            this.hosts = List.copyOf(hosts);
            return this;
        }

        public Settings basePort(final int basePort)
        {
            this.basePort = basePort;
            return this;
        }

        public Settings dir(final File dir)
        {
            this.dir = dir;
            return this;
        }

        /**
         * @param aeronDir the member's media driver directory (default: the Aeron default with the base port and
         *                 member id appended).
         */
        public Settings aeronDir(final String aeronDir)
        {
            this.aeronDir = aeronDir;
            return this;
        }

        public Settings httpPort(final int httpPort)
        {
            this.httpPort = httpPort;
            return this;
        }

        public Settings goneAfterMs(final long goneAfterMs)
        {
            this.goneAfterMs = goneAfterMs;
            return this;
        }

        /**
         * @return what engines pass as {@code --cluster-directory}: every member's ingress host:port.
         */
        public String ingressEndpoints()
        {
            return ingressEndpoints(hosts, basePort);
        }

        public static String ingressEndpoints(final List<String> hosts, final int basePort)
        {
            final StringBuilder endpoints = new StringBuilder();
            for (int i = 0; i < hosts.size(); i++)
            {
                endpoints.append(i > 0 ? "," : "").append(hosts.get(i)).append(':')
                    .append(port(basePort, i, INGRESS_PORT_OFFSET));
            }
            return endpoints.toString();
        }

        String clusterMembers()
        {
            final StringBuilder members = new StringBuilder();
            for (int i = 0; i < hosts.size(); i++)
            {
                final String host = hosts.get(i);
                members.append(i > 0 ? "|" : "").append(i)
                    .append(',').append(host).append(':').append(port(basePort, i, INGRESS_PORT_OFFSET))
                    .append(',').append(host).append(':').append(port(basePort, i, CONSENSUS_PORT_OFFSET))
                    .append(',').append(host).append(':').append(port(basePort, i, LOG_PORT_OFFSET))
                    .append(',').append(host).append(':').append(port(basePort, i, CATCHUP_PORT_OFFSET))
                    .append(',').append(host).append(':').append(port(basePort, i, ARCHIVE_CONTROL_PORT_OFFSET));
            }
            return members.toString();
        }

        /**
         * @return a base port whose ports for three members are all free for UDP now (tests and runs on one host).
         */
        public static int freeBasePort() throws java.io.IOException
        {
            for (int attempt = 0; attempt < 100; attempt++)
            {
                final int base = 20_000 + 100 * java.util.concurrent.ThreadLocalRandom.current().nextInt(400);
                boolean free = true;
                for (int port = base; port < base + 3 * PORTS_PER_MEMBER && free; port++)
                {
                    try (java.net.DatagramSocket socket = new java.net.DatagramSocket(port))
                    {
                        free = socket.isBound();
                    }
                    catch (final java.io.IOException ex)
                    {
                        free = false;
                    }
                }
                if (free)
                {
                    return base;
                }
            }
            throw new java.io.IOException("no free base port for three directory members");
        }

        static int port(final int basePort, final int memberId, final int offset)
        {
            return basePort + PORTS_PER_MEMBER * memberId + offset;
        }
    }

    private final Settings settings;
    private final DirectoryService service;
    private final ClusteredMediaDriver clusteredDriver;
    private final ClusteredServiceContainer container;
    private final DirectoryHttp http;
    private volatile String down;

    private DirectoryMember(final Settings settings) throws IOException
    {
        this.settings = settings;
        if (settings.memberId < 0 || settings.memberId >= settings.hosts.size())
        {
            throw new IllegalArgumentException("member id " + settings.memberId + " is not one of the " +
                settings.hosts.size() + " members");
        }
        final int id = settings.memberId;
        final String host = settings.hosts.get(id);
        final File baseDir = new File(settings.dir, "member-" + id);
        final String aeronDir = null != settings.aeronDir ? settings.aeronDir :
            CommonContext.getAeronDirectoryName() + "-directory-" + settings.basePort + "-" + id;
        final Supplier<IdleStrategy> idle = () -> new BackoffIdleStrategy(
            10, 20, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(settings.idleParkMaxMs));

        final MediaDriver.Context driver = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.get())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(this::onError);

        final AeronArchive.Context replicationArchive = new AeronArchive.Context()
            .controlResponseChannel("aeron:udp?endpoint=" + host + ":0");
        final Archive.Context archive = new Archive.Context()
            .aeronDirectoryName(aeronDir)
            .archiveId(id)
            .archiveDir(new File(baseDir, "archive"))
            .controlChannel("aeron:udp?endpoint=" + host + ":" +
                Settings.port(settings.basePort, id, ARCHIVE_CONTROL_PORT_OFFSET))
            .archiveClientContext(replicationArchive)
            .localControlChannel("aeron:ipc?term-length=64k")
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .recordingEventsEnabled(false)
            .threadingMode(ArchiveThreadingMode.SHARED)
            .idleStrategySupplier(idle)
            .segmentFileLength(4 * settings.logTermLength)
            .errorHandler(this::onError);

        final AeronArchive.Context localArchive = new AeronArchive.Context()
            .lock(NoOpLock.INSTANCE)
            .controlRequestChannel(archive.localControlChannel())
            .controlRequestStreamId(archive.localControlStreamId())
            .controlResponseChannel(archive.localControlChannel())
            .aeronDirectoryName(aeronDir);

        final ConsensusModule.Context consensus = new ConsensusModule.Context()
            .clusterMemberId(id)
            .clusterMembers(settings.clusterMembers())
            .clusterDir(new File(baseDir, "cluster"))
            .archiveContext(localArchive.clone())
            .serviceCount(1)
            .ingressChannel("aeron:udp")
            .logChannel("aeron:udp?term-length=" + settings.logTermLength)
            .replicationChannel("aeron:udp?endpoint=" + host + ":0")
            .leaderHeartbeatTimeoutNs(TimeUnit.MILLISECONDS.toNanos(settings.heartbeatTimeoutMs))
            .leaderHeartbeatIntervalNs(TimeUnit.MILLISECONDS.toNanos(settings.heartbeatIntervalMs))
            .electionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(settings.electionTimeoutMs))
            .startupCanvassTimeoutNs(TimeUnit.MILLISECONDS.toNanos(settings.startupCanvassTimeoutMs))
            .sessionTimeoutNs(TimeUnit.MILLISECONDS.toNanos(settings.sessionTimeoutMs))
            .idleStrategySupplier(idle)
            .errorHandler(this::onError);

        service = new DirectoryService(settings.goneAfterMs);
        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(new File(baseDir, "cluster"))
            .clusteredService(service)
            .serviceId(0)
            .idleStrategySupplier(idle)
            .errorHandler(this::onError);

        ClusteredMediaDriver launchedDriver = null;
        ClusteredServiceContainer launchedContainer = null;
        DirectoryHttp launchedHttp = null;
        try
        {
            launchedDriver = ClusteredMediaDriver.launch(driver, archive, consensus);
            launchedContainer = ClusteredServiceContainer.launch(serviceContext);
            if (settings.httpPort > 0)
            {
                final io.aeron.Counter commitPosition =
                    launchedDriver.consensusModule().context().commitPositionCounter();
                launchedHttp = new DirectoryHttp(settings.httpHost, settings.httpPort, service::view, () -> down,
                    () -> commitPosition.isClosed() ? -1 : commitPosition.get());
            }
        }
        catch (final RuntimeException | IOException ex)
        {
            CloseHelper.quietCloseAll(launchedHttp, launchedContainer, launchedDriver);
            throw ex;
        }
        clusteredDriver = launchedDriver;
        container = launchedContainer;
        http = launchedHttp;
    }

    public static DirectoryMember launch(final Settings settings) throws IOException
    {
        return new DirectoryMember(settings);
    }

    private void onError(final Throwable error)
    {
        System.err.println("ringside directory member " + settings.memberId + ": " + error);
    }

    public DirectoryView view()
    {
        return service.view();
    }

    public String aeronDirectoryName()
    {
        return clusteredDriver.mediaDriver().aeronDirectoryName();
    }

    public DirectoryHttp http()
    {
        return http;
    }

    public void close()
    {
        if (null != down)
        {
            return;
        }
        down = "shutting down";
        CloseHelper.closeAll(http, container, clusteredDriver);
    }

    public static void main(final String[] args) throws IOException
    {
        final Settings settings;
        try
        {
            settings = parse(args);
            if (null == settings)
            {
                printHelp(System.out);
                return;
            }
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage());
            printHelp(System.err);
            System.exit(2);
            return;
        }
        // closed last: the JVM's shutdown hook waits for it, so the member has closed before the process ends
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier(); DirectoryMember member = launch(settings))
        {
            System.out.printf("ringside directory member %d of %d, ingress %s:%d, dir %s%n", settings.memberId,
                settings.hosts.size(), settings.hosts.get(settings.memberId),
                Settings.port(settings.basePort, settings.memberId, INGRESS_PORT_OFFSET),
                new File(settings.dir, "member-" + settings.memberId).getAbsolutePath());
            System.out.printf("engines join with --cluster-directory %s; engines silent for %d ms are gone%n",
                settings.ingressEndpoints(), settings.goneAfterMs);
            if (null != member.http())
            {
                System.out.printf("health and metrics on http://%s:%d/health and /metrics, rooms on /api/v1/rooms%n",
                    member.http().address().getHostString(), member.http().address().getPort());
            }
            System.out.printf("aeron dir %s (bin/aeronstat %s shows the cluster's counters); pid %d%n",
                member.aeronDirectoryName(), member.aeronDirectoryName(), ProcessHandle.current().pid());
            System.out.println("ringside directory member ready");
            System.out.flush();
            barrier.await();
            System.out.println("ringside directory member shutting down");
            member.close();
            System.out.println("ringside directory member stopped");
        }
    }

    static Settings parse(final String[] args)
    {
        final Settings settings = new Settings();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if ("--help".equals(arg) || "-h".equals(arg))
            {
                return null;
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("missing value for " + arg);
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--member-id" -> settings.memberId = Integer.parseInt(value);
                case "--members" -> settings.hosts = List.copyOf(Arrays.asList(value.split(",")));
                case "--base-port" -> settings.basePort = Integer.parseInt(value);
                case "--dir" -> settings.dir = new File(value);
                case "--aeron-dir" -> settings.aeronDir = value;
                case "--http-port" -> settings.httpPort = Integer.parseInt(value);
                case "--http-host" -> settings.httpHost = value;
                case "--gone-after" -> settings.goneAfterMs = millis(value);
                case "--heartbeat-timeout" -> settings.heartbeatTimeoutMs = millis(value);
                case "--session-timeout" -> settings.sessionTimeoutMs = millis(value);
                case "--idle-park-max" -> settings.idleParkMaxMs = millis(value);
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        return settings;
    }

    /**
     * A duration: a number of milliseconds, or with a unit ({@code 500ms}, {@code 3s}).
     */
    static long millis(final String value)
    {
        if (value.endsWith("ms"))
        {
            return Long.parseLong(value.substring(0, value.length() - 2));
        }
        if (value.endsWith("s"))
        {
            return Long.parseLong(value.substring(0, value.length() - 1)) * 1000;
        }
        return Long.parseLong(value);
    }

    static void printHelp(final PrintStream out)
    {
        final List<String> lines = new ArrayList<>();
        lines.add("usage: bin/directory --member-id N [options]");
        lines.add("  --member-id N            this member, 0..members-1 (0)");
        lines.add("  --members H0,H1,H2       every member's host, in member order (localhost,localhost,localhost)");
        lines.add("  --base-port P            member i uses P+10i+1..5: archive, ingress, consensus, log, catch-up (9000)");
        lines.add("  --dir DIR                where the member keeps its log and snapshots (data/directory)");
        lines.add("  --aeron-dir DIR          its media driver's directory (<aeron default>-directory-<port>-<id>)");
        lines.add("  --http-port P            /health, /metrics, /api/v1/rooms, /api/v1/engines; 0 off (0)");
        lines.add("  --http-host H            address the HTTP endpoint binds (127.0.0.1)");
        lines.add("  --gone-after T           an engine silent this long is marked gone; same on every member (3s)");
        lines.add("  --heartbeat-timeout T    followers elect a new leader after this long without it (2s)");
        lines.add("  --session-timeout T      a silent engine's cluster session is closed after this (5s)");
        lines.add("  --idle-park-max T        longest park of an idle member thread (2ms)");
        lines.forEach(out::println);
    }
}
