package io.ringside.directory;

/**
 * Room ids across engines: a room's id carries the id of the engine that made it in bits 32 and up, so any engine
 * knows where a room lives from its id alone. Engine ids fit in 20 bits, so a room id stays below 2^52 and is exact
 * as a JavaScript number. A stand-alone engine (id 0) numbers its rooms from 1 as before.
 */
public final class RoomIds
{
    public static final int MAX_ENGINE_ID = (1 << 20) - 1;
    public static final int ENGINE_SHIFT = 32;

    private RoomIds()
    {
    }

    /**
     * @return the engine that made the room.
     */
    public static int engineOf(final long roomId)
    {
        return (int)(roomId >>> ENGINE_SHIFT);
    }

    /**
     * @return the first room id an engine gives.
     */
    public static long firstRoomId(final int engineId)
    {
        return ((long)engineId << ENGINE_SHIFT) + 1;
    }
}
