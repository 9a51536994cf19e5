package io.ringside.cluster;

import io.aeron.CommonContext;
import io.aeron.Counter;
import io.aeron.archive.Archive;
import io.aeron.archive.ArchiveThreadingMode;
import io.aeron.archive.client.AeronArchive;
import io.aeron.cluster.ClusteredMediaDriver;
import io.aeron.cluster.ConsensusModule;
import io.aeron.cluster.service.ClusteredService;
import io.aeron.cluster.service.ClusteredServiceContainer;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import org.agrona.CloseHelper;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpLock;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * One member of a three-member Aeron Cluster on this process: a media driver, an archive and a consensus module
 * (Aeron's {@link ClusteredMediaDriver}) and the container that runs one {@link ClusteredService}. The directory and
 * the HA rooms each run their service on members launched here, with the same port layout and election tuning.
 * <p>
 * Ports: member {@code i} uses {@code basePort + 10 * i} plus 1 (archive control), 2 (client ingress: what clients of
 * the cluster name), 3 (consensus), 4 (log), 5 (catch-up).
 */
public final class ClusterNode implements AutoCloseable
{
    public static final int ARCHIVE_CONTROL_PORT_OFFSET = 1;
    public static final int INGRESS_PORT_OFFSET = 2;
    public static final int CONSENSUS_PORT_OFFSET = 3;
    public static final int LOG_PORT_OFFSET = 4;
    public static final int CATCHUP_PORT_OFFSET = 5;
    public static final int PORTS_PER_MEMBER = 10;

    /**
     * Where a member is and how its cluster elects and times out. Every member of one cluster runs with the same
     * hosts, base port and timeouts.
     */
    public static final class Settings
    {
        int memberId;
        List<String> hosts = List.of("localhost", "localhost", "localhost");
        int basePort;
        File dir;
        String aeronDir;
        String aeronDirSuffix;
        long heartbeatTimeoutMs = 2_000;
        long heartbeatIntervalMs = 200;
        long electionTimeoutMs = 1_000;
        long startupCanvassTimeoutMs = 5_000;
        long sessionTimeoutMs = 5_000;
        long idleParkMaxMs = 2;
        long timerResolutionUs = 8_000;
        int logTermLength = 4 * 1024 * 1024;

        /**
         * @param basePort       the first member's base port.
         * @param dir            where members keep their logs and snapshots (member {@code i} in {@code member-i}).
         * @param aeronDirSuffix what tells this cluster's driver directories from another's on one host.
         */
        public Settings(final int basePort, final File dir, final String aeronDirSuffix)
        {
            this.basePort = basePort;
            this.dir = dir;
            this.aeronDirSuffix = aeronDirSuffix;
        }

        public Settings memberId(final int memberId)
        {
            this.memberId = memberId;
            return this;
        }

        public int memberId()
        {
            return memberId;
        }

        public Settings hosts(final List<String> hosts)
        {
            this.hosts = List.copyOf(hosts);
            return this;
        }

        public List<String> hosts()
        {
            return hosts;
        }

        public Settings basePort(final int basePort)
        {
            this.basePort = basePort;
            return this;
        }

        public int basePort()
        {
            return basePort;
        }

        public Settings dir(final File dir)
        {
            this.dir = dir;
            return this;
        }

        public File dir()
        {
            return dir;
        }

        /**
         * @return the member's own folder under {@link #dir()}.
         */
        public File memberDir()
        {
            return new File(dir, "member-" + memberId);
        }

        /**
         * @param aeronDir the member's media driver directory (default: the Aeron default with the cluster's suffix,
         *                 base port and member id appended).
         */
        public Settings aeronDir(final String aeronDir)
        {
            this.aeronDir = aeronDir;
            return this;
        }

        public Settings heartbeatTimeoutMs(final long heartbeatTimeoutMs)
        {
            this.heartbeatTimeoutMs = heartbeatTimeoutMs;
            return this;
        }

        public long heartbeatTimeoutMs()
        {
            return heartbeatTimeoutMs;
        }

        public long heartbeatIntervalMs()
        {
            return heartbeatIntervalMs;
        }

        public long electionTimeoutMs()
        {
            return electionTimeoutMs;
        }

        public Settings sessionTimeoutMs(final long sessionTimeoutMs)
        {
            this.sessionTimeoutMs = sessionTimeoutMs;
            return this;
        }

        public long sessionTimeoutMs()
        {
            return sessionTimeoutMs;
        }

        public Settings idleParkMaxMs(final long idleParkMaxMs)
        {
            this.idleParkMaxMs = idleParkMaxMs;
            return this;
        }

        /**
         * @param timerResolutionUs the consensus module's timer wheel tick: how late a cluster timer may fire.
         */
        public Settings timerResolutionUs(final long timerResolutionUs)
        {
            this.timerResolutionUs = timerResolutionUs;
            return this;
        }

        public Settings logTermLength(final int logTermLength)
        {
            this.logTermLength = logTermLength;
            return this;
        }

        /**
         * Take one of the options every member program shares.
         *
         * @return whether the option was one of them.
         */
        public boolean parse(final String option, final String value)
        {
            switch (option)
            {
                case "--member-id" -> memberId = Integer.parseInt(value);
                case "--members" -> hosts = List.copyOf(Arrays.asList(value.split(",")));
                case "--base-port" -> basePort = Integer.parseInt(value);
                case "--dir" -> dir = new File(value);
                case "--aeron-dir" -> aeronDir = value;
                case "--heartbeat-timeout" -> heartbeatTimeoutMs = millis(value);
                case "--session-timeout" -> sessionTimeoutMs = millis(value);
                case "--idle-park-max" -> idleParkMaxMs = millis(value);
                default ->
                {
                    return false;
                }
            }
            return true;
        }

        /**
         * Read a member program's options: the ones every member shares here, the program's own by {@code own}
         * (which throws IllegalArgumentException for an option it does not know).
         *
         * @return false when help was asked for.
         * @throws IllegalArgumentException for an option without a value, or unknown.
         */
        public boolean parseArgs(final String[] args, final java.util.function.BiConsumer<String, String> own)
        {
            for (int i = 0; i < args.length; i++)
            {
                final String arg = args[i];
                if ("--help".equals(arg) || "-h".equals(arg))
                {
                    return false;
                }
                if (i + 1 >= args.length)
                {
                    throw new IllegalArgumentException("missing value for " + arg);
                }
                final String value = args[++i];
                if (!parse(arg, value))
                {
                    own.accept(arg, value);
                }
            }
            return true;
        }

        /**
         * @return the help lines of the options {@link #parse} takes.
         */
        public List<String> helpLines(final String dirDefault)
        {
            return List.of(
                "  --member-id N            this member, 0..members-1 (0)",
                "  --members H0,H1,H2       every member's host, in member order (localhost,localhost,localhost)",
                "  --base-port P            member i uses P+10i+1..5: archive, ingress, consensus, log, catch-up (" +
                    basePort + ")",
                "  --dir DIR                where the member keeps its log and snapshots (" + dirDefault + ")",
                "  --aeron-dir DIR          its media driver's directory (<aeron default>-" + aeronDirSuffix +
                    "-<port>-<id>)",
                "  --heartbeat-timeout T    followers elect a new leader after this long without it (" +
                    heartbeatTimeoutMs / 1000.0 + "s)",
                "  --session-timeout T      a silent client's cluster session is closed after this (" +
                    sessionTimeoutMs / 1000.0 + "s)",
                "  --idle-park-max T        longest park of an idle member thread (" + idleParkMaxMs + "ms)");
        }

        /**
         * @return what clients of the cluster name: every member's ingress host:port, comma separated.
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

        public int ingressPort()
        {
            return port(basePort, memberId, INGRESS_PORT_OFFSET);
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
        public static int freeBasePort() throws IOException
        {
            for (int attempt = 0; attempt < 100; attempt++)
            {
                final int base = 20_000 + 100 * ThreadLocalRandom.current().nextInt(400);
                boolean free = true;
                for (int port = base; port < base + 3 * PORTS_PER_MEMBER && free; port++)
                {
                    try (DatagramSocket socket = new DatagramSocket(port))
                    {
                        free = socket.isBound();
                    }
                    catch (final IOException ex)
                    {
                        free = false;
                    }
                }
                if (free)
                {
                    return base;
                }
            }
            throw new IOException("no free base port for three cluster members");
        }

        public static int port(final int basePort, final int memberId, final int offset)
        {
            return basePort + PORTS_PER_MEMBER * memberId + offset;
        }

        /**
         * A duration: a number of milliseconds, or with a unit ({@code 500ms}, {@code 3s}).
         */
        public static long millis(final String value)
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
    }

    private final ClusteredMediaDriver clusteredDriver;
    private final ClusteredServiceContainer container;

    private ClusterNode(final Settings settings, final ClusteredService service, final ErrorHandler errorHandler)
    {
        if (settings.memberId < 0 || settings.memberId >= settings.hosts.size())
        {
            throw new IllegalArgumentException("member id " + settings.memberId + " is not one of the " +
                settings.hosts.size() + " members");
        }
        final int id = settings.memberId;
        final String host = settings.hosts.get(id);
        final File baseDir = settings.memberDir();
        final String aeronDir = null != settings.aeronDir ? settings.aeronDir :
            CommonContext.getAeronDirectoryName() + "-" + settings.aeronDirSuffix + "-" + settings.basePort + "-" + id;
        final Supplier<IdleStrategy> idle = () -> new BackoffIdleStrategy(
            10, 20, TimeUnit.MICROSECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(settings.idleParkMaxMs));

        final MediaDriver.Context driver = new MediaDriver.Context()
            .aeronDirectoryName(aeronDir)
            .threadingMode(ThreadingMode.SHARED)
            .sharedIdleStrategy(idle.get())
            .termBufferSparseFile(true)
            .dirDeleteOnStart(true)
            .dirDeleteOnShutdown(true)
            .errorHandler(errorHandler);

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
            .errorHandler(errorHandler);

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
            .wheelTickResolutionNs(TimeUnit.MICROSECONDS.toNanos(settings.timerResolutionUs))
            .idleStrategySupplier(idle)
            .errorHandler(errorHandler);

        final ClusteredServiceContainer.Context serviceContext = new ClusteredServiceContainer.Context()
            .aeronDirectoryName(aeronDir)
            .archiveContext(localArchive.clone())
            .clusterDir(new File(baseDir, "cluster"))
            .clusteredService(service)
            .serviceId(0)
            .idleStrategySupplier(idle)
            .errorHandler(errorHandler);

        ClusteredMediaDriver launchedDriver = null;
        try
        {
            launchedDriver = ClusteredMediaDriver.launch(driver, archive, consensus);
            container = ClusteredServiceContainer.launch(serviceContext);
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietClose(launchedDriver);
            throw ex;
        }
        clusteredDriver = launchedDriver;
    }

    /**
     * Start a member running the service. The member takes part in elections from here on.
     */
    public static ClusterNode launch(
        final Settings settings, final ClusteredService service, final ErrorHandler errorHandler)
    {
        return new ClusterNode(settings, service, errorHandler);
    }

    public String aeronDirectoryName()
    {
        return clusteredDriver.mediaDriver().aeronDirectoryName();
    }

    /**
     * @return the cluster's commit position as this member's consensus module knows it, -1 once closed.
     */
    public long commitPosition()
    {
        final Counter counter = clusteredDriver.consensusModule().context().commitPositionCounter();
        return counter.isClosed() ? -1 : counter.get();
    }

    /**
     * @return elections this member's consensus module has taken part in since it started, -1 once closed.
     */
    public long electionCount()
    {
        final Counter counter = clusteredDriver.consensusModule().context().electionCounter();
        return null == counter || counter.isClosed() ? -1 : counter.get();
    }

    public void close()
    {
        CloseHelper.closeAll(container, clusteredDriver);
    }
}
