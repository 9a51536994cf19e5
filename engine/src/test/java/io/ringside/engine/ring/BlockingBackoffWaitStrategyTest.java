package io.ringside.engine.ring;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default profile's ring wait strategy in a real Disruptor shaped like the engine's (one stage, two stages gated
 * on it): every stage sees every event in order and never ahead of the stage it follows, whether the producer
 * publishes in bursts or a little at a time with pauses in which the stages go to sleep; stages with nothing
 * published are blocked (WAITING, not spinning or parking on a timer); a halt wakes them.
 */
class BlockingBackoffWaitStrategyTest
{
    private static final long DEADLINE_NS = TimeUnit.SECONDS.toNanos(30);

    static final class Slot
    {
        long value;
    }

    @Test
    void everyStageSeesEveryEventInOrderAndFollowersNeverPassTheStageAhead() throws Exception
    {
        final Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 1024, DaemonThreadFactory.INSTANCE,
            ProducerType.SINGLE, new BlockingBackoffWaitStrategy());
        final AtomicLong first = new AtomicLong(-1);
        final List<String> faults = new CopyOnWriteArrayList<>();
        final AtomicLong[] followers = { new AtomicLong(-1), new AtomicLong(-1) };
        final EventHandler<Slot> lead = (slot, sequence, endOfBatch) -> check(first, slot, faults, "lead");
        disruptor.handleEventsWith(lead).then(
            follower(followers[0], first, faults, "follower 0"), follower(followers[1], first, faults, "follower 1"));
        final RingBuffer<Slot> ring = disruptor.start();
        final int events = 200_000;
        for (int i = 0; i < events; i++)
        {
            final long sequence = ring.next();
            ring.get(sequence).value = i;
            ring.publish(sequence);
            if (i % 5_000 == 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2)); // long enough for the stages to block
            }
        }
        awaitValue(followers[0], events - 1);
        awaitValue(followers[1], events - 1);
        disruptor.halt();
        assertEquals(List.of(), faults);
        assertEquals(events - 1, first.get());
    }

    @Test
    void stagesWithNothingPublishedAreBlockedAndAHaltWakesThem() throws Exception
    {
        final Disruptor<Slot> disruptor = new Disruptor<>(Slot::new, 64, DaemonThreadFactory.INSTANCE,
            ProducerType.SINGLE, new BlockingBackoffWaitStrategy());
        final List<Thread> threads = new CopyOnWriteArrayList<>();
        final EventHandler<Slot> lead = new EventHandler<>()
        {
            public void onStart()
            {
                threads.add(Thread.currentThread());
            }

            public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch)
            {
            }
        };
        final EventHandler<Slot> follower = new EventHandler<>()
        {
            public void onStart()
            {
                threads.add(Thread.currentThread());
            }

            public void onEvent(final Slot slot, final long sequence, final boolean endOfBatch)
            {
            }
        };
        disruptor.handleEventsWith(lead).then(follower);
        final RingBuffer<Slot> ring = disruptor.start();
        ring.publish(ring.next()); // one event through, then nothing

        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (threads.size() < 2 || !threads.stream().allMatch(t -> Thread.State.WAITING == t.getState()))
        {
            assertTrue(System.nanoTime() < deadline, "stages never blocked: " + states(threads));
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }

        disruptor.halt();
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.NANOSECONDS.toMillis(DEADLINE_NS));
            assertTrue(!thread.isAlive(), "a blocked stage did not stop on halt");
        }
    }

    private static EventHandler<Slot> follower(
        final AtomicLong mine, final AtomicLong ahead, final List<String> faults, final String name)
    {
        return (slot, sequence, endOfBatch) ->
        {
            if (ahead.get() < slot.value)
            {
                faults.add(name + " saw " + slot.value + " before the stage ahead had");
            }
            check(mine, slot, faults, name);
        };
    }

    private static void check(final AtomicLong last, final Slot slot, final List<String> faults, final String name)
    {
        if (slot.value != last.get() + 1 && faults.size() < 10)
        {
            faults.add(name + " saw " + slot.value + " after " + last.get());
        }
        last.set(slot.value);
    }

    private static void awaitValue(final AtomicLong value, final long expected)
    {
        final long deadline = System.nanoTime() + DEADLINE_NS;
        while (value.get() < expected)
        {
            assertTrue(System.nanoTime() < deadline, "stuck at " + value.get() + " of " + expected);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static List<String> states(final List<Thread> threads)
    {
        final List<String> states = new ArrayList<>();
        threads.forEach(t -> states.add(t.getName() + " " + t.getState()));
        return states;
    }
}
