package io.ringside.engine.ring;

import com.lmax.disruptor.RingBuffer;
import io.ringside.codec.sbe.CreateRoomDecoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ServerState;
import org.agrona.DirectBuffer;

/**
 * The ring's single producer side: claims a slot with {@code next()}, fills it, publishes it. Never blocks: when the
 * ring has no free slot every method returns false and counts a stall, and the caller (the ingress agent) stops
 * taking input until the stages downstream catch up. Producer thread only.
 */
public final class EventPublisher
{
    private final RingBuffer<EngineEvent> ringBuffer;
    private long claimedSequence;
    private long stalls;
    private long published;

    public EventPublisher(final RingBuffer<EngineEvent> ringBuffer)
    {
        this.ringBuffer = ringBuffer;
    }

    /**
     * @return true when a slot is free now.
     */
    public boolean hasCapacity()
    {
        return ringBuffer.hasAvailableCapacity(1);
    }

    private EngineEvent claim()
    {
        if (!ringBuffer.hasAvailableCapacity(1))
        {
            stalls++;
            return null;
        }
        claimedSequence = ringBuffer.next();
        return ringBuffer.get(claimedSequence).reset();
    }

    private void publish()
    {
        published++;
        ringBuffer.publish(claimedSequence);
    }

    /**
     * Publish a validated client message with what was decided for it before the ring.
     *
     * @param templateId the message's template id.
     * @param sessionId  for Connect and Reconnect a new session id decided by the producer; otherwise the message's.
     * @param playerId   for Connect the authenticated player, otherwise 0.
     * @param tokenHigh  for Connect and Reconnect a new resume token, for CreateRoom the join code's random bits,
     *                   otherwise 0.
     * @param tokenLow   for Connect and Reconnect a new resume token, otherwise 0.
     * @param seed       a seed for anything the message may create (a room).
     * @param reason     an ErrorCode the producer already decided the request fails with, OK otherwise.
     * @param timeNs     the ingress time.
     * @return false when the ring is full.
     */
    public boolean publishClientMessage(
        final int templateId,
        final long sessionId,
        final long playerId,
        final long tokenHigh,
        final long tokenLow,
        final long seed,
        final ErrorCode reason,
        final long timeNs,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        return publishClientMessage(
            templateId, sessionId, playerId, tokenHigh, tokenLow, seed, reason, timeNs, buffer, offset, length, 0);
    }

    /**
     * Publish a client message with the ingress source it came from (a Reconnect: the logic decides whether the
     * session moves to that source).
     *
     * @param sourceId the ingress source the message came from.
     * @return false when the ring is full.
     */
    public boolean publishClientMessage(
        final int templateId,
        final long sessionId,
        final long playerId,
        final long tokenHigh,
        final long tokenLow,
        final long seed,
        final ErrorCode reason,
        final long timeNs,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long sourceId)
    {
        if (length > EngineEvent.PAYLOAD_CAPACITY)
        {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds the slot payload");
        }
        final EngineEvent event = claim();
        if (null == event)
        {
            return false;
        }
        event.type = EventType.CLIENT_MESSAGE;
        event.templateId = templateId;
        event.sessionId = sessionId;
        event.playerId = playerId;
        event.tokenHigh = tokenHigh;
        event.tokenLow = tokenLow;
        event.seed = seed;
        event.reason = reason.value();
        event.timeNs = timeNs;
        event.sourceId = sourceId;
        event.payload.putBytes(0, buffer, offset, length);
        event.payloadLength = length;
        publish();
        return true;
    }

    /**
     * Publish a room to create for the HTTP API ({@link EventType#ROOM_REQUEST}).
     *
     * @param requestId the request, as the event's correlation id.
     * @param playerId  the authenticated caller, 0 without authentication.
     * @param tokenHigh the join code's random bits.
     * @param seed      the room's seed.
     * @return false when the ring is full.
     */
    public boolean publishRoomRequest(
        final long requestId,
        final long playerId,
        final long tokenHigh,
        final long seed,
        final long timeNs,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        if (length > EngineEvent.PAYLOAD_CAPACITY)
        {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds the slot payload");
        }
        final EngineEvent event = claim();
        if (null == event)
        {
            return false;
        }
        event.type = EventType.ROOM_REQUEST;
        event.templateId = CreateRoomDecoder.TEMPLATE_ID;
        event.correlationId = requestId;
        event.playerId = playerId;
        event.tokenHigh = tokenHigh;
        event.seed = seed;
        event.reason = ErrorCode.OK.value();
        event.timeNs = timeNs;
        event.payload.putBytes(0, buffer, offset, length);
        event.payloadLength = length;
        publish();
        return true;
    }

    /**
     * Publish one simulation step.
     */
    public boolean publishTick(final long tick, final long timeNs)
    {
        final EngineEvent event = claim();
        if (null == event)
        {
            return false;
        }
        event.type = EventType.TICK;
        event.tick = tick;
        event.timeNs = timeNs;
        publish();
        return true;
    }

