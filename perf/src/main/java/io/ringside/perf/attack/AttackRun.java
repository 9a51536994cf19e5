package io.ringside.perf.attack;

import io.aeron.Aeron;
import io.ringside.engine.EngineMain;
import io.ringside.perf.LoggedProcess;
import io.ringside.perf.MetricsScrape;
import io.ringside.transport.auth.HmacTokenAuthenticator;
import io.ringside.transport.websocket.WebSocketClientGroup;
import org.agrona.CloseHelper;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The attack run: the engine binary as a process of its own (HMAC tokens, its embedded media driver, a SQLite journal,
 * the metrics endpoint on), honest players seated and playing over Aeron IPC, a warm-up, a quiet baseline, then every
 * kind of attack in {@link Attacks} while the honest players go on, then a short after-phase. Reports, per kind, what
 * was sent, the answers and the engine counters that moved, and for the honest players the round trip per phase and
 * every message lost (which must be none).
 * <pre>
 * bin/attack [--honest 50] [--honest-ws 10] [--warmup-seconds 5] [--quiet-seconds 10] [--after-seconds 5] [--storm 2000]
 *            [--out perf/results/attack]
 * </pre>
 */
public final class AttackRun
{
    static final String SECRET = "attack-run-secret-of-enough-length";
    static final int SESSION_TIMEOUT_SECONDS = 5;
    static final int RECONNECT_GRACE_SECONDS = 5;
    static final int ABUSE_THRESHOLD = 200;
    static final int WS_MAX_PER_ADDRESS = 64;
    static final int WS_HANDSHAKE_TIMEOUT_SECONDS = 2;

