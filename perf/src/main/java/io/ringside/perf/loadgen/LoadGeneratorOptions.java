package io.ringside.perf.loadgen;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The load generator's command line: {@code --name value} or {@code --name=value}. {@link #usage()} lists them.
 */
final class LoadGeneratorOptions
{
    int players = 100;
    int firstPlayer = 0;
    String ingressChannel = "aeron:udp?endpoint=localhost:40123";
    int ingressStreamId = 1001;
    String responseHost = "localhost";
    int responsePort = 41000;
    int playersPerResponsePort = 100;
    boolean ipc;
    String webSocketUrl;
    String aeronDir;
    double inputRate = 60;
    double pingRate = 10;
    int roomSize = 64;
    String roomOptions;
    long warmupNs = TimeUnit.SECONDS.toNanos(5);
    long durationNs = TimeUnit.SECONDS.toNanos(20);
    long seed = 42;
    String tokenSecret;
    Path reportDir = Path.of("perf", "results", "loadgen");
    double maxP99RttMs = Double.NaN;
    double maxP99InputAckMs = Double.NaN;
    long maxSequenceViolations = 0;
    boolean quiet;
    long passIntervalNs = TimeUnit.MICROSECONDS.toNanos(100);
    int lobbySessions;
    int firstLobby;
    long lobbyPingIntervalNs = TimeUnit.SECONDS.toNanos(3);

    static String usage()
    {
        return String.join("\n",
            "usage: bin/loadgen [options]",
            "  --players N                  simulated players (default 100)",
            "  --first-player N             number of the first (default 0): names, tokens, seeds and response",
            "                               streams follow it, so several processes can drive one engine",
            "  --ingress CHANNEL            the engine's ingress channel (default aeron:udp?endpoint=localhost:40123)",
            "  --ingress-stream ID          the engine's ingress stream id (default 1001)",
            "  --ipc                        use aeron:ipc both ways (needs --aeron-dir of the engine's driver)",
            "  --aeron-dir DIR              use this running media driver (default: launch an embedded one)",
            "  --ws URL                     play over the engine's WebSocket endpoint instead, e.g. ws://localhost:8080/ws",
            "  --response-host HOST         host the engine sends to (default localhost)",
            "  --response-port PORT         first UDP port for responses (default 41000)",
            "  --players-per-port N         players sharing one response port, each on its own stream (default 100)",
            "  --input-rate HZ              inputs per second per player (default 60)",
            "  --ping-rate HZ               pings per second per player (default 10)",
            "  --room-size N                players per arena room with --room-options (default 64)",
            "  --room-options TEXT          make the rooms with these options (e.g. ha=true: rooms on the HA",
            "                               cluster), room-size players each; without it players matchmake",
            "  --warmup DURATION            e.g. 5s, recorded apart from the measurement (default 5s)",
            "  --duration DURATION          measured time (default 20s)",
            "  --seed N                     seed of the players' movement (default 42)",
            "  --token-secret SECRET        sign a token per player for an engine with hmac auth",
            "  --report-dir DIR             where the report files go (default perf/results/loadgen)",
            "  --max-p99-rtt MS             exit 1 if the p99 ping round trip exceeds this",
            "  --max-p99-input-ack MS       exit 1 if the p99 input-to-acknowledging-snapshot exceeds this",
            "  --max-sequence-violations N  exit 1 if more (default 0)",
            "  --pass-interval DURATION     shortest time between two passes over all players, e.g. 100us; 0 polls",
            "                               flat out (default 100us: all players share one thread and must leave",
            "                               the CPU to the engine on a small machine; adds up to that to latencies)",
            "  --lobby N                    idle sessions besides the players: connected, in no room, each pinging",
            "                               every --lobby-ping-interval; the report gives their longest silence",
            "  --first-lobby N              number of the first idle session (default 0), as --first-player",
            "  --lobby-ping-interval DURATION  between an idle session's pings (default 3s)",
            "  --quiet                      no progress lines",
            "  --help");
    }

    static LoadGeneratorOptions parse(final String[] args)
    {
        final Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (!arg.startsWith("--"))
            {
                throw new IllegalArgumentException("unexpected argument: " + arg);
            }
            final int eq = arg.indexOf('=');
            if (eq > 0)
            {
                values.put(arg.substring(2, eq), arg.substring(eq + 1));
            }
            else if ("help".equals(arg.substring(2)) || "ipc".equals(arg.substring(2)) ||
                "quiet".equals(arg.substring(2)))
            {
                values.put(arg.substring(2), "true");
            }
            else if (i + 1 < args.length)
            {
                values.put(arg.substring(2), args[++i]);
            }
            else
            {
                throw new IllegalArgumentException("missing value for " + arg);
            }
        }

