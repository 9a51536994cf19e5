package io.ringside.engine.logic;

/**
 * The settings the logic thread works with, all in ticks or counts (the logic never sees a clock).
 */
public final class LogicContext
{
    final long tickIntervalNs;
    final long sessionTimeoutTicks;
    final long reconnectGraceTicks;
    final long roomCloseGraceTicks;
    final long playerStateIntervalTicks;
    final int maxSessions;
    final int maxFrameEntities;
    long snapshotIntervalTicks;
    int roomStreamMaxSeats;
    int engineId;
    boolean haGateway;
    byte[] ticketSecret;

    /**
     * @param tickIntervalNs           nominal time step of one tick.
     * @param sessionTimeoutTicks      silence after which an active session is disconnected.
     * @param reconnectGraceTicks      how long a lost session's seat is held.
     * @param roomCloseGraceTicks      how long an empty room stays open.
     * @param playerStateIntervalTicks how often connected players' state is written for the journal.
     * @param maxSessions              most sessions held at once.
     * @param maxFrameEntities         most entities one room frame may carry.
     */
    public LogicContext(
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

    /**
     * @param snapshotIntervalTicks every how many ticks the logic thread writes an engine snapshot for the journal
     *                              (0: never). Decided in ticks so that replay takes them at the same points.
     * @return this.
     */
    public LogicContext snapshotIntervalTicks(final long snapshotIntervalTicks)
    {
        this.snapshotIntervalTicks = snapshotIntervalTicks;
        return this;
    }

    /**
     * @param roomStreamMaxSeats rooms with at most this many seats are broadcast on a room stream (0: none). Changes
     *                           only how state is delivered, never the state.
     * @return this.
     */
    public LogicContext roomStreamMaxSeats(final int roomStreamMaxSeats)
    {
        this.roomStreamMaxSeats = roomStreamMaxSeats;
        return this;
    }

    /**
     * @param engineId this engine's id among several behind a directory (0: stand-alone); its rooms' ids carry it.
     *                 Part of the simulation settings: a journal is replayed by the engine of the same id only.
     * @return this.
     */
    public LogicContext engineId(final int engineId)
    {
        this.engineId = engineId;
        return this;
    }

    /**
     * @param ticketSecret the secret the engines behind one directory sign join tickets with (null: none).
     * @return this.
     */
    public LogicContext ticketSecret(final byte[] ticketSecret)
    {
        this.ticketSecret = null == ticketSecret ? null : ticketSecret.clone();
        return this;
    }

    /**
     * @param haGateway whether this engine is the gateway of HA rooms (an HA cluster is configured): CreateRooms
     *                  with {@code ha=true} go to the cluster. Part of the simulation settings: it decides what a
     *                  journaled CreateRoom does.
     * @return this.
     */
    public LogicContext haGateway(final boolean haGateway)
    {
        this.haGateway = haGateway;
        return this;
    }

    public boolean haGateway()
    {
        return haGateway;
    }

    public int engineId()
    {
        return engineId;
    }

    public long snapshotIntervalTicks()
    {
        return snapshotIntervalTicks;
    }

    public long tickIntervalNs()
    {
        return tickIntervalNs;
    }

    /**
     * @return the settings that change the engine's state (not the snapshot interval or the frame cap, which change
     * only what is written or shown), as stable text.
     */
    public String simulationSettings()
    {
        return "tickIntervalNs=" + tickIntervalNs + ",sessionTimeoutTicks=" + sessionTimeoutTicks +
            ",reconnectGraceTicks=" + reconnectGraceTicks + ",roomCloseGraceTicks=" + roomCloseGraceTicks +
            ",playerStateIntervalTicks=" + playerStateIntervalTicks + ",maxSessions=" + maxSessions +
            (0 == engineId ? "" : ",engineId=" + engineId) + (haGateway ? ",haGateway=true" : "");
    }
}
