package io.ringside.engine.ring;

import io.ringside.codec.sbe.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The back channel's lanes, one per egress shard: the producer drains every lane, each in its own order, a full lane
 * refuses only its own writer, and a drain limit is shared fairly over calls.
 */
class ProducerCommandQueueTest
{
    private final List<String> drained = new ArrayList<>();
    private final ProducerCommandQueue.CommandHandler handler = new ProducerCommandQueue.CommandHandler()
    {
        public void onSessionLost(final long sessionId, final ErrorCode reason)
        {
            drained.add("lost:" + sessionId);
        }

        public void onSessionForgotten(final long sessionId)
        {
            drained.add("forgotten:" + sessionId);
        }

        public void onSessionBound(final long sessionId, final long sourceId)
        {
            drained.add("bound:" + sessionId + ":" + sourceId);
        }
    };

    @Test
    void theProducerDrainsEveryLaneEachInItsOwnOrder()
    {
        final ProducerCommandQueue queue = new ProducerCommandQueue(1024, 3);
        assertTrue(queue.isEmpty());
        assertTrue(queue.offerSessionBound(2, 5, 77));
        assertTrue(queue.offerSessionLost(0, 3, ErrorCode.SLOW_CONSUMER));
        assertTrue(queue.offerSessionForgotten(2, 5));
        assertTrue(queue.offerSessionForgotten(1, 4));
        assertFalse(queue.isEmpty(), "a command in any lane waits");

        assertEquals(4, queue.drain(handler, 100));
        assertTrue(queue.isEmpty());
        assertEquals(List.of("lost:3", "forgotten:4", "bound:5:77", "forgotten:5"), drained);
    }

    @Test
    void aFullLaneRefusesOnlyItsOwnWriter()
    {
        final ProducerCommandQueue queue = new ProducerCommandQueue(128, 2);
        int taken = 0;
        while (queue.offerSessionForgotten(0, taken))
        {
            taken++;
        }
        assertTrue(taken > 0);
        assertTrue(queue.offerSessionForgotten(1, 1000), "the other shard's lane still has room");
        assertEquals(taken + 1, queue.drain(handler, 1000));
        assertTrue(queue.offerSessionForgotten(0, taken), "drained, the lane takes commands again");
    }

    @Test
    void aDrainLimitStartsAtTheNextLaneEachCall()
    {
        final ProducerCommandQueue queue = new ProducerCommandQueue(1024, 2);
        for (int i = 0; i < 4; i++)
        {
            queue.offerSessionForgotten(0, i);
            queue.offerSessionForgotten(1, 100 + i);
        }
        assertEquals(2, queue.drain(handler, 2));
        assertEquals(2, queue.drain(handler, 2));
        assertEquals(List.of("forgotten:0", "forgotten:1", "forgotten:100", "forgotten:101"), drained,
            "a lane kept busy does not starve the other");
    }
}
