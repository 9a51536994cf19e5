package io.ringside.engine.transport;

import io.aeron.Aeron;
import io.aeron.Counter;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.EnginePipeline;
import io.ringside.engine.egress.EgressCounters;
import io.ringside.engine.logic.GameLogicHandler;
import io.ringside.engine.logic.LogicCounters;
import io.ringside.journal.JournalStatus;
import org.agrona.CloseHelper;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
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
    private final List<String> names = new ArrayList<>();
    private final List<Boolean> gauges = new ArrayList<>();
    private Counter[] counterArray;
    private LongSupplier[] sourceArray;
    private AtomicLongArray published;

    public EngineCounters(final Aeron aeron, final EnginePipeline pipeline, final IngressAgent ingress)
    {
        try
        {
            final GameLogicHandler logic = pipeline.logic();
            final LogicCounters lc = logic.counters();
            final EgressCounters ec = pipeline.egress().counters();
            final IngressCounters ic = ingress.counters();

            gauge(aeron, "sessions open", logic::sessionCount);
            gauge(aeron, "rooms open", logic::roomCount);
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
            add(aeron, "game faults", lc::gameFaults);
            add(aeron, "ingress messages", ic::messages);
            add(aeron, "ingress invalid messages", ic::invalidMessages);
            add(aeron, "ingress rate limited", ic::rateLimited);
            add(aeron, "ingress session mismatches", ic::sessionMismatches);
            add(aeron, "ingress kicks", ic::kicks);
            add(aeron, "ingress oversized", ic::oversized);
            add(aeron, "ingress unknown sessions", ic::unknownSessions);
            add(aeron, "ingress auth failed", ic::authFailed);
            add(aeron, "ingress auth expired", ic::authExpired);
            add(aeron, "ingress none auth refused", ic::noneAuthRefused);
            add(aeron, "ingress bad response channels", ic::badResponseChannels);
            add(aeron, "ingress too many sessions per address", ic::tooManySessionsPerAddress);
            add(aeron, "ingress banned source messages", ic::bannedSourceMessages);
            add(aeron, "ingress sources lost", ic::sourcesLost);
            gauge(aeron, "ingress images", () -> null == ingress.adapter() ? 0 : ingress.adapter().imageCount());
            add(aeron, "ingress images lost", () -> null == ingress.adapter() ? 0 : ingress.adapter().imagesLost());
            for (final Rejection rejection : Rejection.values())
            {
                if (Rejection.NONE != rejection)
                {
                    add(aeron, "ingress invalid " + rejection.name(), () -> ic.rejections(rejection));
                }
            }
            add(aeron, "ring stalls", () -> pipeline.publisher().stalls());
            add(aeron, "ring full polls", ic::ringFullPolls);
            add(aeron, "snapshots sent", ec::snapshotsSent);
            add(aeron, "snapshots skipped", ec::snapshotsSkipped);
            add(aeron, "reliable messages sent", ec::reliableSent);
            add(aeron, "reliable messages discarded", ec::reliableDiscarded);
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
                gauge(aeron, "journal writable", () -> js.isWritable() ? 1 : 0);
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
        published = new AtomicLongArray(counterArray.length);
    }

    private void add(final Aeron aeron, final String name, final LongSupplier source)
    {
        counters.add(aeron.addCounter(RINGSIDE_COUNTER_TYPE_ID, LABEL_PREFIX + name));
        sources.add(source);
        names.add(name);
        gauges.add(false);
    }

    private void gauge(final Aeron aeron, final String name, final LongSupplier source)
    {
        add(aeron, name, source);
        gauges.set(gauges.size() - 1, true);
    }

    /**
     * What {@link #forEach} hands over for each counter.
     */
    @FunctionalInterface
    public interface CounterVisitor
    {
        /**
         * @param name  the label without the prefix, e.g. {@code rejects AUTH_FAILED}.
         * @param gauge true for a value that goes up and down, false for a count that only rises.
         * @param value the value the Aeron counter holds now.
         */
        void onCounter(String name, boolean gauge, long value);
    }

    /**
     * Visit every counter with the value last published to it (as fresh as the last {@link #update()}). Any thread,
     * also after close: the values are kept in a copy of our own, because the Aeron counters live in the media
     * driver's memory-mapped file, which is unmapped when the engine closes.
     */
    public void forEach(final CounterVisitor visitor)
    {
        for (int i = 0; i < counterArray.length; i++)
        {
            visitor.onCounter(names.get(i), gauges.get(i), published.get(i));
        }
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
            final long value = sources[i].getAsLong();
            counters[i].setRelease(value);
            published.lazySet(i, value);
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
