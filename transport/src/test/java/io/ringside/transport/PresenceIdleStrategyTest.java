package io.ringside.transport;

import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The default profile's polling threads: the active backoff while a client is connected, a fixed quiet park (never the
 * active strategy) while none is, and a duty cycle that did work resets the backoff either way.
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
        assertEquals(2, active.idles, "work done: no idling");
        assertEquals(1, active.resets, "work done: the backoff starts again");

        presence.update(false);
        idle.idle(0);
        assertEquals(2, active.idles);
    }
}
