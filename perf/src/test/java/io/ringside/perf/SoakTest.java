package io.ringside.perf;

import io.ringside.codec.sbe.InputDecoder;
import io.ringside.engine.EngineMain;
import io.ringside.engine.ring.EventType;
import io.ringside.journal.JournalReader;
import io.ringside.journal.JournalContext;
import io.ringside.perf.loadgen.LoadGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sustained load on the engine and load generator as processes: {@code ringside.soak.players} players (500) for
 * {@code ringside.soak.seconds} (60 in the normal test run; {@code bin/soak} runs 10 minutes). Zero sequence
 * violations and no error codes, every player seated to the end, the engine's heap after a full GC within 10% of
 * where it started, and exactly one journal row for every input the players sent.
 */
@Timeout(value = 30, unit = TimeUnit.MINUTES)
class SoakTest
{
    private static final int PLAYERS = Integer.getInteger("ringside.soak.players", 500);
    private static final int SECONDS = Integer.getInteger("ringside.soak.seconds", 60);

    @TempDir
    Path dir;

    private final List<ChildJvm> processes = new ArrayList<>();

    @AfterEach
    void stopAll()
    {
        processes.forEach(p -> p.process.toHandle().destroyForcibly());
    }

    /**
     * @return heap used after a full GC, in KiB, as the JDK's own jcmd reports it.
     */
    private static long heapUsedAfterFullGcKb(final long pid) throws Exception
    {
        jcmd(pid, "GC.run");
        final String info = jcmd(pid, "GC.heap_info");
        // JDK 17: "garbage-first heap   total 262144K, used 23456K"; JDK 25: "... total reserved ..K, committed ..K,
        // used ..K"
        final Matcher m = Pattern.compile("heap\\s+total[^\\n]*?used (\\d+)K").matcher(info);
        assertTrue(m.find(), info);
        return Long.parseLong(m.group(1));
    }

    private static String jcmd(final long pid, final String command) throws Exception
    {
        final Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        final Process jcmd = new ProcessBuilder(java.resolveSibling("jcmd").toString(), String.valueOf(pid), command)
            .redirectErrorStream(true).start();
        final String out = new String(jcmd.getInputStream().readAllBytes());
        assertTrue(jcmd.waitFor(60, TimeUnit.SECONDS));
        return out;
    }

    private static String summary(final Path reportDir) throws IOException
    {
        try (Stream<Path> runs = Files.list(reportDir))
        {
            return Files.readString(runs.findFirst().orElseThrow().resolve("summary.json"));
        }
    }

    @Test
    void playersKeepPlayingAndNothingLeaksOrIsLost() throws Exception
    {
        final int port = 44_000 + 2 * ThreadLocalRandom.current().nextInt(5_000);
        final Path db = dir.resolve("ringside.db");
        final ChildJvm engine = new ChildJvm(processes, "engine", EngineMain.class,
            "--ingress", "aeron:udp?endpoint=localhost:" + port, "--ingress-ipc", "aeron:ipc",
            "--driver-dir", dir.resolve("driver").toString(), "--db", db.toString(),
            "--max-sessions", String.valueOf(PLAYERS + 100), "--metrics-port", String.valueOf(port + 1));
        engine.awaitOutput("ringside engine ready", 60);
        final long heapAtStartKb = heapUsedAfterFullGcKb(engine.process.pid());

        final Path reportDir = dir.resolve("report");
        final ChildJvm load = new ChildJvm(processes, "loadgen", LoadGenerator.class, "--ipc", "--aeron-dir",
            dir.resolve("driver").toString(), "--players", String.valueOf(PLAYERS), "--warmup", "5s",
            "--duration", SECONDS + "s", "--report-dir", reportDir.toString(), "--quiet");
        assertEquals(0, load.awaitExit(SECONDS + 180L), "no limit broken:\n" + load.output);

        final String summary = summary(reportDir);
        assertTrue(summary.contains("\"sequenceViolations\": 0,"), summary);
        assertTrue(summary.contains("\"errors\": {}"), "no error codes: " + summary);
        assertTrue(summary.contains("\"playersSeatedAtEnd\": " + PLAYERS + ","), summary);

        // every player disconnected at the end of the run: measure once the engine holds no session
        Scrape.awaitMetric(port + 1, "ringside_sessions_open", v -> v == 0, 30);
        final long heapAtEndKb = heapUsedAfterFullGcKb(engine.process.pid());
        assertTrue(heapAtEndKb <= heapAtStartKb * 1.10, "heap after a full GC: " + heapAtStartKb + " KiB at start, " +
            heapAtEndKb + " KiB at the end");

        engine.signalTerm();
        assertEquals(0, engine.awaitExit(60), engine.output.toString());

        final Matcher sent = Pattern.compile("\"wholeRun\": \\{\"inputsSent\": (\\d+)").matcher(summary);
        assertTrue(sent.find(), summary);
        final long[] inputs = new long[1];
        try (JournalReader reader = new JournalReader(new JournalContext().path(db)))
        {
            reader.readEvents(-1, Long.MAX_VALUE, (row) ->
            {
                inputs[0] += EventType.CLIENT_MESSAGE == row.type && InputDecoder.TEMPLATE_ID == row.templateId ? 1 : 0;
                return true;
            });
        }
        assertEquals(Long.parseLong(sent.group(1)), inputs[0], "one journal event per input sent");
        System.out.printf("soak: %d players, %d s: heap after full GC %d KiB at start, %d KiB at the end%n",
            PLAYERS, SECONDS, heapAtStartKb, heapAtEndKb);
    }
}
