package io.ringside.perf.ha;

import static io.ringside.perf.ProcessRuns.awaitCondition;
import static io.ringside.perf.ProcessRuns.freeUdpPort;
import static io.ringside.perf.ProcessRuns.waitQuietly;

import io.aeron.Aeron;
import io.aeron.cluster.ClusterTool;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ringside.cluster.ClusterNode;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.engine.EngineMain;
import io.ringside.engine.ha.HaRoomIds;
import io.ringside.ha.HaMember;
import io.ringside.perf.HttpProbe;
import io.ringside.perf.LoggedProcess;
import io.ringside.perf.ProcessRuns;
import io.ringside.perf.ProcessCpu;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import org.HdrHistogram.Histogram;
import org.agrona.CloseHelper;
import org.agrona.IoUtil;
import org.agrona.concurrent.SystemNanoClock;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Issue 18 on one machine, as real processes: three HA members ({@code bin/ha-member}) and one engine as their
 * gateway ({@code bin/engine --ha-cluster}), players in this process over Aeron UDP in rooms made with
 * {@code ha=true}. Phases:
 * <ol>
 * <li>play: frames per second each player receives, an input's round trip (sent to acknowledged in a frame), the
 *     CPU of the gateway and of each member, the cluster log's rate;</li>
 * <li>kill -9 of the leader, as many times as asked: the time until another member leads, how long players go
 *     without a frame and the ticks declared lost (TICK_GAP), then the killed member started again on its log,
 *     caught up, and the state hash of every member compared at every tick they all ran;</li>
 * <li>kill -9 of a follower and its restart, under the same load;</li>
 * <li>the whole cluster stopped (after a snapshot) and started again: rooms, seats and play resume;</li>
 * <li>what was lost: input batches the gateway sent against those the log holds;</li>
 * <li>the same players in ordinary rooms on the same engine, for the comparison.</li>
 * </ol>
 * {@code bin/ha-run} runs the full size; the process test a small one.
 */
public final class HaRun
{
    /**
     * The run's sizes and where it writes.
     */
    public static final class Settings
    {
        int players = 100;
        int seatsPerRoom = 10;
        int tickRateHz = 60;
        int inputRateHz = 20;
        int leaderKills = 5;
        boolean followerKill = true;
        boolean fullRestart = true;
        boolean compare = true;
        long playSeconds = 10;
        long settleSeconds = 2;
        Path outDir = Path.of("perf/results/ha");
        PrintStream out = System.out;

        public Settings players(final int players)
        {
            this.players = players;
            return this;
        }

        public Settings seatsPerRoom(final int seatsPerRoom)
        {
            this.seatsPerRoom = seatsPerRoom;
            return this;
        }

        public Settings tickRateHz(final int tickRateHz)
        {
            this.tickRateHz = tickRateHz;
            return this;
        }

        public Settings leaderKills(final int leaderKills)
        {
            this.leaderKills = leaderKills;
            return this;
        }

        public Settings followerKill(final boolean followerKill)
        {
            this.followerKill = followerKill;
            return this;
        }

        public Settings fullRestart(final boolean fullRestart)
        {
            this.fullRestart = fullRestart;
            return this;
        }

        public Settings compare(final boolean compare)
        {
            this.compare = compare;
            return this;
        }

        public Settings playSeconds(final long playSeconds)
        {
            this.playSeconds = playSeconds;
            return this;
        }

        /**
         * @param settleSeconds play between phases, so that each starts from a cluster that has settled.
         */
        public Settings settleSeconds(final long settleSeconds)
        {
            this.settleSeconds = settleSeconds;
            return this;
        }

        public Settings outDir(final Path outDir)
        {
            this.outDir = outDir;
            return this;
        }

        public Settings out(final PrintStream out)
        {
            this.out = out;
            return this;
        }
    }

    /**
     * One kill -9 of the leader.
     *
     * @param newLeaderMs     until another member said it leads.
     * @param framesResumeMs  until every player had a frame again.
     * @param longestSilenceMs the longest any player went without a frame.
     * @param ticksDeclared   the most ticks a player was told it lost (TICK_GAP).
     * @param caughtUpMs      until the killed member, started again, ran the leader's ticks.
     * @param ticksCompared   ticks whose state hash was compared across the three members.
     * @param disagreements   ticks where they differed.
     */
    public record Kill(long newLeaderMs, long framesResumeMs, long longestSilenceMs, long ticksDeclared,
        long caughtUpMs, int ticksCompared, int disagreements)
    {
    }