    /**
     * Publish that the transport lost a session.
     */
    public boolean publishSessionLost(final long sessionId, final ErrorCode reason, final long timeNs)
    {
        final EngineEvent event = claim();
        if (null == event)
        {
            return false;
        }
        event.type = EventType.SESSION_LOST;
        event.sessionId = sessionId;
        event.reason = reason.value();
        event.timeNs = timeNs;
        publish();
        return true;
    }

    /**
     * Publish that ingress refused a message of a known session, so that it is told.
     */
    public boolean publishRejection(
        final long sessionId, final ErrorCode code, final long correlationId, final long timeNs)
    {
        final EngineEvent event = claim();
        if (null == event)
        {
            return false;
        }
        event.type = EventType.REJECTION;
        event.sessionId = sessionId;
        event.reason = code.value();
        event.correlationId = correlationId;
        event.timeNs = timeNs;
        publish();
        return true;
    }

    /**
     * Publish that ingress sends a session to another engine (see {@link EventType#REDIRECT}).
     *
     * @param endpoints that engine's Aeron endpoint and WebSocket URL, each ended by a newline, ASCII.
     */
    public boolean publishRedirect(
        final long sessionId,
        final long correlationId,
        final long roomId,
        final int engineId,
        final long ticketExpiresEpochMs,
        final CharSequence endpoints,
        final long timeNs)
    {
        if (endpoints.length() > EngineEvent.PAYLOAD_CAPACITY)
        {
            throw new IllegalArgumentException("endpoints of " + endpoints.length() + " bytes exceed the slot payload");
        }
        final EngineEvent event = claim();
        if (null == event)
        {
            return false;
        }
        event.type = EventType.REDIRECT;
        event.sessionId = sessionId;
        event.correlationId = correlationId;
        event.seed = roomId;
        event.reason = engineId;
        event.tokenHigh = ticketExpiresEpochMs;
        event.timeNs = timeNs;
        final int length = endpoints.length();
        for (int i = 0; i < length; i++)
        {
            event.payload.putByte(i, (byte)endpoints.charAt(i));
        }
        event.payloadLength = length;
        publish();
        return true;
    }

    /**
     * Publish a message from the HA cluster (see {@link EventType#HA_MESSAGE}), cut into as many slots as it takes,
     * in a row.
     *
     * @return false, with nothing published, when the ring has not that many slots free.
     */
    public boolean publishHaMessage(final DirectBuffer message, final int offset, final int length, final long timeNs)
    {
        final int parts = Math.max(1, (length + EngineEvent.PAYLOAD_CAPACITY - 1) / EngineEvent.PAYLOAD_CAPACITY);
        if (!ringBuffer.hasAvailableCapacity(parts))
        {
            stalls++;
            return false;
        }
        for (int part = 0; part < parts; part++)
        {
            claimedSequence = ringBuffer.next();
            final EngineEvent event = ringBuffer.get(claimedSequence).reset();
            final int from = part * EngineEvent.PAYLOAD_CAPACITY;
            final int partLength = Math.min(EngineEvent.PAYLOAD_CAPACITY, length - from);
            event.type = EventType.HA_MESSAGE;
            event.reason = part;
            event.seed = parts;
            event.timeNs = timeNs;
            event.payload.putBytes(0, message, offset + from, partLength);
            event.payloadLength = partLength;
            publish();
        }
        return true;
    }

    /**
     * Publish that ingress disconnects a session for abuse.
     */
    public boolean publishSessionKick(final long sessionId, final ErrorCode reason, final long timeNs)
    {
        final EngineEvent event = claim();
        if (null == event)
        {
            return false;
        }
        event.type = EventType.SESSION_KICK;
        event.sessionId = sessionId;
        event.reason = reason.value();
        event.timeNs = timeNs;
        publish();
        return true;
    }

    /**
     * @return free slots in the ring now.
     */
    public long remainingCapacity()
    {
        return ringBuffer.remainingCapacity();
    }

    /**
     * Publish a change of the engine's state.
     */
    public boolean publishServerState(final ServerState state, final long timeNs)
    {
        final EngineEvent event = claim();
        if (null == event)
        {
            return false;
        }
        event.type = EventType.SERVER_STATE;
        event.reason = state.value();
        event.timeNs = timeNs;
        publish();
        return true;
    }

    /**
     * Copy a journaled event back into the ring, exactly as it was (for recovery by replay).
     */
    public boolean republish(final EngineEvent source)
    {
        final EngineEvent event = claim();
        if (null == event)
        {
            return false;
        }
        event.type = source.type;
        event.templateId = source.templateId;
        event.sessionId = source.sessionId;
        event.playerId = source.playerId;
        event.tokenHigh = source.tokenHigh;
        event.tokenLow = source.tokenLow;
        event.seed = source.seed;
        event.tick = source.tick;
        event.timeNs = source.timeNs;
        event.reason = source.reason;
        event.correlationId = source.correlationId;
        event.payload.putBytes(0, source.payload, 0, source.payloadLength);
        event.payloadLength = source.payloadLength;
        publish();
        return true;
    }

    /**
     * @return how often a publish found the ring full.
     */
    public long stalls()
    {
        return stalls;
    }

    public long published()
    {
        return published;
    }

    /**
     * @return the sequence of the last published event.
     */
    public long cursor()
    {
        return ringBuffer.getCursor();
    }
}
