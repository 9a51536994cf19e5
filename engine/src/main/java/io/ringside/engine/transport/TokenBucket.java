package io.ringside.engine.transport;

/**
 * A session's message budget: {@code ratePerSecond} messages a second with bursts of up to {@code burst}, judged by
 * when the client sent, not by when the engine got round to reading.
 * <p>
 * The engine cannot see send times, but it knows when it last read everything a client had sent (the source's last
 * drain): whatever it reads later was sent after that moment. So the bucket is capped at {@code burst} as of the last
 * drain, and refills without a cap from then on. An honest client whose messages waited while the engine stalled
 * (a full ring, a paused ingress thread) has earned every one of them and is never refused; a client that sends
 * faster than its rate is refused all the same, since it spends tokens faster than any refill, however late the
 * engine reads it. Ingress thread only.
 */
final class TokenBucket
{
    private final double ratePerNs;
    private final double burst;
    private double tokens;
    private long lastRefillNs;

    TokenBucket(final double ratePerSecond, final double burst, final long nowNs)
    {
        this.ratePerNs = ratePerSecond / 1e9;
        this.burst = burst;
        this.tokens = burst;
        this.lastRefillNs = nowNs;
    }

    /**
     * @param nowNs         the time of this duty cycle.
     * @param lastDrainedNs when the engine last read everything the client had sent before this message.
     * @return true when the message is within the budget (a token is taken).
     */
    boolean tryTake(final long nowNs, final long lastDrainedNs)
    {
        if (lastDrainedNs > lastRefillNs && lastDrainedNs <= nowNs)
        {
            tokens = Math.min(burst, tokens + (lastDrainedNs - lastRefillNs) * ratePerNs);
            lastRefillNs = lastDrainedNs;
        }
        if (nowNs > lastRefillNs)
        {
            tokens += (nowNs - lastRefillNs) * ratePerNs;
            lastRefillNs = nowNs;
        }
        if (tokens >= 1.0)
        {
            tokens -= 1.0;
            return true;
        }
        return false;
    }

    double tokens()
    {
        return tokens;
    }
}
