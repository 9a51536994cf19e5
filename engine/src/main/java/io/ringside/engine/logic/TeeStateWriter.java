package io.ringside.engine.logic;

import io.ringside.engine.game.StateWriter;

/**
 * Hands every value to two writers, so that one walk of the state both writes a snapshot and hashes it.
 */
final class TeeStateWriter implements StateWriter
{
    private StateWriter first;
    private StateWriter second;

    TeeStateWriter of(final StateWriter first, final StateWriter second)
    {
        this.first = first;
        this.second = second;
        return this;
    }

    public TeeStateWriter putLong(final long value)
    {
        first.putLong(value);
        second.putLong(value);
        return this;
    }

    public TeeStateWriter putInt(final int value)
    {
        first.putInt(value);
        second.putInt(value);
        return this;
    }

    public TeeStateWriter putFloat(final float value)
    {
        first.putFloat(value);
        second.putFloat(value);
        return this;
    }

    public TeeStateWriter putBoolean(final boolean value)
    {
        first.putBoolean(value);
        second.putBoolean(value);
        return this;
    }
}
