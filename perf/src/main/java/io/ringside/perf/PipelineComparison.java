package io.ringside.perf;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import com.lmax.disruptor.util.DaemonThreadFactory;
import io.ringside.engine.EngineContext;
import io.ringside.engine.egress.EgressHandler;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.ProducerCommandQueue;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemNanoClock;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The design the ring replaces, side by side with it: the same two handlers (the game logic handler with a filled
 * 1,000-player arena room, then egress) connected either by the Disruptor ring or by {@link ArrayBlockingQueue}s with
 * one thread per stage, as in the LMAX paper's comparison. The queue version passes pooled events (a free list is a
 * third queue) because the ring's events are pre-allocated too; allocating one per message would only add GC.
 * <p>
 * Throughput: input events published as fast as the pipeline takes them, timed until egress has seen the last.
 * Latency: the same events offered at a fixed rate in 1 ms bursts, each timed from its publication to the end of
 * egress.
 */
public final class PipelineComparison
{
    static final int PLAYERS = 1000;
    static final int CAPACITY = 64 * 1024;

    /**
     * What one variant measured.
     */
    public record Result(String name, double eventsPerSecond, double minEventsPerSecond, double maxEventsPerSecond,
        Histogram latencyNs, long events)
    {
    }

    static final int THROUGHPUT_RUNS = 5;

    private PipelineComparison()
    {
    }

    /**
     * The handlers of one variant: a filled room and its egress, built the same way for both.
     */
    private static final class Stages
    {
        final EngineFixture fixture;
        final EventHandler<EngineEvent> logic;
        final EventHandler<EngineEvent> egress;
        final Histogram latency = new Histogram(1, TimeUnit.SECONDS.toNanos(10), 3);
        final AtomicLong egressed = new AtomicLong();
        volatile boolean recordLatency;
        private final EngineEvent[] templates;
        private int next;

        /**
         * @param handlers false for empty handlers: the pipeline's own cost, its physical limit.
         */
        Stages(final boolean handlers)
        {
            fixture = new EngineFixture(PLAYERS, 64 * 1024 * 1024);
            final EgressHandler realEgress = new EgressHandler(fixture.log,
                new RingThroughputBenchmark.DiscardingTransport(), new ProducerCommandQueue(64 * 1024),
                SystemNanoClock.INSTANCE, 1 << 20, 128, 64 * 1024);
            fixture.downstream(realEgress).fill();
            templates = fixture.inputs;
            if (handlers)
            {
                logic = fixture.logic;
                egress = realEgress;
            }
            else
            {
                logic = (event, sequence, endOfBatch) -> event.outputEnd = event.outputStart;
                egress = (event, sequence, endOfBatch) -> event.reason = 0;
            }
        }

        /**
         * Fill {@code event} with the next player's next input, as the ingress agent copies a message into a slot.
         */
        void fill(final EngineEvent event, final long timeNs)
        {
            final int p = next;
            next = p + 1 == PLAYERS ? 0 : p + 1;
            final EngineEvent template = fixture.input(p, false);
            event.type = template.type;
            event.templateId = template.templateId;
            event.sessionId = template.sessionId;
            event.payloadLength = template.payloadLength;
            event.payload.putBytes(0, template.payload, 0, template.payloadLength);
            event.timeNs = timeNs;
        }

        EventHandler<EngineEvent> timedEgress()
        {
            return (event, sequence, endOfBatch) ->
            {
                egress.onEvent(event, sequence, endOfBatch);
                if (recordLatency)
                {
                    latency.recordValue(Math.max(1, System.nanoTime() - event.timeNs));
                }
                egressed.lazySet(egressed.get() + 1);
            };
        }
    }

    private interface Pipeline
    {
        void publish(Stages stages, long timeNs) throws InterruptedException;

        void close() throws InterruptedException;
    }

    private static final class RingPipeline implements Pipeline
    {
        private final Disruptor<EngineEvent> disruptor;
        private final RingBuffer<EngineEvent> ring;

        RingPipeline(final Stages stages, final String waitStrategy)
        {
            disruptor = new Disruptor<>(EngineEvent::new, CAPACITY, DaemonThreadFactory.INSTANCE, ProducerType.SINGLE,
                EngineContext.waitStrategy(waitStrategy));
            disruptor.handleEventsWith(stages.logic).then(stages.timedEgress());
            ring = disruptor.start();
        }

        public void publish(final Stages stages, final long timeNs)
        {
            final long sequence = ring.next();
            stages.fill(ring.get(sequence), timeNs);
            ring.publish(sequence);
        }

        public void close()
        {
            disruptor.halt();
        }
    }

