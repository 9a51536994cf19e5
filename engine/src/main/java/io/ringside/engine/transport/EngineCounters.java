package io.ringside.engine.transport;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.EnginePipeline;
import io.ringside.engine.egress.EgressCounters;
import io.ringside.engine.logic.GameLogicHandler;
import io.ringside.engine.logic.LogicCounters;
import io.ringside.journal.JournalStatus;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * The engine's counters as Aeron counters, in the media driver's counters file next to the driver's own, so that
 * Aeron's {@code AeronStat} (or anything reading a CnC file) lists them by label: {@code bin/aeronstat} while the
 * engine runs. Each is a copy of a plain counter kept by the thread that owns it; {@link #update()} copies them all,
 * called by the ingress agent every {@link #UPDATE_INTERVAL_NS}, so the values are at most that old.
 */
public final class EngineCounters implements AutoCloseable
{
    /**
     * Aeron's own counter types are below 1000; this is ours.
     */
    public static final int RINGSIDE_COUNTER_TYPE_ID = 7101;
    public static final String LABEL_PREFIX = "ringside: ";
    public static final long UPDATE_INTERVAL_NS = 100_000_000L;

    private final List<Counter> counters = new ArrayList<>();
    private final List<LongSupplier> sources = new ArrayList<>();
    private Counter[] counterArray;
    private LongSupplier[] sourceArray;

    public EngineCounters(final Aeron aeron, final EnginePipeline pipeline, final IngressAgent ingress)
    {
        try
        {
            final GameLogicHandler logic = pipeline.logic();
            final LogicCounters lc = logic.counters();
            final EgressCounters ec = pipeline.egress().counters();
            final IngressCounters ic = ingress.counters();

            add(aeron, "sessions open", logic::sessionCount);
            add(aeron, "rooms open", logic::roomCount);
            add(aeron, "sessions opened", lc::sessionsOpened);
            add(aeron, "sessions resumed", lc::sessionsResumed);
            add(aeron, "sessions timed out", lc::sessionsTimedOut);
            add(aeron, "ticks", lc::ticks);
            add(aeron, "tick overruns", () -> ingress.tickClock().overrunTicks());
            add(aeron, "inputs", lc::inputs);
            add(aeron, "stale inputs", lc::staleInputs);
            add(aeron, "turn actions", lc::actions);
            add(aeron, "pings", lc::pings);
            add(aeron, "room joins", lc::joins);
            add(aeron, "game events", lc::gameEvents);
            add(aeron, "ingress messages", ic::messages);
            add(aeron, "ingress invalid messages", ic::invalidMessages);
            add(aeron, "ingress rate limited", ic::rateLimited);
            add(aeron, "ingress session mismatches", ic::sessionMismatches);
            add(aeron, "ingress kicks", ic::kicks);
            add(aeron, "ring stalls", () -> pipeline.publisher().stalls());
            add(aeron, "ring full polls", ic::ringFullPolls);
            add(aeron, "snapshots sent", ec::snapshotsSent);
            add(aeron, "snapshots skipped", ec::snapshotsSkipped);
            add(aeron, "reliable messages sent", ec::reliableSent);
            add(aeron, "egress bytes sent", ec::bytesSent);
            add(aeron, "egress back pressured", ec::backPressured);
            add(aeron, "slow consumer disconnects", ec::slowConsumerDisconnects);
            for (final ErrorCode code : ErrorCode.values())
            {
                if (ErrorCode.OK != code && ErrorCode.NULL_VAL != code)
                {
                    add(aeron, "rejects " + code.name(), () -> lc.rejections(code));
                }
            }
            if (null != pipeline.journalHandler())
            {
                final JournalStatus js = pipeline.context().journal().status();
                add(aeron, "journal batches", js::commits);
                add(aeron, "journal rows", js::eventRows);
                add(aeron, "journal player rows", js::playerRows);
                add(aeron, "journal snapshots", js::snapshots);
                add(aeron, "journal retries", js::retries);
                add(aeron, "journal unwritable episodes", js::unwritableEpisodes);
                add(aeron, "journal writable", () -> js.isWritable() ? 1 : 0);
                add(aeron, "journal paused polls", ic::journalPausedPolls);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(counters);
            throw ex;
        }
        counterArray = counters.toArray(new Counter[0]);
        sourceArray = sources.toArray(new LongSupplier[0]);
    }

    private void add(final Aeron aeron, final String name, final LongSupplier source)
    {
        counters.add(aeron.addCounter(RINGSIDE_COUNTER_TYPE_ID, LABEL_PREFIX + name));
        sources.add(source);
    }

    /**
     * Copy every source into its counter.
     *
     * @return counters updated.
     */
    public int update()
    {
        final Counter[] counters = counterArray;
        final LongSupplier[] sources = sourceArray;
        for (int i = 0; i < counters.length; i++)
        {
            counters[i].setRelease(sources[i].getAsLong());
        }
        return counters.length;
    }

    public int size()
    {
        return counterArray.length;
    }

    public void close()
    {
        CloseHelper.closeAll(counters);
    }
}
