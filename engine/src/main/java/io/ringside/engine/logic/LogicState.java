package io.ringside.engine.logic;

import io.ringside.codec.sbe.ServerState;

/**
 * The few values the whole logic shares: the tick it is at, that tick's time, and what the engine is doing. Written
 * by {@link GameLogicHandler} (on TICK and SERVER_STATE events, and on restore); read by the classes it delegates to.
 * Logic thread only.
 */
final class LogicState
{
    long tick;
    long timeNs;
    ServerState serverState = ServerState.RUNNING;
}
