package io.ringside.engine.game;

/**
 * Folds state into a 64-bit hash in the order it is given. Used to prove that two runs (live and replayed) reached
 * the same state. Not cryptographic: each value is mixed with the SplitMix64 finaliser, which spreads every input bit
 * over the whole word, so that reordered or changed values give a different hash with overwhelming likelihood.
 */
public final class StateHasher implements StateWriter
{
    private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

    private long hash;

    public StateHasher reset()
    {
        hash = 0;
        return this;
    }

    public StateHasher hash(final long value)
    {
        hash = mix(hash + GOLDEN_GAMMA ^ value) * 31 + value;
        return this;
    }

    public StateHasher hash(final int value)
    {
        return hash((long)value);
    }

    public StateHasher hash(final float value)
    {
        return hash((long)Float.floatToRawIntBits(value));
    }

    public StateHasher hash(final boolean value)
    {
        return hash(value ? 1L : 0L);
    }

    public StateHasher putLong(final long value)
    {
        return hash(value);
    }

    public StateHasher putInt(final int value)
    {
        return hash(value);
    }

    public StateHasher putFloat(final float value)
    {
        return hash(value);
    }

    public StateHasher putBoolean(final boolean value)
    {
        return hash(value);
    }

    public long value()
    {
        return hash;
    }

    /**
     * The SplitMix64 finaliser.
     */
    public static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
