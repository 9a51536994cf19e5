package io.ringside.transport;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The ingress agent's park while clients are connected: until its work is due; at once when due work was done;
 * a bounded park, not a spin, when due work could not be done.
 */
class ScheduledParkIdleStrategyTest
{
    private static final long BLOCKED_NS = TimeUnit.MILLISECONDS.toNanos(20);

    @Test
    void parksUntilTheAgentSaysItsWorkIsDue()
    {
        final ScheduledParkIdleStrategy idle =
            new ScheduledParkIdleStrategy(() -> TimeUnit.MILLISECONDS.toNanos(50), BLOCKED_NS);
        final long startNs = System.nanoTime();
        idle.idle(0);
        assertTrue(System.nanoTime() - startNs >= TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void workDueAndDoneRunsAgainAtOnceButDueAndNotDoneParksInsteadOfSpinning()
    {
        final ScheduledParkIdleStrategy idle = new ScheduledParkIdleStrategy(() -> 0, BLOCKED_NS);
        final long startNs = System.nanoTime();
        for (int i = 0; i < 1000; i++)
        {
            idle.idle(1);
        }
        final long busyNs = System.nanoTime() - startNs;
        assertTrue(busyNs < 1000 * BLOCKED_NS, "a thousand cycles that did work, no park: " + busyNs + " ns");

        final long blockedStartNs = System.nanoTime();
        idle.idle(0);
        idle.idle();
        assertTrue(System.nanoTime() - blockedStartNs >= 2 * BLOCKED_NS, "due but blocked: parked");
    }
}
