package io.ringside.engine.ring;

import com.lmax.disruptor.AlertException;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * How a ring stage waits in the default profile: asleep, at no cost, while nothing is published, and briefly busy
 * while a stage ahead of it finishes an event that is already published.
 * <ul>
 *     <li>Waiting on the producer: a few spins, a few yields, then a block on a condition that the producer signals
 *     when it publishes, only when a stage asked to be woken (the "lite" pattern of Disruptor's
 *     {@code LiteBlockingWaitStrategy}: one atomic exchange per publish otherwise). An engine with nothing to do
 *     costs nothing here.</li>
 *     <li>Waiting on a stage ahead (egress and journal behind the logic): that stage is working, since the event it
 *     lags on is published, and stages never signal, so spin, yield, then park in short steps. Disruptor's blocking
 *     strategies busy spin here, which on a machine with fewer cores than runnable threads takes the core from the
 *     very stage being waited for.</li>
 * </ul>
 * One instance serves every stage of a ring: the producer unparks every stage thread that ever blocked on it.
 */
public final class BlockingBackoffWaitStrategy implements WaitStrategy
{
    private static final int DEFAULT_SPINS = 20;
    private static final int DEFAULT_YIELDS = 2;
    private static final long DEFAULT_PARK_NS = 10_000;

    private final AtomicBoolean signalNeeded = new AtomicBoolean(false);
    private volatile Thread[] waiters = new Thread[0];
    private final int spins;
    private final int yields;
    private final long parkNs;

    public BlockingBackoffWaitStrategy()
    {
        this(DEFAULT_SPINS, DEFAULT_YIELDS, DEFAULT_PARK_NS);
    }

    /**
     * @param spins  busy spins before yielding, on either wait.
     * @param yields yields before blocking (on the producer) or parking (on a stage ahead).
     * @param parkNs one park while a stage ahead finishes.
     */
    public BlockingBackoffWaitStrategy(final int spins, final int yields, final long parkNs)
    {
        if (spins < 0 || yields < 0 || parkNs <= 0)
        {
            throw new IllegalArgumentException("spins and yields >= 0, park > 0: " + spins + ", " + yields + ", " + parkNs);
        }
        this.spins = spins;
        this.yields = yields;
        this.parkNs = parkNs;
    }

    @Override
    public long waitFor(
        final long sequence, final Sequence cursor, final Sequence dependentSequence, final SequenceBarrier barrier)
        throws AlertException, InterruptedException
    {
        if (cursor.get() < sequence)
        {
            awaitPublished(sequence, cursor, barrier);
        }

        long available;
        int attempts = 0;
        while ((available = dependentSequence.get()) < sequence)
        {
            barrier.checkAlert();
            backOff(attempts++);
        }
        return available;
    }

    @Override
    public void signalAllWhenBlocking()
    {
        if (signalNeeded.getAndSet(false))
        {
            for (final Thread waiter : waiters)
            {
                LockSupport.unpark(waiter);
            }
        }
    }

    private void awaitPublished(final long sequence, final Sequence cursor, final SequenceBarrier barrier)
        throws AlertException, InterruptedException
    {
        for (int attempt = 0, limit = spins + yields; attempt < limit; attempt++)
        {
            if (cursor.get() >= sequence)
            {
                return;
            }
            barrier.checkAlert();
            backOff(attempt);
        }

        register(Thread.currentThread());
        while (true)
        {
            // ask first, then look: a publish after the look finds the flag set and unparks this thread, and an
            // unpark that comes before the park leaves a permit, so the park returns at once
            signalNeeded.set(true);
            if (cursor.get() >= sequence)
            {
                return;
            }
            barrier.checkAlert();
            LockSupport.park(this);
            if (Thread.interrupted())
            {
                throw new InterruptedException();
            }
        }
    }

    /**
     * A stage's thread joins the threads the producer wakes the first time it blocks; the list is copied on write,
     * which happens once per stage thread.
     */
    private void register(final Thread thread)
    {
        for (final Thread waiter : waiters)
        {
            if (waiter == thread)
            {
                return;
            }
        }
        synchronized (this)
        {
            final Thread[] current = waiters;
            final Thread[] next = Arrays.copyOf(current, current.length + 1);
            next[current.length] = thread;
            waiters = next;
        }
    }

    private void backOff(final int attempt)
    {
        if (attempt < spins)
        {
            Thread.onSpinWait();
        }
        else if (attempt < spins + yields)
        {
            Thread.yield();
        }
        else
        {
            LockSupport.parkNanos(parkNs);
        }
    }

    @Override
    public String toString()
    {
        return "BlockingBackoffWaitStrategy{spins=" + spins + ", yields=" + yields + ", parkNs=" + parkNs + '}';
    }
}
