package io.ringside.engine.game;

/**
 * Why a player leaves a room, as {@link GameRoom#onLeave} is told.
 */
public enum LeaveReason
{
    /**
     * The player asked to: LeaveRoom, or Disconnect.
     */
    CONSENTED,

    /**
     * The player did not come back: its connection dropped (or went silent) and the reconnect grace ran out, or the
     * engine ended the session (abuse, a newer session of the same player).
     */
    DROPPED
}
