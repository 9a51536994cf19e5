package io.ringside.engine.metrics;

import io.aeron.Aeron;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.ErrorCode;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The engine's counters, one {@link AtomicCounter} for each {@link CounterDescriptor} (and for each member of a
 * family), allocated before any stage runs and handed to the thread that owns each, which alone writes it with
 * ordered stores; any thread reads them, at any time. They live in a counters buffer the engine owns for as long as
 * it lives.
 * <p>
 * So that Aeron's {@code AeronStat} lists them next to the driver's own counters, {@link #mirrorTo} makes an Aeron
 * counter for each (type {@link #COUNTER_TYPE_ID}, the same key and label, {@code ringside: <label>}), and
 * {@link #mirror()} copies the values into them. Only the thread that runs the Aeron client's conductor (the ingress
 * agent, which invokes it) may call {@link #mirror()}: Aeron counters live in memory the client unmaps when it closes,
 * also by itself when its media driver is lost, and a stage thread writing there then would crash the JVM (a test
 * that kills the driver did, with the stages writing Aeron counters directly). On the conductor's own thread, the
 * mirror sees that the client closed before it writes.
 * <p>
 * With several egress shards, each egress counter has one copy per shard, each written by its shard's thread alone
 * (shard 0's has the plain key, shard k's the key {@code id * 1000 + k}; each the label {@code <label> (egress k)});
 * {@link #value} and {@link #forEach} give their sum.
 */
public final class EngineCounters implements AutoCloseable
{
    /**
     * Aeron's own counter types are below 1000; this is ours. The key of each counter is its descriptor's id, and for
     * a family member the id times 1,000 plus the member's value.
     */
    public static final int COUNTER_TYPE_ID = 7101;
    public static final String LABEL_PREFIX = "ringside: ";

    private static final CounterDescriptor[] DESCRIPTORS = CounterDescriptor.values();
    private static final int ERROR_CODES = 256;
    private static final int REJECTIONS = Rejection.values().length;

    private final AtomicCounter[] scalars = new AtomicCounter[DESCRIPTORS.length];
    /**
     * [shard - 1][descriptor ordinal]: the copies of egress counters for shards 1 and up.
     */
    private final AtomicCounter[][] shardScalars;
    private final AtomicCounter[] rejects = new AtomicCounter[ERROR_CODES];
    private final AtomicCounter[] invalid = new AtomicCounter[REJECTIONS];
    private final List<AtomicCounter> all = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private final List<Integer> keys = new ArrayList<>();
    private Aeron aeron;
    private AtomicCounter[] aeronMirror = new AtomicCounter[0];
    private AtomicCounter[] mirrored = new AtomicCounter[0];

    private EngineCounters(final CountersManager manager, final int egressShards)
    {
        shardScalars = new AtomicCounter[egressShards - 1][DESCRIPTORS.length];
        try
        {
            for (final CounterDescriptor d : DESCRIPTORS)
            {
                if (CounterDescriptor.REJECTS == d)
                {
                    for (final ErrorCode code : ErrorCode.values())
                    {
                        if (ErrorCode.NULL_VAL != code && ErrorCode.OK != code)
                        {
                            rejects[code.value()] = add(manager, d.id() * 1000 + code.value(),
                                d.label() + ' ' + code.name());
                        }
                    }
                }
                else if (CounterDescriptor.INGRESS_INVALID == d)
                {
                    for (final Rejection rejection : Rejection.values())
                    {
                        if (Rejection.NONE != rejection)
                        {
                            invalid[rejection.ordinal()] = add(manager, d.id() * 1000 + rejection.ordinal(),
                                d.label() + ' ' + rejection.name());
                        }
                    }
                }
                else
                {
                    final boolean perShard = CounterDescriptor.Owner.EGRESS == d.owner() && egressShards > 1;
                    scalars[d.ordinal()] = add(manager, d.id(), perShard ? d.label() + " (egress 0)" : d.label());
                    if (perShard)
                    {
                        for (int shard = 1; shard < egressShards; shard++)
                        {
                            shardScalars[shard - 1][d.ordinal()] =
                                add(manager, d.id() * 1000 + shard, d.label() + " (egress " + shard + ")");
                        }
                    }
                }
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(all);
            throw ex;
        }
    }

    private AtomicCounter add(final CountersManager manager, final int key, final String label)
    {
        final AtomicCounter counter = manager.newCounter(LABEL_PREFIX + label, COUNTER_TYPE_ID, b -> b.putInt(0, key));
        all.add(counter);
        labels.add(LABEL_PREFIX + label);
        keys.add(key);
        return counter;
    }

    /**
     * @return the engine's counters, in a counters buffer of their own, for one egress shard.
     */
    public static EngineCounters inMemory()
    {
        return inMemory(1);
    }

    /**
     * @param egressShards how many egress threads share the clients; each writes its own copy of the egress counters.
     * @return the engine's counters, in a counters buffer of their own.
     */
    public static EngineCounters inMemory(final int egressShards)
    {
        if (egressShards < 1)
        {
            throw new IllegalArgumentException("egress shards must be >= 1: " + egressShards);
        }
        final int count = DESCRIPTORS.length * egressShards + ERROR_CODES + REJECTIONS;
        final AtomicBuffer metaData = new UnsafeBuffer(
            ByteBuffer.allocateDirect(count * CountersReader.METADATA_LENGTH));
        final AtomicBuffer values = new UnsafeBuffer(ByteBuffer.allocateDirect(count * CountersReader.COUNTER_LENGTH));
        final CountersManager manager = new CountersManager(metaData, values);
        return new EngineCounters(manager, egressShards);
    }

    /**
     * @return the counter of a scalar descriptor, for its owning thread to write.
     */
    public AtomicCounter counter(final CounterDescriptor descriptor)
    {
        final AtomicCounter counter = scalars[descriptor.ordinal()];
        if (null == counter)
        {
            throw new IllegalArgumentException(descriptor + " is a family");
        }
        return counter;
    }

    /**
     * @return egress shard {@code shard}'s copy of an egress counter (shard 0's is the plain
     * {@link #counter(CounterDescriptor)}), for that shard's thread to write.
     */
    public AtomicCounter counter(final CounterDescriptor descriptor, final int shard)
    {
        if (0 == shard)
        {
            return counter(descriptor);
        }
        final AtomicCounter counter =
            shard > 0 && shard <= shardScalars.length ? shardScalars[shard - 1][descriptor.ordinal()] : null;
        if (null == counter)
        {
            throw new IllegalArgumentException(descriptor + " has no copy for egress shard " + shard);
        }
        return counter;
    }

    /**
     * @return how many egress shards these counters have copies for.
     */
    public int egressShards()
    {
        return shardScalars.length + 1;
    }

    /**
     * @return the counters of a family, indexed by error code value ({@link CounterDescriptor#REJECTS}) or by
     * rejection ordinal ({@link CounterDescriptor#INGRESS_INVALID}), for the owning thread to write.
     */
    public AtomicCounter[] family(final CounterDescriptor family)
    {
        if (CounterDescriptor.REJECTS == family)
        {
            return rejects;
        }
        if (CounterDescriptor.INGRESS_INVALID == family)
        {
            return invalid;
        }
        throw new IllegalArgumentException(family + " is not a family");
    }

    /**
     * @return a scalar counter's value now, summed over the egress shards for an egress counter. Any thread.
     */
    public long value(final CounterDescriptor descriptor)
    {
        final int ordinal = descriptor.ordinal();
        long value = scalars[ordinal].get();
        for (final AtomicCounter[] shard : shardScalars)
        {
            value += get(shard[ordinal]);
        }
        return value;
    }

    /**
     * @return a family member's value now. Any thread.
     */
    public long value(final CounterDescriptor family, final int member)
    {
        return get(CounterDescriptor.REJECTS == family ? rejects[member] : invalid[member]);
    }

    private static long get(final AtomicCounter counter)
    {
        return null == counter ? 0 : counter.get();
    }

    /**
     * What {@link #forEach} hands over for each counter.
     */
    @FunctionalInterface
    public interface CounterVisitor
    {
        /**
         * @param descriptor what the counter is.
         * @param member     for a family, the member's name (an error code, a validation failure); else null.
         * @param value      its value now.
         */
        void onCounter(CounterDescriptor descriptor, String member, long value);
    }

    /**
     * Visit every counter, in descriptor order. Any thread.
     */
    public void forEach(final CounterVisitor visitor)
    {
        for (final CounterDescriptor d : DESCRIPTORS)
        {
            if (CounterDescriptor.REJECTS == d)
            {
                for (final ErrorCode code : ErrorCode.values())
                {
                    if (null != rejects[code.value() & 0xFF] && ErrorCode.NULL_VAL != code)
                    {
                        visitor.onCounter(d, code.name(), value(d, code.value()));
                    }
                }
            }
            else if (CounterDescriptor.INGRESS_INVALID == d)
            {
                for (final Rejection rejection : Rejection.values())
                {
                    if (null != invalid[rejection.ordinal()])
                    {
                        visitor.onCounter(d, rejection.name(), value(d, rejection.ordinal()));
                    }
                }
            }
            else
            {
                visitor.onCounter(d, null, value(d));
            }
        }
    }

    /**
     * @return how many counters there are, family members included.
     */
    public int size()
    {
        return all.size();
    }

    /**
     * Make an Aeron counter for each counter, in the media driver's counters file, on the calling thread (before the
     * stages start).
     *
     * @return this.
     */
    public EngineCounters mirrorTo(final Aeron aeron)
    {
        final UnsafeBuffer key = new UnsafeBuffer(new byte[4]);
        final AtomicCounter[] mirror = new AtomicCounter[all.size()];
        try
        {
            for (int i = 0; i < mirror.length; i++)
            {
                key.putInt(0, keys.get(i));
                final String label = labels.get(i);
                mirror[i] = aeron.addCounter(COUNTER_TYPE_ID, key, 0, 4,
                    new UnsafeBuffer(label.getBytes(StandardCharsets.US_ASCII)), 0, label.length());
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.quietCloseAll(mirror);
            throw ex;
        }
        this.aeron = aeron;
        this.mirrored = all.toArray(new AtomicCounter[0]);
        this.aeronMirror = mirror;
        return this;
    }

    /**
     * Copy every value into its Aeron counter. Only on the thread that runs the Aeron client's conductor; nothing
     * once the client has closed (its counters' memory is gone).
     *
     * @return counters copied.
     */
    public int mirror()
    {
        final AtomicCounter[] mirror = aeronMirror;
        if (null == aeron || aeron.isClosed())
        {
            return 0;
        }
        final AtomicCounter[] source = mirrored;
        for (int i = 0; i < mirror.length; i++)
        {
            mirror[i].setRelease(source[i].get());
        }
        return mirror.length;
    }

    /**
     * Remove the Aeron mirror (while the Aeron client is open: the thread that mirrors must have stopped). The
     * counters themselves stay readable.
     */
    public void close()
    {
        if (null != aeron && !aeron.isClosed())
        {
            CloseHelper.closeAll(aeronMirror);
        }
        aeronMirror = new AtomicCounter[0];
        aeron = null;
    }
}
