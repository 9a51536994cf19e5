package io.ringside.ha;

import io.ringside.cluster.ClusterNode;
import io.ringside.engine.EngineConfiguration;
import io.ringside.engine.game.GameRegistry;
import org.agrona.CloseHelper;
import org.agrona.concurrent.ShutdownSignalBarrier;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * One member of the HA room cluster ({@code bin/ha-member}): a {@link ClusterNode} running the {@link HaRoomService}
 * with the games found as an engine finds them ({@code -Dringside.games}, {@code -Dringside.game.path}), plus the
 * member's HTTP endpoint. Three members keep every HA room running while any two of them do. Gateway engines name
 * every member's ingress in {@code --ha-cluster}.
 */
public final class HaMember implements AutoCloseable
{
    /**
     * The member's settings: where it is in the cluster, and the service's own.
     */
    public static final class Settings
    {
        final ClusterNode.Settings cluster = new ClusterNode.Settings(9300, new File("data/ha"), "ha")
            .timerResolutionUs(1_000);
        int httpPort;
        String httpHost = "127.0.0.1";
        int tickRateHz = 60;
        long roomCloseGraceMs = 10_000;
        long gatewayGraceMs = 15_000;

        public ClusterNode.Settings cluster()
        {
            return cluster;
        }

        public Settings httpPort(final int httpPort)
        {
            this.httpPort = httpPort;
            return this;
        }

        public Settings tickRateHz(final int tickRateHz)
        {
            this.tickRateHz = tickRateHz;
            return this;
        }

        public Settings gatewayGraceMs(final long gatewayGraceMs)
        {
            this.gatewayGraceMs = gatewayGraceMs;
            return this;
        }
    }

    private final Settings settings;
    private final HaRoomService service;
    private final ClusterNode node;
    private final HaHttp http;
    private volatile String down;

    private HaMember(final Settings settings, final GameRegistry games) throws IOException
    {
        this.settings = settings;
        service = new HaRoomService(games, settings.tickRateHz,
            Math.max(1, settings.roomCloseGraceMs * settings.tickRateHz / 1000), settings.gatewayGraceMs,
            this::onError);
        final ClusterNode launchedNode = ClusterNode.launch(settings.cluster, service, this::onError);
        HaHttp launchedHttp = null;
        try
        {
            if (settings.httpPort > 0)
            {
                launchedHttp = new HaHttp(settings.httpHost, settings.httpPort, service::view, () -> down,
                    launchedNode::commitPosition, launchedNode::electionCount);
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

    public static HaMember launch(final Settings settings, final GameRegistry games) throws IOException
    {
        return new HaMember(settings, games);
    }

    private void onError(final Throwable error)
    {
        System.err.println("ringside ha member " + settings.cluster.memberId() + ": " + error);
    }

    public HaView view()
    {
        return service.view();
    }

    public long electionCount()
    {
        return node.electionCount();
    }

    public String aeronDirectoryName()
    {
        return node.aeronDirectoryName();
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
        final GameRegistry games = EngineConfiguration.games();
        // closed last: the JVM's shutdown hook waits for it, so the member has closed before the process ends
        try (ShutdownSignalBarrier barrier = new ShutdownSignalBarrier(); HaMember member = launch(settings, games))
        {
            final ClusterNode.Settings cluster = settings.cluster;
            System.out.printf("ringside ha member %d of %d, ingress %s:%d, dir %s, games %s, %d Hz%n",
                cluster.memberId(), cluster.hosts().size(), cluster.hosts().get(cluster.memberId()),
                cluster.ingressPort(), cluster.memberDir().getAbsolutePath(), games.names(), settings.tickRateHz);
            System.out.printf("gateway engines join with --ha-cluster %s%n", cluster.ingressEndpoints());
            if (null != member.http)
            {
                System.out.printf("health and metrics on http://%s:%d/health and /metrics%n",
                    member.http.address().getHostString(), member.http.address().getPort());
            }
            System.out.printf("aeron dir %s; pid %d%n", member.aeronDirectoryName(), ProcessHandle.current().pid());
            System.out.println("ringside ha member ready");
            System.out.flush();
            barrier.await();
            System.out.println("ringside ha member shutting down");
            member.close();
            System.out.println("ringside ha member stopped");
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
                case "--tick-rate" -> settings.tickRateHz = Integer.parseInt(value);
                case "--room-close-grace" -> settings.roomCloseGraceMs = ClusterNode.Settings.millis(value);
                case "--gateway-grace" -> settings.gatewayGraceMs = ClusterNode.Settings.millis(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        });
        return parsed ? settings : null;
    }

    static void printHelp(final PrintStream out)
    {
        final List<String> lines = new ArrayList<>();
        lines.add("usage: bin/ha-member --member-id N [options]");
        lines.addAll(new Settings().cluster.helpLines("data/ha"));
        lines.add("  --http-port P            /health, /metrics, /api/v1/hashes; 0 off (0)");
        lines.add("  --http-host H            address the HTTP endpoint binds (127.0.0.1)");
        lines.add("  --tick-rate HZ           the rooms' tick rate; same on every member (60)");
        lines.add("  --room-close-grace T     an empty room closes after this; same on every member (10s)");
        lines.add("  --gateway-grace T        a gateway's players keep their seats this long after its session " +
            "closed; same on every member (15s)");
        lines.add("games: -Dringside.games=a,b (default: every game found), -Dringside.game.path=JARS");
        lines.forEach(out::println);
    }
}