    private static final class QueuePipeline implements Pipeline
    {
        private static final EngineEvent POISON = new EngineEvent();
        private final ArrayBlockingQueue<EngineEvent> free = new ArrayBlockingQueue<>(CAPACITY);
        private final ArrayBlockingQueue<EngineEvent> toLogic = new ArrayBlockingQueue<>(CAPACITY);
        private final ArrayBlockingQueue<EngineEvent> toEgress = new ArrayBlockingQueue<>(CAPACITY);
        private final Thread logicThread;
        private final Thread egressThread;

        QueuePipeline(final Stages stages)
        {
            for (int i = 0; i < CAPACITY; i++)
            {
                free.add(new EngineEvent());
            }
            final EventHandler<EngineEvent> egress = stages.timedEgress();
            logicThread = new Thread(() -> run(toLogic, toEgress, stages.logic), "queue-logic");
            egressThread = new Thread(() -> run(toEgress, free, egress), "queue-egress");
            logicThread.setDaemon(true);
            egressThread.setDaemon(true);
            logicThread.start();
            egressThread.start();
        }

        private static void run(
            final ArrayBlockingQueue<EngineEvent> in,
            final ArrayBlockingQueue<EngineEvent> out,
            final EventHandler<EngineEvent> handler)
        {
            long sequence = 0;
            try
            {
                while (true)
                {
                    final EngineEvent event = in.take();
                    if (POISON == event)
                    {
                        out.put(POISON);
                        return;
                    }
                    handler.onEvent(event, sequence++, in.isEmpty());
                    out.put(event);
                }
            }
            catch (final InterruptedException ignore)
            {
                Thread.currentThread().interrupt();
            }
            catch (final Exception ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        public void publish(final Stages stages, final long timeNs) throws InterruptedException
        {
            final EngineEvent event = free.take();
            if (POISON == event)
            {
                throw new IllegalStateException("closed");
            }
            stages.fill(event, timeNs);
            toLogic.put(event);
        }

        public void close() throws InterruptedException
        {
            toLogic.put(POISON);
            logicThread.join(10_000);
            egressThread.join(10_000);
        }
    }

    /**
     * Measure one variant: a warm-up, the throughput run, then the fixed-rate latency run.
     */
    /**
     * @param waitStrategy the ring's wait strategy (engine names: blocking-backoff, sleeping, yielding, blocking, phased, busy-spin), or null
     *                     for the queue pipeline.
     */
    static Result measure(
        final String name, final String waitStrategy, final boolean handlers, final long throughputEvents,
        final int ratePerSecond, final long latencySeconds) throws InterruptedException
    {
        final Stages stages = new Stages(handlers);
        final Pipeline pipeline = null == waitStrategy ? new QueuePipeline(stages) :
            new RingPipeline(stages, waitStrategy);
        try
        {
            publishAll(pipeline, stages, throughputEvents / 5);
            final double[] runs = new double[THROUGHPUT_RUNS];
            for (int r = 0; r < runs.length; r++)
            {
                final long startNs = System.nanoTime();
                publishAll(pipeline, stages, throughputEvents);
                runs[r] = throughputEvents * 1e9 / (System.nanoTime() - startNs);
            }
            java.util.Arrays.sort(runs);

            // a burst every millisecond, as the ingress agent publishes what one poll brought; the producer parks
            // between bursts instead of spinning, so that on a small machine it does not take a stage's core
            stages.recordLatency = true;
            final int perBurst = Math.max(1, ratePerSecond / 1000);
            final long bursts = latencySeconds * 1000;
            final long target = stages.egressed.get() + bursts * perBurst;
            long dueNs = System.nanoTime();
            for (long b = 0; b < bursts; b++)
            {
                dueNs += 1_000_000L;
                final long waitNs = dueNs - System.nanoTime();
                if (waitNs > 0)
                {
                    LockSupport.parkNanos(waitNs);
                }
                for (int i = 0; i < perBurst; i++)
                {
                    // timed from publication: this compares pipelines, not how punctually the producer wakes up
                    pipeline.publish(stages, System.nanoTime());
                }
            }
            awaitEgressed(stages, target);
            stages.recordLatency = false;
            return new Result(name, runs[runs.length / 2], runs[0], runs[runs.length - 1], stages.latency,
                throughputEvents);
        }
        finally
        {
            pipeline.close();
        }
    }

    private static void publishAll(final Pipeline pipeline, final Stages stages, final long count)
        throws InterruptedException
    {
        final long target = stages.egressed.get() + count;
        for (long i = 0; i < count; i++)
        {
            pipeline.publish(stages, 0);
        }
        awaitEgressed(stages, target);
    }

    private static void awaitEgressed(final Stages stages, final long target)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (stages.egressed.get() < target)
        {
            if (System.nanoTime() > deadline)
            {
                throw new IllegalStateException("pipeline stalled at " + stages.egressed.get() + " of " + target);
            }
            LockSupport.parkNanos(100_000);
        }
    }
}
