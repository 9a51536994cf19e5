package io.ringside.perf;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One capacity step, small, with the load generator split over two processes: the engine and both load generators
 * are real processes on a real media driver over IPC, and the step adds up what both measured.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class CapacityRunTest
{
    @TempDir
    Path dir;

    @Test
    void twoLoadGeneratorProcessesShareTheStepsPlayersAndLobbyAndTheirResultsAddUp() throws Exception
    {
        final Path shm = Files.createDirectories(
            Path.of("/dev/shm", "ringside-capacity-test-" + ProcessHandle.current().pid()));
        try
        {
            final CapacityRun.Settings settings =
                new CapacityRun.Settings("ipc", 10, 2, 8, 2, dir, shm, List.of(), List.of(), 7);
            final CapacityRun.Step step = CapacityRun.run(settings, 25, 1);

            assertTrue(step.completed(), step.verdict() + " in " + step.dir());
            assertEquals(25, step.seated(), "13 players in one process and 12 in the other, every one seated");
            assertEquals(0, step.sequenceViolations());
            assertEquals("", step.errors());
            assertTrue(step.minSnapshotsPerPlayerSecond() > 0, "every player of both processes got snapshots");
            assertTrue(step.rttP50Ms() > 0 && step.rttP99Ms() >= step.rttP50Ms(), "one distribution of both");
            assertTrue(step.loadGeneratorCores() > 0);
            assertEquals(7, step.lobbyOpenAtEnd(), "four idle lobby sessions in one process, three in the other, " +
                "each answered in its last interval");
            assertTrue(step.lobbyMinPongs() >= 2, "8 s measured, a ping every 3 s: " + step.lobbyMinPongs());
            assertTrue(step.lobbyServed(), "each answered within " + CapacityRun.MAX_LOBBY_SILENCE_MS + " ms: " +
                step.lobbyLongestSilenceMs());
            assertTrue(step.lobbyRttP99Ms() > 0, "the idle sessions' pings were answered");
            for (final String process : new String[]{ "1", "2" })
            {
                final Path log = Path.of(step.dir()).resolve("loadgen-" + process + ".log");
                final String text = Files.readString(log);
                assertTrue(text.contains(("1".equals(process) ? 13 : 12) + " players connected and seated"), text);
                assertTrue(text.contains(("1".equals(process) ? 4 : 3) + " idle lobby sessions created"), text);
                assertTrue(Files.isDirectory(Path.of(step.dir()).resolve("report-" + process)));
            }
            assertFalse(Files.exists(Path.of(step.dir()).resolve("loadgen.log")));
        }
        finally
        {
            try (var files = Files.walk(shm))
            {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
