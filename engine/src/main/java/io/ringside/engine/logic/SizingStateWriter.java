package io.ringside.engine.logic;

import io.ringside.engine.game.StateWriter;

/**
 * Counts the bytes a state walk would write, writing nothing: how big a room's checkpoint state is.
 */
final class SizingStateWriter implements StateWriter
{
    private int length;

    void reset()
    {
        length = 0;
    }

    int length()
    {
        return length;
    }

    public SizingStateWriter putLong(final long value)
    {
        length += Long.BYTES;
        return this;
    }

    public SizingStateWriter putInt(final int value)
    {
        length += Integer.BYTES;
        return this;
    }

    public SizingStateWriter putFloat(final float value)
    {
        length += Float.BYTES;
        return this;
    }

    public SizingStateWriter putBoolean(final boolean value)
    {
        length += 1;
        return this;
    }
}
