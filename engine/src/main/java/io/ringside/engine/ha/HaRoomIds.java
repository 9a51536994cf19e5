package io.ringside.engine.ha;

/**
 * HA room ids: bit 52 set, the service's room number below it. Engine room ids never set it (with a directory they
 * carry the engine id in bits 32..51), and every id stays below 2^53, exact in JavaScript.
 */
public final class HaRoomIds
{
    public static final long HA_BIT = 1L << 52;
    public static final long MAX_ROOM_NUMBER = HA_BIT - 1;

    private HaRoomIds()
    {
    }

    public static long of(final long roomNumber)
    {
        if (roomNumber < 1 || roomNumber > MAX_ROOM_NUMBER)
        {
            throw new IllegalArgumentException("HA room number out of range: " + roomNumber);
        }
        return HA_BIT | roomNumber;
    }

    public static boolean isHa(final long roomId)
    {
        return roomId > 0 && (roomId & ~MAX_ROOM_NUMBER) == HA_BIT;
    }
}
