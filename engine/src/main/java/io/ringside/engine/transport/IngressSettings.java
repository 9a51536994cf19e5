package io.ringside.engine.transport;

import io.ringside.transport.auth.Authenticator;
import io.ringside.transport.auth.NoneAuthenticator;

/**
 * Who gets in, and how much they may send: the ingress agent's policy.
 */
public final class IngressSettings
{
    Authenticator authenticator = new NoneAuthenticator();
    boolean allowNoneAuthOnNonLoopback;
    double inputRatePerSecond = 240;
    double inputBurst = 120;
    int maxSessionsPerAddress = 4096;
    int abuseThreshold = 200;
    long rejectionReplyIntervalNs = 100_000_000L;
    int ringReserve = 64;

    public IngressSettings authenticator(final Authenticator authenticator)
    {
        this.authenticator = authenticator;
        return this;
    }

    public Authenticator authenticator()
    {
        return authenticator;
    }

    /**
     * Accept the {@code none} authenticator on an ingress bound to a non-loopback address (off by default).
     */
    public IngressSettings allowNoneAuthOnNonLoopback(final boolean allow)
    {
        this.allowNoneAuthOnNonLoopback = allow;
        return this;
    }

    /**
     * Token bucket of every session: messages per second refilled and the bucket's size. Default 240/s with a
     * burst of 120, four times a 60 Hz client's input rate, so honest clients never meet it.
     */
    public IngressSettings inputRate(final double perSecond, final double burst)
    {
        this.inputRatePerSecond = perSecond;
        this.inputBurst = burst;
        return this;
    }

    public IngressSettings maxSessionsPerAddress(final int maxSessionsPerAddress)
    {
        this.maxSessionsPerAddress = maxSessionsPerAddress;
        return this;
    }

    /**
     * Violations (bad messages, rate-limit hits, spoofed ids) after which a session is disconnected.
     */
    public IngressSettings abuseThreshold(final int abuseThreshold)
    {
        this.abuseThreshold = abuseThreshold;
        return this;
    }

    /**
     * At most one Error of the same code per this interval answers a run of refused messages of one session (all
     * are counted).
     */
    public IngressSettings rejectionReplyIntervalNs(final long intervalNs)
    {
        this.rejectionReplyIntervalNs = intervalNs;
        return this;
    }
}
