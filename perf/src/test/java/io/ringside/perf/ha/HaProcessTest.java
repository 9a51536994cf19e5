package io.ringside.perf.ha;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 18 as real processes, small: three HA members and one gateway engine, players over Aeron UDP in rooms made
 * with {@code ha=true} (see {@link HaRun}; {@code bin/ha-run} is the full size). The leader killed -9 under load: a
 * new leader, players told of the gap and playing on in the same rooms, the killed member started again on its log,
 * caught up, and its state hash equal to the others' at every tick they all ran; a follower killed and started
 * again the same way; the whole cluster stopped after a snapshot and started again with its rooms and seats.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class HaProcessTest
{
    private static final int PLAYERS = 30;

    @TempDir
    Path dir;

    @Test
    void haRoomsSurviveTheirLeaderAFollowerAndAWholeClusterRestart() throws Exception
    {
        final HaRun.Result result = HaRun.run(new HaRun.Settings()
            .players(PLAYERS).seatsPerRoom(10).leaderKills(1).playSeconds(2).settleSeconds(1).compare(false)
            .outDir(dir));

        assertEquals(PLAYERS, result.seated, "every player seated in an HA room, and still there");
        assertEquals(0, result.sequenceViolations, "no sequence violations");
        assertTrue(result.ha.framesPerSecondPerPlayer() > 30, "frames flow: " + result.ha);

        final HaRun.Kill kill = result.kills.get(0);
        assertTrue(kill.newLeaderMs() > 0, "a new leader after the kill");
        assertTrue(kill.ticksDeclared() > 0, "the players were told how many ticks they lost: " + kill);
        assertTrue(kill.ticksCompared() >= 30, "the restarted member ran the others' ticks: " + kill);
        assertEquals(0, kill.disagreements(), "every member's state hash agrees, the replayed one too: " + kill);

        assertTrue(result.followerTicksCompared >= 30, "the restarted follower caught up");
        assertEquals(0, result.followerDisagreements, "and agrees");

        assertEquals(result.roomsBeforeRestart, result.roomsAfterRestart, "rooms recovered from snapshot and log");
        assertEquals(result.membersBeforeRestart, result.membersAfterRestart, "seats recovered");
        assertTrue(result.restartTicksCompared >= 30);
        assertEquals(0, result.restartDisagreements, "members agree after the restart");

        assertTrue(result.batchesInLog > 0 && result.batchesInLog <= result.batchesSent,
            "the log holds no batch the gateway did not send: " + result);
    }
}
