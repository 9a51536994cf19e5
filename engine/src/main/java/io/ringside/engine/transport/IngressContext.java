package io.ringside.engine.transport;

import io.ringside.engine.EngineConfiguration;
import io.ringside.transport.auth.Authenticator;
import io.ringside.transport.auth.NoneAuthenticator;

/**
 * Who gets in, and how much they may send: the ingress agent's policy (a context, as in {@code EngineConfiguration}'s
 * pattern; {@code EngineMain} fills it from the configured properties).
 */
public final class IngressContext
{
    Authenticator authenticator = new NoneAuthenticator();
    boolean allowNoneAuthOnNonLoopback;
    double inputRatePerSecond = EngineConfiguration.INPUT_RATE_DEFAULT_PER_SECOND;
    double inputBurstMessages = EngineConfiguration.INPUT_BURST_DEFAULT_MESSAGES;
    int maxSessionsPerAddress = EngineConfiguration.MAX_SESSIONS_PER_ADDRESS_DEFAULT;
    int abuseThreshold = 200;
    long rejectionReplyIntervalNs = 100_000_000L;
    int ringReserveSlots = 64;

    public IngressContext authenticator(final Authenticator authenticator)
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
    public IngressContext allowNoneAuthOnNonLoopback(final boolean allow)
    {
        this.allowNoneAuthOnNonLoopback = allow;
        return this;
    }

    /**
     * Token bucket of every session: messages per second refilled and the bucket's size. Default 240/s with a
     * burst of 120, four times a 60 Hz client's input rate, so honest clients never meet it.
     */
    public IngressContext inputRate(final double perSecond, final double burstMessages)
    {
        this.inputRatePerSecond = perSecond;
        this.inputBurstMessages = burstMessages;
        return this;
    }

    public IngressContext maxSessionsPerAddress(final int maxSessionsPerAddress)
    {
        this.maxSessionsPerAddress = maxSessionsPerAddress;
        return this;
    }

    /**
     * Violations (bad messages, rate-limit hits, spoofed ids) after which a session is disconnected.
     */
    public IngressContext abuseThreshold(final int abuseThreshold)
    {
        this.abuseThreshold = abuseThreshold;
        return this;
    }

    /**
     * At most one Error of the same code per this interval answers a run of refused messages of one session (all
     * are counted).
     */
    public IngressContext rejectionReplyIntervalNs(final long intervalNs)
    {
        this.rejectionReplyIntervalNs = intervalNs;
        return this;
    }
}
