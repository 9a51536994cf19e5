package io.ringside.engine.logic;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.ringside.engine.metrics.EngineHistograms;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.EventType;
import org.agrona.concurrent.NanoClock;

/**
 * Stage 1 as the ring runs it: the logic handler with its two latency measurements around it. The clock is read
 * here, in the stage, and never inside the logic handler, whose state stays a function of the events alone.
 */
public final class LogicStage implements EventHandler<EngineEvent>
{
    private final GameLogicHandler logic;
    private final EngineHistograms histograms;
    private final NanoClock clock;

    public LogicStage(final GameLogicHandler logic, final EngineHistograms histograms, final NanoClock clock)
    {
        this.logic = logic;
        this.histograms = histograms;
        this.clock = clock;
    }

    /**
     * Names the stage's thread after its job, so per-thread CPU (top -H, /proc, JFR) says which stage spent it.
     */
    @Override
    public void onStart()
    {
        Thread.currentThread().setName("ringside-logic");
    }

    public void onEvent(final EngineEvent event, final long sequence, final boolean endOfBatch)
    {
        final long startNs = clock.nanoTime();
        if (EventType.CLIENT_MESSAGE == event.type)
        {
            histograms.record(EngineHistograms.Metric.RING_RESIDENCE, startNs - event.timeNs);
        }
        logic.onEvent(event, sequence, endOfBatch);
        if (EventType.TICK == event.type)
        {
            histograms.record(EngineHistograms.Metric.TICK_DURATION, clock.nanoTime() - startNs);
        }
    }

    public void setSequenceCallback(final Sequence sequenceCallback)
    {
        logic.setSequenceCallback(sequenceCallback);
    }

    public GameLogicHandler logic()
    {
        return logic;
    }
}