        final LoadGeneratorOptions o = new LoadGeneratorOptions();
        for (final Map.Entry<String, String> e : values.entrySet())
        {
            final String v = e.getValue();
            switch (e.getKey())
            {
                case "help": throw new HelpRequested();
                case "players": o.players = Integer.parseInt(v); break;
                case "first-player": o.firstPlayer = Integer.parseInt(v); break;
                case "ingress": o.ingressChannel = v; break;
                case "ingress-stream": o.ingressStreamId = Integer.parseInt(v); break;
                case "ipc": o.ipc = true; break;
                case "aeron-dir": o.aeronDir = v; break;
                case "ws": o.webSocketUrl = v; break;
                case "response-host": o.responseHost = v; break;
                case "response-port": o.responsePort = Integer.parseInt(v); break;
                case "players-per-port": o.playersPerResponsePort = Integer.parseInt(v); break;
                case "input-rate": o.inputRate = Double.parseDouble(v); break;
                case "ping-rate": o.pingRate = Double.parseDouble(v); break;
                case "room-size": o.roomSize = Integer.parseInt(v); break;
                case "room-options": o.roomOptions = v; break;
                case "warmup": o.warmupNs = duration(v); break;
                case "duration": o.durationNs = duration(v); break;
                case "seed": o.seed = Long.parseLong(v); break;
                case "token-secret": o.tokenSecret = v; break;
                case "report-dir": o.reportDir = Path.of(v); break;
                case "max-p99-rtt": o.maxP99RttMs = Double.parseDouble(v); break;
                case "max-p99-input-ack": o.maxP99InputAckMs = Double.parseDouble(v); break;
                case "max-sequence-violations": o.maxSequenceViolations = Long.parseLong(v); break;
                case "quiet": o.quiet = true; break;
                case "pass-interval": o.passIntervalNs = duration(v); break;
                case "lobby": o.lobbySessions = Integer.parseInt(v); break;
                case "first-lobby": o.firstLobby = Integer.parseInt(v); break;
                case "lobby-ping-interval": o.lobbyPingIntervalNs = duration(v); break;
                default: throw new IllegalArgumentException("unknown option --" + e.getKey());
            }
        }
        if (o.lobbySessions < 0 || o.firstLobby < 0 || o.lobbyPingIntervalNs <= 0)
        {
            throw new IllegalArgumentException(
                "lobby sessions and the first of them must not be negative, their ping interval positive");
        }
        if (o.players < 1 || o.firstPlayer < 0 || o.inputRate <= 0 || o.pingRate < 0 || o.roomSize < 1)
        {
            throw new IllegalArgumentException(
                "players, input rate and room size must be positive, the first player not negative");
        }
        if (o.ipc && null != o.webSocketUrl)
        {
            throw new IllegalArgumentException("--ipc and --ws: one transport");
        }
        if (o.ipc)
        {
            o.ingressChannel = "aeron:ipc";
        }
        return o;
    }

    /**
     * @return how the players reach the engine, as the report names it: IPC, UDP or WebSocket.
     */
    String transportName()
    {
        return null != webSocketUrl ? "WebSocket" : ipc ? "IPC" : "UDP";
    }

    /**
     * Durations as {@code 20s}, {@code 500ms}, {@code 2m} or plain seconds.
     */
    static long duration(final String text)
    {
        final String t = text.trim().toLowerCase();
        if (t.endsWith("us"))
        {
            return TimeUnit.MICROSECONDS.toNanos(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("ns"))
        {
            return Long.parseLong(t.substring(0, t.length() - 2));
        }
        if (t.endsWith("ms"))
        {
            return TimeUnit.MILLISECONDS.toNanos(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        if (t.endsWith("s"))
        {
            return (long)(Double.parseDouble(t.substring(0, t.length() - 1)) * 1e9);
        }
        if (t.endsWith("m"))
        {
            return (long)(Double.parseDouble(t.substring(0, t.length() - 1)) * 60e9);
        }
        return (long)(Double.parseDouble(t) * 1e9);
    }

    static final class HelpRequested extends RuntimeException
    {
        HelpRequested()
        {
            super("help", null, false, false);
        }
    }
}
