package io.ringside.perf.attack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The attack run, shortened (2 s warm-up, 3 s quiet, 2 s after) but with every kind of attack at full size, the
 * 2,000-connect storm and the WebSocket kinds included, against the engine as a process with 50 honest players over
 * Aeron and 10 over WebSocket: every bad input refused with
 * its code and counted, no honest message lost, no session left behind, the engine healthy and exiting cleanly.
 * {@code bin/attack} runs it with a longer baseline and writes the report under perf/results/attack.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AttackRunTest
{
    @TempDir
    Path dir;

    @Test
    void everyAttackIsRefusedAndCountedWhileHonestPlayersLoseNothing() throws Exception
    {
        final AttackReport report = AttackRun.run(new AttackRun.Options(50, 10, 2, 3, 2, 2000, dir));

        for (final AttackReport.Outcome outcome : report.outcomes())
        {
            assertTrue(outcome.passed(), outcome.toString());
        }
        assertEquals(25, report.outcomes().size(), "kinds of attack");
        // the kinds of fixed size send 4,260 over Aeron and 560 over WebSocket between them; the flood sends until it is kicked (burst plus 200
        // refusals: a few hundred when the engine reads it promptly, thousands when it falls behind)
        assertTrue(report.badInputsSent() > 4_260 + 560 + 200, "bad inputs: " + report.badInputsSent());

        final HonestPlayers.Result honest = report.honest();
        assertEquals(60, honest.players());
        assertEquals(0, honest.sequenceViolations(), "honest players see every message in sequence");
        assertEquals(0, honest.inputsUnacknowledged(), "every honest input is taken");
        assertEquals(0, honest.pongsMissing(), "every honest ping is answered");
        assertEquals(0, honest.declaredSkips());
        assertEquals(0, honest.errors(), "no honest player is told an error");
        assertEquals(60, honest.seatedAtEnd(), "every honest player keeps its own session and seat");
        assertTrue(honest.rtt()[HonestPlayers.Phase.ATTACK.ordinal()].getTotalCount() > 1000,
            "honest players were measured during the attack");
        assertTrue(report.endOk(), String.join("; ", report.endChecks()));
        assertTrue(report.passed());

        try (var runs = Files.list(dir))
        {
            final Path run = runs.findFirst().orElseThrow();
            assertTrue(Files.readString(run.resolve("attack.md")).contains("RESULT: passed"));
            assertTrue(Files.readString(run.resolve("attack.json")).contains("\"honestMessagesLost\": 0"));
        }
    }
}
