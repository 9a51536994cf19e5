package io.ringside.engine.game;

/**
 * What a room is created with. Everything here is decided before the logic thread (the seed by the ingress side,
 * the rest by configuration) and journaled, so a replayed room is created identically.
 */
public final class RoomSettings
{
    private final long roomId;
    private final int maxPlayers;
    private final long tickIntervalNs;
    private final long seed;

    public RoomSettings(final long roomId, final int maxPlayers, final long tickIntervalNs, final long seed)
    {
        this.roomId = roomId;
        this.maxPlayers = maxPlayers;
        this.tickIntervalNs = tickIntervalNs;
        this.seed = seed;
    }

    public long roomId()
    {
        return roomId;
    }

    public int maxPlayers()
    {
        return maxPlayers;
    }

    /**
     * @return the fixed time step of one tick.
     */
    public long tickIntervalNs()
    {
        return tickIntervalNs;
    }

    /**
     * @return the time step of one tick in seconds, for physics.
     */
    public float tickSeconds()
    {
        return (float)(tickIntervalNs / 1e9);
    }

    /**
     * @return a seed for the room's deterministic random source.
     */
    public long seed()
    {
        return seed;
    }

    public String toString()
    {
        return "RoomSettings{roomId=" + roomId + ", maxPlayers=" + maxPlayers + ", tickIntervalNs=" + tickIntervalNs +
            ", seed=" + seed + '}';
    }
}
