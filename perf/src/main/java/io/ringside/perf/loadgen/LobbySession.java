package io.ringside.perf.loadgen;

import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;

/**
 * One idle session in the lobby: connected and authenticated, in no room. It pings the engine every few seconds
 * (each ping stamped with when it was due) and keeps how long it went without an answer, so a run shows whether the
 * engine still serves every idle session while others play. Owned by the load generator's one thread.
 */
final class LobbySession implements GameClientListener
{
    final int index;
    /**
     * Set once by the load generator after making the client with this session as its listener.
     */
    GameClient client;
    private final LoadGenerator generator;
    private final long pingIntervalNs;

    long nextPingNs;
    long pingId;
    long pingsSent;
    long pongsReceived;
    long lastAnswerNs;
    long longestSilenceNs;
    private boolean started;
    private boolean stopped;

    /**
     * @param client set by the caller once made with this session as its listener.
     */
    LobbySession(final int index, final LoadGenerator generator, final long pingIntervalNs)
    {
        this.index = index;
        this.generator = generator;
        this.pingIntervalNs = pingIntervalNs;
    }

    boolean started()
    {
        return started;
    }

    /**
     * No more pings (before the session disconnects: a ping after it would be for a session the engine forgot).
     */
    void stop()
    {
        stopped = true;
    }

    /**
     * Start pinging once the session is open: the first ping within one interval (spread by {@code offsetNs}), silence
     * counted from {@code nowNs}.
     */
    void start(final long nowNs, final long offsetNs)
    {
        nextPingNs = nowNs + 1 + offsetNs % pingIntervalNs;
        lastAnswerNs = nowNs;
        longestSilenceNs = 0;
        started = true;
    }

    /**
     * Silence is measured from here on (the start of the measured window).
     */
    void resetSilence(final long nowNs)
    {
        lastAnswerNs = nowNs;
        longestSilenceNs = 0;
    }

    /**
     * @return messages sent.
     */
    int sendDue(final long nowNs)
    {
        if (stopped || nowNs - nextPingNs < 0)
        {
            return 0;
        }
        if (client.ping(++pingId, nextPingNs) < 0)
        {
            pingId--;
            return 0;
        }
        nextPingNs += pingIntervalNs;
        pingsSent++;
        return 1;
    }

    /**
     * @return the longest time without an answer up to {@code nowNs}, the silence still running included.
     */
    long longestSilenceNs(final long nowNs)
    {
        return Math.max(longestSilenceNs, nowNs - lastAnswerNs);
    }

    public void onPong(final PongDecoder pong, final long roundTripNs)
    {
        final long nowNs = generator.nanoTime();
        longestSilenceNs = Math.max(longestSilenceNs, nowNs - lastAnswerNs);
        lastAnswerNs = nowNs;
        pongsReceived++;
        generator.lobbyRtt.record(roundTripNs);
    }

    public void onError(final ErrorDecoder error)
    {
        generator.error(error.code());
    }
}