    /**
     * @param honest       honest players.
     * @param quietSeconds length of the baseline before the attack.
     * @param afterSeconds length of the phase after it.
     * @param storm        connects in the connect storm.
     * @param out          where the run's folder goes.
     */
    record Options(
        int honest, int honestWebSocket, int warmupSeconds, int quietSeconds, int afterSeconds, int storm, Path out)
    {
        static Options parse(final String[] args)
        {
            int honest = 50;
            int honestWebSocket = 10;
            int warmup = 5;
            int quiet = 10;
            int after = 5;
            int storm = 2000;
            Path out = Path.of("perf/results/attack");
            for (int i = 0; i < args.length; i++)
            {
                final String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i])
                {
                    case "--honest" -> honest = Integer.parseInt(value);
                    case "--honest-ws" -> honestWebSocket = Integer.parseInt(value);
                    case "--warmup-seconds" -> warmup = Integer.parseInt(value);
                    case "--quiet-seconds" -> quiet = Integer.parseInt(value);
                    case "--after-seconds" -> after = Integer.parseInt(value);
                    case "--storm" -> storm = Integer.parseInt(value);
                    case "--out" -> out = Path.of(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; usage: " +
                        "[--honest 50] [--honest-ws 10] [--warmup-seconds 5] [--quiet-seconds 10] [--after-seconds 5] [--storm 2000] " +
                        "[--out DIR]");
                }
                i++;
            }
            return new Options(honest, honestWebSocket, warmup, quiet, after, storm, out);
        }
    }

    private AttackRun()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final AttackReport report = run(Options.parse(args));
        System.exit(report.passed() ? 0 : 1);
    }

    static AttackReport run(final Options options) throws Exception
    {
        final Path dir = Files.createDirectories(options.out().resolve(
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())));
        final Path driverDir = dir.resolve("driver");
        final int metricsPort = LoggedProcess.freePort();
        final int webSocketPort = LoggedProcess.freePort();
        final URI webSocket = URI.create("ws://127.0.0.1:" + webSocketPort + "/ws");
        final List<String> engineArgs = List.of(
            "--ingress", "aeron:udp?endpoint=localhost:" + LoggedProcess.freePort(), "--ingress-ipc", "aeron:ipc",
            "--driver-dir", driverDir.toString(), "--db", dir.resolve("ringside.db").toString(),
            "--metrics-port", String.valueOf(metricsPort), "--auth", "hmac", "--auth-secret", SECRET,
            "--session-timeout", SESSION_TIMEOUT_SECONDS + "s", "--reconnect-grace", RECONNECT_GRACE_SECONDS + "s",
            "--ws-port", String.valueOf(webSocketPort), "--ws-max-per-address", String.valueOf(WS_MAX_PER_ADDRESS),
            "--ws-handshake-timeout", WS_HANDSHAKE_TIMEOUT_SECONDS + "s");
        final Process engine = LoggedProcess.start(dir.resolve("engine.log"), EngineMain.class.getName(),
            engineArgs.toArray(new String[0]));
        Aeron honestAeron = null;
        Aeron attackAeron = null;
        final HonestPlayers honest = new HonestPlayers(30, 20);
        final WebSocketClientGroup honestWebSockets = new WebSocketClientGroup();
        Attacks attacks = null;
        try
        {
            LoggedProcess.awaitLine(dir.resolve("engine.log"), "ringside engine ready", engine, 60);
            honestAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driverDir.toString()));
            attackAeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driverDir.toString()));
            final HmacTokenAuthenticator signer = new HmacTokenAuthenticator(SECRET.getBytes(StandardCharsets.UTF_8));

            honest.seat(honestAeron, "aeron:ipc", 1001, signer, options.honest(), honestWebSockets, webSocket,
                options.honestWebSocket());
            final long[] honestSessions = honest.sessionIds();
            final Thread driving = new Thread(honest, "honest-players");
            driving.start();
            log("%d honest players seated over Aeron IPC and %d over WebSocket; warm-up for %d s, then a quiet " +
                "baseline for %d s%n", options.honest(), options.honestWebSocket(), options.warmupSeconds(),
                options.quietSeconds());
            pause(options.warmupSeconds());
            honest.phase(HonestPlayers.Phase.QUIET);
            pause(options.quietSeconds());

            honest.phase(HonestPlayers.Phase.ATTACK);
            log("attacking%n");
            final long attackStart = System.nanoTime();
            attacks = new Attacks(attackAeron, "aeron:ipc", 1001, metricsPort, signer, honestSessions,
                ABUSE_THRESHOLD, options.storm(), TimeUnit.SECONDS.toNanos(SESSION_TIMEOUT_SECONDS), webSocket,
                WS_MAX_PER_ADDRESS, TimeUnit.SECONDS.toNanos(WS_HANDSHAKE_TIMEOUT_SECONDS), options.honestWebSocket());
            attacks.runAll(honest::window);
            final double attackSeconds = (System.nanoTime() - attackStart) / 1e9;
            final List<AttackReport.Outcome> outcomes = List.copyOf(attacks.outcomes());

            honest.phase(HonestPlayers.Phase.AFTER);
            log("attacks done in %.1f s; after-phase for %d s%n", attackSeconds, options.afterSeconds());
            pause(options.afterSeconds());
            honest.stopSending();
            final long answerDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!honest.allAnswered() && System.nanoTime() < answerDeadline)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
            honest.stop();
            final HonestPlayers.Result result = honest.result(honestSessions);

            final List<String> checks = new ArrayList<>();
            boolean ok = awaitSessionsOpen(metricsPort, options.honest() + options.honestWebSocket(), checks);
            final String health = MetricsScrape.get(metricsPort, "/health").trim();
            checks.add("health: " + health);
            ok &= "ok".equals(health);
            honest.close();
            CloseHelper.quietCloseAll(honestAeron, attackAeron, attacks, honestWebSockets);
            honestAeron = null;
            attackAeron = null;
            attacks = null;
            engine.toHandle().destroy();
            final boolean exited = engine.waitFor(60, TimeUnit.SECONDS);
            checks.add("engine exit code on SIGTERM: " + (exited ? engine.exitValue() : "still running"));
            ok &= exited && 0 == engine.exitValue();

            final String header = header(options, engineArgs, attackSeconds);
            final AttackReport report = new AttackReport(header, outcomes, result, checks, ok);
            report.print(System.out);
            report.write(dir);
            System.out.println("report: " + dir.resolve("attack.md").toAbsolutePath());
            return report;
        }
        finally
        {
            CloseHelper.quietCloseAll(honest, attacks, honestAeron, attackAeron, honestWebSockets);
            engine.destroyForcibly();
        }
    }

    /**
     * Sessions the attack opened must all be gone once the session timeout and reconnect grace have passed.
     */
    private static boolean awaitSessionsOpen(final int port, final int expected, final List<String> checks)
    {
        final long deadline = System.nanoTime() +
            TimeUnit.SECONDS.toNanos(SESSION_TIMEOUT_SECONDS + RECONNECT_GRACE_SECONDS + 10);
        double open;
        while ((open = MetricsScrape.of(port).value("ringside_sessions_open")) != expected &&
            System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
        }
        checks.add("sessions open after the attack: " + (long)open + " (the " + expected + " honest players)");
        return open == expected;
    }

    private static String header(final Options options, final List<String> engineArgs, final double attackSeconds)
        throws IOException
    {
        String cpu = "";
        for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
        {
            if (line.startsWith("model name"))
            {
                cpu = line.substring(line.indexOf(':') + 1).trim();
                break;
            }
        }
        final long memGiB = ((com.sun.management.OperatingSystemMXBean)java.lang.management.ManagementFactory
            .getOperatingSystemMXBean()).getTotalMemorySize() >> 30;
        final Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return "# Ringside attack run, " + DateTimeFormatter.ISO_INSTANT.format(now) + "\n\n" +
            "- machine: " + Runtime.getRuntime().availableProcessors() + " cores, " + memGiB + " GiB, " + cpu + "\n" +
            "- java: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version") + "\n" +
            "- engine: its own process, default profile, embedded media driver, SQLite journal; " +
            String.join(" ", engineArgs).replace(SECRET, "<secret>") + "\n" +
            "- honest players: " + options.honest() + " over Aeron IPC and " + options.honestWebSocket() +
            " over the WebSocket endpoint (the Java GameClient over Netty), 30 inputs and 20 pings per second each, " +
            "one thread; attackers on another thread, over IPC and the WebSocket endpoint of the same engine\n" +
            "- phases: warm-up " + options.warmupSeconds() + " s (not reported), quiet " + options.quietSeconds() +
            " s, attack " +
            String.format(java.util.Locale.ROOT, "%.1f", attackSeconds) + " s, after " + options.afterSeconds() +
            " s; abuse threshold " + ABUSE_THRESHOLD + " refusals";
    }

    private static void pause(final int seconds)
    {
        LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
    }

    private static void log(final String format, final Object... args)
    {
        System.out.printf(format, args);
    }
}
