package io.ringside.engine.logic;

/**
 * The settings the logic thread works with, all in ticks or counts (the logic never sees a clock).
 */
public final class LogicSettings
{
    final long tickIntervalNs;
    final long sessionTimeoutTicks;
    final long reconnectGraceTicks;
    final long roomCloseGraceTicks;
    final long playerStateIntervalTicks;
    final int maxSessions;
    final int maxFrameEntities;

    /**
     * @param tickIntervalNs           nominal time step of one tick.
     * @param sessionTimeoutTicks      silence after which an active session is disconnected.
     * @param reconnectGraceTicks      how long a lost session's seat is held.
     * @param roomCloseGraceTicks      how long an empty room stays open.
     * @param playerStateIntervalTicks how often connected players' state is written for the journal.
     * @param maxSessions              most sessions held at once.
     * @param maxFrameEntities         most entities one room frame may carry.
     */
    public LogicSettings(
        final long tickIntervalNs,
        final long sessionTimeoutTicks,
        final long reconnectGraceTicks,
        final long roomCloseGraceTicks,
        final long playerStateIntervalTicks,
        final int maxSessions,
        final int maxFrameEntities)
    {
        this.tickIntervalNs = tickIntervalNs;
        this.sessionTimeoutTicks = sessionTimeoutTicks;
        this.reconnectGraceTicks = reconnectGraceTicks;
        this.roomCloseGraceTicks = roomCloseGraceTicks;
        this.playerStateIntervalTicks = playerStateIntervalTicks;
        this.maxSessions = maxSessions;
        this.maxFrameEntities = maxFrameEntities;
    }

    public long tickIntervalNs()
    {
        return tickIntervalNs;
    }
}