    /**
     * A play window's figures.
     */
    public record Play(String rooms, int players, double framesPerSecondPerPlayer, long roundTripP50Us,
        long roundTripP99Us, long roundTripMaxUs, double gatewayCores, double membersCores, long logBytesPerSecond)
    {
        public String toString()
        {
            return String.format("%s rooms, %d players: %.1f frames/s a player, input round trip p50 %.1f ms p99 " +
                "%.1f ms max %.1f ms; gateway engine %.2f cores, three members %.2f cores; cluster log %d KB/s",
                rooms, players, framesPerSecondPerPlayer, roundTripP50Us / 1000.0, roundTripP99Us / 1000.0,
                roundTripMaxUs / 1000.0, gatewayCores, membersCores, logBytesPerSecond / 1024);
        }
    }

    /**
     * What the run measured.
     */
    public static final class Result
    {
        public int players;
        public int seated;
        public long sequenceViolations;
        public Play ha;
        public Play ordinary;
        public final List<Kill> kills = new ArrayList<>();
        public long followerSilenceMs = -1;
        public long followerCaughtUpMs = -1;
        public int followerTicksCompared;
        public int followerDisagreements;
        public long restartDownMs = -1;
        public long restartFramesResumeMs = -1;
        public long restartSilenceMs = -1;
        public long restartGatewaySilentCloses;
        public double membersIdleCores = -1;
        public int roomsBeforeRestart;
        public int roomsAfterRestart;
        public int membersBeforeRestart;
        public int membersAfterRestart;
        public int restartTicksCompared;
        public int restartDisagreements;
        public long batchesSent;
        public long batchesInLog;
        public long batchesNotSent;
        public Path dir;

        public int disagreements()
        {
            return kills.stream().mapToInt(Kill::disagreements).sum() + followerDisagreements + restartDisagreements;
        }

        public String toString()
        {
            final StringBuilder text = new StringBuilder();
            text.append("players ").append(players).append(", seated in HA rooms ").append(seated)
                .append(", sequence violations ").append(sequenceViolations).append('\n');
            text.append("HA play: ").append(ha).append('\n');
            for (int i = 0; i < kills.size(); i++)
            {
                final Kill k = kills.get(i);
                text.append(String.format("leader kill %d: new leader %d ms, frames again for every player %d ms " +
                    "(longest silence %d ms), ticks declared lost %d; restarted member caught up in %d ms; state " +
                    "hash compared at %d ticks, %d disagree%n", i + 1, k.newLeaderMs, k.framesResumeMs,
                    k.longestSilenceMs, k.ticksDeclared, k.caughtUpMs, k.ticksCompared, k.disagreements));
            }
            if (!kills.isEmpty())
            {
                final long[] failover = kills.stream().mapToLong(Kill::newLeaderMs).sorted().toArray();
                final long[] resume = kills.stream().mapToLong(Kill::framesResumeMs).sorted().toArray();
                text.append(String.format("failover over %d kills: new leader p50 %d ms max %d ms; frames again " +
                    "p50 %d ms max %d ms%n", failover.length, failover[failover.length / 2],
                    failover[failover.length - 1], resume[resume.length / 2], resume[resume.length - 1]));
            }
            if (followerSilenceMs >= 0)
            {
                text.append(String.format("follower kill: longest silence of a player %d ms; restarted, caught " +
                    "up in %d ms; hash compared at %d ticks, %d disagree%n", followerSilenceMs, followerCaughtUpMs,
                    followerTicksCompared, followerDisagreements));
            }
            if (restartDownMs >= 0)
            {
                text.append(String.format("whole cluster stopped after a snapshot and started: leader after %d ms, " +
                    "frames again after %d ms (longest silence %d ms; gateway sessions closed for silence %d); " +
                    "rooms %d -> %d, seated %d -> %d; hash compared at %d ticks, %d disagree%n", restartDownMs,
                    restartFramesResumeMs, restartSilenceMs, restartGatewaySilentCloses,
                    roomsBeforeRestart, roomsAfterRestart, membersBeforeRestart, membersAfterRestart,
                    restartTicksCompared, restartDisagreements));
            }
            text.append(String.format("input batches: %d sent by the gateway, %d in the log, %d lost in flight " +
                "(%d refused at once: no leader)%n", batchesSent, batchesInLog, batchesSent - batchesInLog,
                batchesNotSent));
            if (null != ordinary)
            {
                text.append("ordinary play: ").append(ordinary).append('\n');
            }
            if (membersIdleCores >= 0)
            {
                text.append(String.format("three members with no room: %.3f cores%n", membersIdleCores));
            }
            return text.toString();
        }
    }

