package io.ringside.directory;

import io.ringside.cluster.ClusterNode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One member of the directory ({@code bin/directory}): a {@link ClusterNode} running the {@link DirectoryService},
 * plus the member's HTTP endpoint. Three members on three hosts (or three ports of one) make a directory that keeps
 * answering while any two of them run. Ports as {@link ClusterNode} lays them out; engines name every member's
 * ingress in {@code --cluster-directory}.
 */
public final class DirectoryMember implements AutoCloseable
{
    /**
     * The member's settings: where it is in the cluster, and the directory's own.
     */
    public static final class Settings
    {
        final ClusterNode.Settings cluster = new ClusterNode.Settings(9000, new File("data/directory"), "directory");
        int httpPort;
        String httpHost = "127.0.0.1";
        long goneAfterMs = 3_000;

        public Settings memberId(final int memberId)
        {
            cluster.memberId(memberId);
            return this;
        }

        public Settings hosts(final List<String> hosts)
        {
            cluster.hosts(hosts);
            return this;
        }

        public Settings basePort(final int basePort)
        {
            cluster.basePort(basePort);
            return this;
        }

        public Settings dir(final File dir)
        {
            cluster.dir(dir);
            return this;
        }

        public Settings aeronDir(final String aeronDir)
        {
            cluster.aeronDir(aeronDir);
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
            return cluster.ingressEndpoints();
        }
    }

    private final Settings settings;
    private final DirectoryService service;
    private final ClusterNode node;
    private final DirectoryHttp http;
    private volatile String down;

    private DirectoryMember(final Settings settings) throws IOException
    {
        this.settings = settings;
        service = new DirectoryService(settings.goneAfterMs);
        final ClusterNode launchedNode = ClusterNode.launch(settings.cluster, service, this::onError);
        DirectoryHttp launchedHttp = null;
        try
        {
            if (settings.httpPort > 0)
            {
                launchedHttp = new DirectoryHttp(settings.httpHost, settings.httpPort, service::view, () -> down,
                    launchedNode::commitPosition);
            }
        }
        catch (final RuntimeException | IOException ex)
        {
            CloseHelper.quietClose(launchedNode);
            throw ex;
        }
        node = launchedNode;
        http = launchedHttp;
    }

    public static DirectoryMember launch(final Settings settings) throws IOException
    {
        return new DirectoryMember(settings);
    }

    private void onError(final Throwable error)
    {
        System.err.println("ringside directory member " + settings.cluster.memberId() + ": " + error);
    }

    public DirectoryView view()
    {
        return service.view();
    }

    public String aeronDirectoryName()
    {
        return node.aeronDirectoryName();
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
        CloseHelper.closeAll(http, node);
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
            final ClusterNode.Settings cluster = settings.cluster;
            System.out.printf("ringside directory member %d of %d, ingress %s:%d, dir %s%n", cluster.memberId(),
                cluster.hosts().size(), cluster.hosts().get(cluster.memberId()), cluster.ingressPort(),
                cluster.memberDir().getAbsolutePath());
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
        final boolean parsed = settings.cluster.parseArgs(args, (option, value) ->
        {
            switch (option)
            {
                case "--http-port" -> settings.httpPort = Integer.parseInt(value);
                case "--http-host" -> settings.httpHost = value;
                case "--gone-after" -> settings.goneAfterMs = ClusterNode.Settings.millis(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        });
        return parsed ? settings : null;
    }

    static void printHelp(final PrintStream out)
    {
        final List<String> lines = new ArrayList<>();
        lines.add("usage: bin/directory --member-id N [options]");
        lines.addAll(new Settings().cluster.helpLines("data/directory"));
        lines.add("  --http-port P            /health, /metrics, /api/v1/rooms, /api/v1/engines; 0 off (0)");
        lines.add("  --http-host H            address the HTTP endpoint binds (127.0.0.1)");
        lines.add("  --gone-after T           an engine silent this long is marked gone; same on every member (3s)");
        lines.forEach(out::println);
    }
}
