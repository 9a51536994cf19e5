package io.ringside.engine.game;

/**
 * A seeded SplitMix64 generator whose whole state is one {@code long}, so that it can be hashed, snapshotted and
 * restored exactly. For game logic: deterministic for a given seed on every JVM.
 */
public final class DeterministicRandom
{
    private long state;

    public DeterministicRandom(final long seed)
    {
        this.state = seed;
    }

    public long nextLong()
    {
        state += 0x9E3779B97F4A7C15L;
        return StateHasher.mix(state);
    }

    /**
     * @return a uniform float in [0, 1).
     */
    public float nextFloat()
    {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /**
     * @param bound exclusive, positive.
     * @return a uniform int in [0, bound).
     */
    public int nextInt(final int bound)
    {
        return (int)(((nextLong() >>> 33) * bound) >>> 31);
    }

    public long state()
    {
        return state;
    }

    public void state(final long state)
    {
        this.state = state;
    }
}