    private static final int INGRESS_STREAM_ID = 1001;
    private static final int CLIENTS_PER_RESPONSE_PORT = 32;

    private final Settings settings;
    private final Result result = new Result();
    private final HttpProbe http = new HttpProbe();
    private final Process[] members = new Process[3];
    private final int[] memberHttpPorts = new int[3];
    private final List<Player> players = new ArrayList<>();
    private final String shmPrefix = "/dev/shm/ringside-harun-" + ProcessHandle.current().pid();
    private Process gateway;
    private Path dir;
    private int basePort;
    private int gatewayMetricsPort;
    private String gatewayIngress;
    private MediaDriver driver;
    private Aeron aeron;
    private String responseChannel;
    private int clientsOnPort = CLIENTS_PER_RESPONSE_PORT;
    private int nextStreamId = 10;
    private int memberStarts;

    private HaRun(final Settings settings)
    {
        this.settings = settings;
    }

    public static Result run(final Settings settings) throws Exception
    {
        final HaRun run = new HaRun(settings);
        try
        {
            run.execute();
        }
        finally
        {
            run.stop();
        }
        return run.result;
    }

    private void execute() throws Exception
    {
        dir = ProcessRuns.runDir(settings.outDir);
        result.dir = dir;
        result.players = settings.players;
        basePort = ClusterNode.Settings.freeBasePort();
        final PrintStream out = settings.out;
        out.println("ha run: " + settings.players + " players in HA rooms of " + settings.seatsPerRoom + ", " +
            settings.tickRateHz + " Hz, inputs at " + settings.inputRateHz + " Hz, three members and one gateway " +
            "engine on this machine; logs in " + dir);

        for (int id = 0; id < 3; id++)
        {
            memberHttpPorts[id] = LoggedProcess.freePort();
            startMember(id);
        }
        for (int id = 0; id < 3; id++)
        {
            awaitMemberReady(id);
        }
        out.println("ha: member " + awaitLeader(-1, 60_000) + " leads");
        startGateway();
        driver = MediaDriver.launchEmbedded(new MediaDriver.Context().threadingMode(ThreadingMode.DEDICATED)
            .dirDeleteOnStart(true).dirDeleteOnShutdown(true).aeronDirectoryName(shmPrefix + "-players"));
        aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));

        seatPlayers(true);
        play(settings.settleSeconds);
        result.ha = measure("HA");
        out.println("HA play: " + result.ha);
        for (int k = 0; k < settings.leaderKills; k++)
        {
            killLeader(k + 1);
            play(settings.settleSeconds);
        }
        if (settings.followerKill)
        {
            killFollower();
            play(settings.settleSeconds);
        }
        if (settings.fullRestart)
        {
            restartCluster();
            play(settings.settleSeconds);
        }
        countBatches();
        result.seated = (int)players.stream().filter(p -> HaRoomIds.isHa(p.roomId)).count();
        result.sequenceViolations = players.stream().mapToLong(p -> p.client.sequenceViolations()).sum();

        if (settings.compare)
        {
            players.forEach(p -> p.client.disconnect());
            play(1);
            players.forEach(p -> CloseHelper.quietClose(p.client));
            final long violations = result.sequenceViolations;
            players.clear();
            // the HA rooms close once empty for the grace: then what three idle members cost
            final int leader = awaitLeader(-1, 30_000);
            awaitCondition(() -> play() && 0 == http.metric(memberHttpPorts[leader], "ringside_ha_rooms"), 60_000,
                "the HA rooms closed");
            long idleStart = 0;
            for (final Process member : members)
            {
                idleStart += ProcessCpu.ticks(member.pid());
            }
            final long idleStartNs = System.nanoTime();
            play(5);
            long idleTicks = -idleStart;
            for (final Process member : members)
            {
                idleTicks += ProcessCpu.ticks(member.pid());
            }
            result.membersIdleCores = idleTicks / ProcessCpu.TICKS_PER_SECOND /
                ((System.nanoTime() - idleStartNs) / 1e9);
            seatPlayers(false);
            play(settings.settleSeconds);
            result.ordinary = measure("ordinary");
            out.println("ordinary play: " + result.ordinary);
            result.sequenceViolations = violations + players.stream().mapToLong(p -> p.client.sequenceViolations())
                .sum();
        }
        Files.writeString(dir.resolve("summary.txt"), result.toString());
        out.print(result);
    }

    // ------------------------------------------------------------------ processes

    private void startMember(final int id) throws IOException
    {
        memberStarts++;
        members[id] = LoggedProcess.start(dir.resolve("member-" + id + "-" + memberStarts + ".log"),
            List.of("-Xmx256m"), HaMember.class.getName(), "--member-id", String.valueOf(id), "--base-port",
            String.valueOf(basePort), "--dir", dir.resolve("ha").toString(), "--aeron-dir",
            shmPrefix + "-member-" + id, "--http-port", String.valueOf(memberHttpPorts[id]), "--tick-rate",
            String.valueOf(settings.tickRateHz));
    }

    /**
     * Start a member killed a moment ago: its archive's and consensus module's mark files stay "active" for the
     * driver timeout after a kill -9 (Aeron refuses to start on them, rightly: it cannot tell a dead process from a
     * live one sooner), so the start is tried again each second until it takes, with the players playing meanwhile.
     */
    private void restartMember(final int id) throws Exception
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true)
        {
            startMember(id);
            final Process started = members[id];
            awaitCondition(() -> play() && (!started.isAlive() ||
                http.get(memberHttpPorts[id], "/health").startsWith("ok")), 60_000, "member " + id + " started");
            if (started.isAlive())
            {
                return;
            }
            if (System.nanoTime() > deadlineNs)
            {
                throw new IllegalStateException("member " + id + " did not start again: see its logs in " + dir);
            }
            play(1);
        }
    }

    private void awaitMemberReady(final int id) throws Exception
    {
        awaitCondition(() -> http.get(memberHttpPorts[id], "/health").startsWith("ok"), 60_000,
            "member " + id + " serving");
    }

    private void startGateway() throws Exception
    {
        gatewayIngress = "aeron:udp?endpoint=localhost:" + freeUdpPort();
        gatewayMetricsPort = LoggedProcess.freePort();
        final Path log = dir.resolve("gateway.log");
        gateway = LoggedProcess.start(log, List.of("-Xmx512m"), EngineMain.class.getName(),
            "--ha-cluster", ClusterNode.Settings.ingressEndpoints(List.of("localhost", "localhost", "localhost"),
            basePort), "--engine-id", "1", "--ingress", gatewayIngress, "--ingress-ipc", "none",
            "--driver-dir", shmPrefix + "-gateway", "--db", "none", "--metrics-port",
            String.valueOf(gatewayMetricsPort), "--tick-rate", String.valueOf(settings.tickRateHz));
        LoggedProcess.awaitLine(log, "ha: gateway 1 open", gateway, 60);
    }

    private void stop()
    {
        players.forEach(p -> CloseHelper.quietClose(p.client));
        CloseHelper.quietCloseAll(aeron, driver);
        if (null != gateway)
        {
            gateway.toHandle().destroy();
            waitQuietly(gateway);
        }
        for (final Process member : members)
        {
            if (null != member)
            {
                member.toHandle().destroy();
                waitQuietly(member);
            }
        }
        for (int id = 0; id < 3; id++)
        {
            IoUtil.delete(new java.io.File(shmPrefix + "-member-" + id), true);
        }
        IoUtil.delete(new java.io.File(shmPrefix + "-gateway"), true);
        if (null != dir)
        {
            IoUtil.delete(dir.resolve("ha").toFile(), true); // the members' logs and snapshots: megabytes of archive
        }
    }

    // ------------------------------------------------------------------ phases

    private void seatPlayers(final boolean ha) throws Exception
    {
        final int rooms = Math.max(1, settings.players / settings.seatsPerRoom);
        final List<Player> creators = new ArrayList<>();
        for (int i = 0; i < rooms; i++)
        {
            final Player creator = newPlayer((ha ? "ha-" : "plain-") + "creator-" + i);
            creator.options = ha ? "ha=true" : "";
            creators.add(creator);
        }
        awaitCondition(() -> pollAll() && creators.stream().allMatch(p -> 0 != p.roomId || null != p.failure),
            60_000, "every creator seated");
        for (int i = rooms; i < settings.players; i++)
        {
            final Player joiner = newPlayer((ha ? "ha-" : "plain-") + "player-" + i);
            joiner.wantsRoom = creators.get(i % rooms).roomId;
            for (int w = 0; w < 20; w++)
            {
                pollAll(); // players arrive over time, not all in one millisecond
            }
        }
        awaitCondition(() -> pollAll() && players.stream().allMatch(p -> 0 != p.roomId || null != p.failure),
            120_000, "every player seated");
        final long failed = players.stream().filter(p -> null != p.failure).count();
        settings.out.printf("%s rooms: %d, players seated %d of %d%n", ha ? "HA" : "ordinary", rooms,
            players.size() - failed, players.size());
        if (failed > 0)
        {
            final Map<ErrorCode, Long> reasons = new java.util.TreeMap<>();
            players.stream().filter(p -> null != p.failure).forEach(p -> reasons.merge(p.failure, 1L, Long::sum));
            settings.out.println("players not seated, by reason: " + reasons);
        }
    }

    private Play measure(final String rooms) throws Exception
    {
        final int leader = leaderAmong(-1);
        players.forEach(Player::resetWindow);
        final long gatewayStart = ProcessCpu.ticks(gateway.pid());
        long membersStart = 0;
        for (final Process member : members)
        {
            membersStart += ProcessCpu.ticks(member.pid());
        }
        final long logStart = leader < 0 ? 0 : http.metric(memberHttpPorts[leader], "ringside_ha_commit_position");
        final long startNs = System.nanoTime();
        play(settings.playSeconds);
        final double seconds = (System.nanoTime() - startNs) / 1e9;
        final long gatewayTicks = ProcessCpu.ticks(gateway.pid()) -
            gatewayStart;
        long membersTicks = -membersStart;
        for (final Process member : members)
        {
            membersTicks += ProcessCpu.ticks(member.pid());
        }
        final long logEnd = leader < 0 ? 0 : http.metric(memberHttpPorts[leader], "ringside_ha_commit_position");
        final Histogram roundTrips = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
        long frames = 0;
        for (final Player p : players)
        {
            roundTrips.add(p.roundTripsUs);
            frames += p.windowFrames;
        }
        return new Play(rooms, players.size(), frames / seconds / Math.max(1, players.size()),
            roundTrips.getValueAtPercentile(50), roundTrips.getValueAtPercentile(99), roundTrips.getMaxValue(),
            gatewayTicks / ProcessCpu.TICKS_PER_SECOND / seconds, membersTicks / ProcessCpu.TICKS_PER_SECOND / seconds,
            (long)((logEnd - logStart) / seconds));
    }

    private void killLeader(final int number) throws Exception
    {
        final int leader = awaitLeader(-1, 30_000);
        players.forEach(Player::resetWindow);
        final long killNs = System.nanoTime();
        members[leader].destroyForcibly();
        members[leader].waitFor();
        settings.out.println("ha: kill -9 member " + leader + " (the leader), " + number + " of " +
            settings.leaderKills);
        final int[] newLeader = {-1};
        awaitCondition(() ->
        {
            play();
            newLeader[0] = leaderAmong(leader);
            return newLeader[0] >= 0;
        }, 60_000, "a new leader");
        final long newLeaderNs = System.nanoTime();
        final long newLeaderMs = (newLeaderNs - killNs) / 1_000_000;
        awaitCondition(() -> play() && players.stream().allMatch(p -> p.lastFrameNs > newLeaderNs), 60_000,
            "frames for every player after the new leader");
        final long resumeMs = (players.stream().mapToLong(p -> p.lastFrameNs).max().orElse(killNs) - killNs) /
            1_000_000;
        final long silenceMs = players.stream().mapToLong(p -> p.longestSilenceNs).max().orElse(0) / 1_000_000;
        final long declared = players.stream().mapToLong(p -> p.windowTicksDeclared).max().orElse(0);
        settings.out.printf("ha: member %d leads after %d ms; frames again for every player after %d ms%n",
            newLeader[0], newLeaderMs, resumeMs);

        final long restartNs = System.nanoTime();
        restartMember(leader);
        final int[] compared = new int[2];
        awaitCondition(() -> play() && compareHashes(compared) && compared[0] >= 30, 120_000,
            "member " + leader + " caught up");
        final long caughtUpMs = (System.nanoTime() - restartNs) / 1_000_000;
        result.kills.add(new Kill(newLeaderMs, resumeMs, silenceMs, declared, caughtUpMs, compared[0], compared[1]));
        settings.out.printf("ha: member %d back and caught up after %d ms; hash compared at %d ticks, %d differ%n",
            leader, caughtUpMs, compared[0], compared[1]);
    }

    private void killFollower() throws Exception
    {
        final int leader = awaitLeader(-1, 30_000);
        final int follower = (leader + 1) % 3;
        players.forEach(Player::resetWindow);
        members[follower].destroyForcibly();
        members[follower].waitFor();
        settings.out.println("ha: kill -9 member " + follower + " (a follower)");
        play(3);
        result.followerSilenceMs = players.stream().mapToLong(p -> p.longestSilenceNs).max().orElse(0) / 1_000_000;
        final long restartNs = System.nanoTime();
        restartMember(follower);
        final int[] compared = new int[2];
        awaitCondition(() -> play() && compareHashes(compared) && compared[0] >= 30, 120_000,
            "member " + follower + " caught up");
        result.followerCaughtUpMs = (System.nanoTime() - restartNs) / 1_000_000;
        result.followerTicksCompared = compared[0];
        result.followerDisagreements = compared[1];
        settings.out.printf("ha: follower %d back after %d ms; players' longest silence %d ms%n", follower,
            result.followerCaughtUpMs, result.followerSilenceMs);
    }

    private void restartCluster() throws Exception
    {
        final int leader = awaitLeader(-1, 30_000);
        result.roomsBeforeRestart = (int)http.metric(memberHttpPorts[leader], "ringside_ha_rooms");
        result.membersBeforeRestart = (int)http.metric(memberHttpPorts[leader], "ringside_ha_members");
        final long[] snapshots = new long[3];
        for (int id = 0; id < 3; id++)
        {
            snapshots[id] = http.metric(memberHttpPorts[id], "ringside_ha_snapshots_taken_total");
        }
        final java.io.File clusterDir = dir.resolve("ha").resolve("member-" + leader).resolve("cluster").toFile();
        if (!ClusterTool.snapshot(clusterDir, settings.out))
        {
            throw new IllegalStateException("the cluster did not take a snapshot");
        }
        awaitCondition(() -> play() && allSnapshotted(snapshots), 60_000, "every member snapshotted");
        settings.out.println("ha: snapshot taken on every member; stopping all three");
        players.forEach(Player::resetWindow);
        final long silentClosesBefore = http.metric(gatewayMetricsPort, "ringside_ha_silent_closes_total");
        final long stopNs = System.nanoTime();
        for (final Process member : members)
        {
            member.toHandle().destroy();
        }
        for (final Process member : members)
        {
            while (member.isAlive())
            {
                play();
            }
        }
        for (int id = 0; id < 3; id++)
        {
            startMember(id);
        }
        awaitCondition(() -> play() && leaderAmong(-1) >= 0, 120_000, "a leader after the restart");
        final long leaderNs = System.nanoTime();
        result.restartDownMs = (leaderNs - stopNs) / 1_000_000;
        awaitCondition(() -> play() && players.stream().allMatch(p -> p.lastFrameNs > leaderNs), 120_000,
            "frames for every player after the restart");
        result.restartFramesResumeMs = (players.stream().mapToLong(p -> p.lastFrameNs).max().orElse(stopNs) -
            stopNs) / 1_000_000;
        result.restartSilenceMs = players.stream().mapToLong(p -> p.longestSilenceNs).max().orElse(0) / 1_000_000;
        result.restartGatewaySilentCloses =
            http.metric(gatewayMetricsPort, "ringside_ha_silent_closes_total") - silentClosesBefore;
        final int leaderNow = leaderAmong(-1);
        result.roomsAfterRestart = (int)http.metric(memberHttpPorts[leaderNow], "ringside_ha_rooms");
        result.membersAfterRestart = (int)http.metric(memberHttpPorts[leaderNow], "ringside_ha_members");
        final int[] compared = new int[2];
        awaitCondition(() -> play() && compareHashes(compared) && compared[0] >= 30, 120_000,
            "members agree after the restart");
        result.restartTicksCompared = compared[0];
        result.restartDisagreements = compared[1];
        settings.out.printf("ha: cluster back after %d ms, frames again after %d ms%n", result.restartDownMs,
            result.restartFramesResumeMs);
    }

    private boolean allSnapshotted(final long[] before)
    {
        for (int id = 0; id < 3; id++)
        {
            if (http.metric(memberHttpPorts[id], "ringside_ha_snapshots_taken_total") <= before[id])
            {
                return false;
            }
        }
        return true;
    }

    private void countBatches() throws Exception
    {
        // quiet first: no input in flight when the two sides are read
        final long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < endNs)
        {
            pollAll();
        }
        final int leader = awaitLeader(-1, 30_000);
        result.batchesSent = http.metric(gatewayMetricsPort, "ringside_ha_batches_total");
        result.batchesNotSent = http.metric(gatewayMetricsPort, "ringside_ha_not_sent_total");
        result.batchesInLog = http.metric(memberHttpPorts[leader], "ringside_ha_batches_in_log");
    }

    /**
     * Compare the three members' state hashes at every tick all three recently ran.
     *
     * @param compared filled with the ticks compared and those that differ.
     */
    private boolean compareHashes(final int[] compared)
    {
        final List<Map<Long, String>> byMember = new ArrayList<>();
        for (int id = 0; id < 3; id++)
        {
            final Map<Long, String> hashes = new HashMap<>();
            for (final String line : http.get(memberHttpPorts[id], "/api/v1/hashes").split("\n"))
            {
                final String[] parts = line.split(" ");
                if (2 == parts.length)
                {
                    hashes.put(Long.parseLong(parts[0]), parts[1]);
                }
            }
            byMember.add(hashes);
        }
        int common = 0;
        int differ = 0;
        for (final Map.Entry<Long, String> e : byMember.get(0).entrySet())
        {
            final String one = byMember.get(1).get(e.getKey());
            final String two = byMember.get(2).get(e.getKey());
            if (null != one && null != two)
            {
                common++;
                differ += e.getValue().equals(one) && e.getValue().equals(two) ? 0 : 1;
            }
        }
        compared[0] = common;
        compared[1] = differ;
        return true;
    }

    private int awaitLeader(final int excluded, final long timeoutMs) throws Exception
    {
        final int[] leader = {-1};
        awaitCondition(() ->
        {
            play();
            leader[0] = leaderAmong(excluded);
            return leader[0] >= 0;
        }, timeoutMs, "a leader");
        return leader[0];
    }

    private int leaderAmong(final int excluded)
    {
        for (int id = 0; id < 3; id++)
        {
            if (id != excluded && members[id].isAlive() &&
                http.get(memberHttpPorts[id], "/health").startsWith("ok leader"))
            {
                return id;
            }
        }
        return -1;
    }

    // ------------------------------------------------------------------ players

    private Player newPlayer(final String name)
    {
        if (clientsOnPort == CLIENTS_PER_RESPONSE_PORT)
        {
            responseChannel = "aeron:udp?endpoint=localhost:" + freeUdpPort();
            clientsOnPort = 0;
        }
        clientsOnPort++;
        final Player player = new Player(name, responseChannel, nextStreamId++);
        players.add(player);
        return player;
    }

    private boolean pollAll()
    {
        for (int i = 0, size = players.size(); i < size; i++)
        {
            players.get(i).step();
        }
        return true;
    }

    private boolean play()
    {
        pollAll();
        java.util.concurrent.locks.LockSupport.parkNanos(200_000L);
        return true;
    }

    private void play(final long seconds)
    {
        final long endNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < endNs)
        {
            play();
        }
    }

    /**
     * A player: connects to the gateway, creates or joins its room, sends inputs at the input rate once seated,
     * and keeps what the run measures: frames, the silence between them, the ticks declared lost, input round trips.
     */
    private final class Player implements GameClientListener
    {
        final String name;
        final GameClient client;
        String options;
        long wantsRoom;
        long roomId;
        ErrorCode failure;
        boolean connectSent;
        boolean requestSent;
        long nextInputNs;
        long lastAckTimeNs;
        long lastFrameNs;
        long windowStartNs;
        long windowFrames;
        long longestSilenceNs;
        long windowTicksDeclared;
        final Histogram roundTripsUs = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);

        Player(final String name, final String responseChannel, final int streamId)
        {
            this.name = name;
            client = new GameClient(aeron, gatewayIngress, INGRESS_STREAM_ID, responseChannel, streamId, this,
                SystemNanoClock.INSTANCE);
        }

        void resetWindow()
        {
            windowStartNs = System.nanoTime();
            windowFrames = 0;
            longestSilenceNs = 0;
            windowTicksDeclared = 0;
            roundTripsUs.reset();
        }

        void step()
        {
            client.poll(32);
            if (!connectSent)
            {
                connectSent = client.connect(name, new byte[0]) > 0;
                return;
            }
            if (0 == client.sessionId())
            {
                return;
            }
            if (!requestSent)
            {
                requestSent = (null != options ? client.createRoom("arena", options, false) :
                    client.joinRoom("arena", wantsRoom)) > 0;
                return;
            }
            final long nowNs = System.nanoTime();
            if (0 != roomId && nowNs >= nextInputNs)
            {
                client.sendInput(0.6f, 0.2f, false, nowNs);
                nextInputNs = nowNs + 1_000_000_000L / settings.inputRateHz;
            }
        }

        public void onRoomJoined(final RoomJoinedDecoder joined)
        {
            roomId = joined.roomId();
        }

        public void onRoomSnapshot(
            final RoomSnapshotDecoder snapshot, final long lastInputSequence, final long lastInputClientTimestampNs)
        {
            final long nowNs = System.nanoTime();
            if (lastFrameNs > windowStartNs)
            {
                longestSilenceNs = Math.max(longestSilenceNs, nowNs - lastFrameNs);
            }
            else if (0 != lastFrameNs && windowStartNs > 0)
            {
                longestSilenceNs = Math.max(longestSilenceNs, nowNs - windowStartNs);
            }
            lastFrameNs = nowNs;
            windowFrames++;
            if (lastInputClientTimestampNs > lastAckTimeNs)
            {
                lastAckTimeNs = lastInputClientTimestampNs;
                roundTripsUs.recordValue(Math.min(TimeUnit.SECONDS.toMicros(60),
                    Math.max(0, (nowNs - lastInputClientTimestampNs) / 1000)));
            }
        }

        public void onGameEvent(final GameEventDecoder event)
        {
            event.sequence();
            event.tick();
            event.roomId();
            if (GameEventType.TICK_GAP == event.eventType())
            {
                event.subjectId();
                event.objectId();
                windowTicksDeclared += event.value();
            }
        }

        public void onError(final ErrorDecoder error)
        {
            if (0 == roomId)
            {
                failure = error.code();
            }
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final Settings settings = new Settings();
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2)
        {
            options.put(args[i], args[i + 1]);
        }
        if (options.containsKey("--players"))
        {
            settings.players(Integer.parseInt(options.get("--players")));
        }
        if (options.containsKey("--kills"))
        {
            settings.leaderKills(Integer.parseInt(options.get("--kills")));
        }
        if (options.containsKey("--tick-rate"))
        {
            settings.tickRateHz(Integer.parseInt(options.get("--tick-rate")));
        }
        if (options.containsKey("--play"))
        {
            settings.playSeconds(Long.parseLong(options.get("--play")));
        }
        if (options.containsKey("--out"))
        {
            settings.outDir(Path.of(options.get("--out")));
        }
        if (options.containsKey("--phases"))
        {
            final String phases = options.get("--phases");
            settings.followerKill(phases.contains("follower")).fullRestart(phases.contains("restart"))
                .compare(phases.contains("compare"));
        }
        final Result result = run(settings);
        System.exit(result.seated == result.players && 0 == result.sequenceViolations &&
            0 == result.disagreements() ? 0 : 1);
    }
}
