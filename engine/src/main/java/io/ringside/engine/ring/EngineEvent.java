package io.ringside.engine.ring;

import io.ringside.codec.ProtocolLimits;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The ring slot: one pre-allocated, mutable event of primitive fields and a payload buffer, reset on reuse.
 * <p>
 * Written by the single producer (the ingress side), which decides everything that must not be decided on the logic
 * thread: session ids, resume tokens, seeds, the authenticated player and the time. Read by the logic handler, which
 * writes where its output for this event lies in the {@link io.ringside.engine.output.OutputLog}; read after it by
 * egress and the journal.
 */
public final class EngineEvent
{
    /**
     * Payload capacity: the longest client message, rounded up.
     */
    public static final int PAYLOAD_CAPACITY = 1024;

    static
    {
        if (ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH > PAYLOAD_CAPACITY)
        {
            throw new IllegalStateException("payload capacity below the longest client message");
        }
    }

    // ---- written by the producer ----
    public int type;
    public int templateId;
    public long sessionId;
    public long playerId;
    public long tokenHigh;
    public long tokenLow;
    public long seed;
    public long tick;
    public long timeNs;
    public int reason;
    public long correlationId;
    /**
     * The ingress source (Aeron image) a client message came from, so that a session the logic resumes can be bound
     * to it downstream. Means nothing after a restart, so the journal does not keep it.
     */
    public long sourceId;
    public int payloadLength;
    public final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD_CAPACITY]);

    // ---- written by the logic handler ----
    public long outputStart;
    public long outputEnd;
    /**
     * The logic handler wrote an engine snapshot after this event (see SnapshotExchange).
     */
    public boolean snapshot;

    /**
     * Clear every field before the producer fills the slot again.
     */
    public EngineEvent reset()
    {
        type = EventType.NONE;
        templateId = 0;
        sessionId = 0;
        playerId = 0;
        tokenHigh = 0;
        tokenLow = 0;
        seed = 0;
        tick = 0;
        timeNs = 0;
        reason = 0;
        correlationId = 0;
        sourceId = 0;
        payloadLength = 0;
        outputStart = 0;
        outputEnd = 0;
        snapshot = false;
        return this;
    }

    public String toString()
    {
        return "EngineEvent{type=" + EventType.name(type) + ", templateId=" + templateId + ", sessionId=" + sessionId +
            ", playerId=" + playerId + ", seed=" + seed + ", tick=" + tick + ", timeNs=" + timeNs + ", reason=" + reason +
            ", payloadLength=" + payloadLength + ", output=[" + outputStart + ", " + outputEnd + ")}";
    }
}
