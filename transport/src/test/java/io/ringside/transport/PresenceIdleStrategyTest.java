package io.ringside.transport;

import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The default profile's polling threads: the active strategy while a client is connected, a fixed quiet park (never
 * the active strategy) while none is, and a duty cycle that did work goes to the active strategy either way (a
 * backoff resets on work; a paced conductor still waits out its period).
 */
class PresenceIdleStrategyTest
{
    static final class RecordingIdle implements IdleStrategy
    {
        int idles;
        int resets;

        public void idle(final int workCount)
        {
            idles++;
        }

        public void idle()
        {
            idles++;
        }

        public void reset()
        {
            resets++;
        }
    }

    @Test
    void backsOffAsTheActiveStrategyOnlyWhileAClientIsPresent()
    {
        final ClientPresence presence = new ClientPresence();
        final RecordingIdle active = new RecordingIdle();
        final PresenceIdleStrategy idle = new PresenceIdleStrategy(active, presence, 1_000);

        idle.idle(0);
        idle.idle();
        assertEquals(0, active.idles, "nobody connected: the quiet park, not the backoff");

        presence.update(true);
        idle.idle(0);
        idle.idle();
        assertEquals(2, active.idles);

        idle.idle(3);
        assertEquals(3, active.idles, "work done: the active strategy decides (a backoff resets on work)");

        presence.update(false);
        idle.idle(0);
        assertEquals(3, active.idles, "nobody connected again: the quiet park");
        idle.idle(2);
        assertEquals(4, active.idles, "work done with nobody connected (the last client's goodbye): the active one");
    }
}
