package io.ringside.perf.directory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 17 as real processes, small: three directory members and three engines, players over Aeron UDP asking any
 * engine for rooms (see {@link DirectoryRun}; {@code bin/directory-run} is the full size). Everyone is seated on the
 * engine that hosts the room, placement spreads rooms, the directory's leader is killed -9 and another leads while
 * players keep playing and placements go on, an engine is killed -9 and is marked gone within the bound, its players
 * told ROOM_GONE, the others losing nothing.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DirectoryProcessTest
{
    private static final int PLAYERS = 36;
    private static final long GONE_AFTER_MS = 3_000;

    @TempDir
    Path dir;

    @Test
    void roomsSpreadOverEnginesSurviveTheDirectoryLeaderAndAnEngine() throws Exception
    {
        final DirectoryRun.Result result = DirectoryRun.run(new DirectoryRun.Settings()
            .players(PLAYERS).seatsPerRoom(6).playSeconds(4).outDir(dir));

        assertEquals(PLAYERS, result.seated, "every player seated in the room it asked for");
        assertTrue(result.redirected > 0, "players asked the wrong engine and were redirected");
        assertEquals(0, result.sequenceViolations, "no sequence violations");
        assertEquals(3, result.roomsByEngine.size(), "rooms on all three engines: " + result.roomsByEngine);
        for (final int rooms : result.roomsByEngine.values())
        {
            assertTrue(2 * rooms <= result.roomsCreated, "no engine hosts more than half: " + result.roomsByEngine);
        }
        assertTrue(result.roomsListed >= result.roomsCreated, "the directory lists every engine's rooms");

        assertTrue(result.leaderFailoverMs > 0, "a new leader after the kill");
        assertEquals(0, result.playersStarvedDuringFailover, "players kept playing while the directory elected");
        assertTrue(result.placementsAfterFailover >= result.placementsBeforeKill, "no placement lost: " + result);
        assertTrue(result.placedAfterFailover, "a room placed through the new leader");
        assertEquals(0, result.registrationsAfterFailover, "no engine marked gone by the election");

        assertTrue(result.engineGoneMs > 0 && result.engineGoneMs < GONE_AFTER_MS + 5_000,
            "the killed engine marked gone within the bound: " + result.engineGoneMs + " ms");
        assertTrue(result.killedEnginePlayers > 0);
        assertEquals(result.killedEnginePlayers, result.killedEnginePlayersTold, "its players told ROOM_GONE");
        assertEquals(0, result.otherPlayersStarvedAfterKill, "the other engines' players lose nothing");
        assertEquals(0, result.otherPlayersViolations);
        assertTrue(result.placementsPerSecond > 0 && result.reportBytes > 0);
    }
}
