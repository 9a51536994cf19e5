package io.ringside.engine.support;

import io.ringside.codec.MessageType;
import io.ringside.codec.MessageValidator;
import io.ringside.codec.Rejection;
import io.ringside.engine.egress.EgressTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An egress transport that keeps a copy of every message it takes, per session, after checking it with the
 * validator, and that can be told to push back or to report a session's stream closed. Thread-safe: egress offers
 * on its thread while a test reads on its own.
 */
public final class CapturingTransport implements EgressTransport
{
    private final MessageValidator validator = MessageValidator.forClient();
    private final Map<Long, List<byte[]>> messages = new HashMap<>();
    private final Set<Long> open = new HashSet<>();
    private final Set<Long> everClosed = new HashSet<>();
    private final Set<Long> backPressured = new HashSet<>();
    private long invalid;

    public synchronized void onSessionOpened(
        final long sessionId, final int streamId, final DirectBuffer channel, final int offset, final int length)
    {
        open.add(sessionId);
        messages.computeIfAbsent(sessionId, k -> new ArrayList<>());
    }

    public synchronized long offer(final long sessionId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (!open.contains(sessionId))
        {
            return NOT_CONNECTED;
        }
        if (backPressured.contains(sessionId))
        {
            return BACK_PRESSURED;
        }
        if (Rejection.NONE != validator.validate(buffer, offset, length))
        {
            invalid++;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        messages.get(sessionId).add(copy);
        return length;
    }

    public synchronized void onSessionClosed(final long sessionId)
    {
        open.remove(sessionId);
        everClosed.add(sessionId);
    }

    public synchronized void backPressure(final long sessionId, final boolean on)
    {
        if (on)
        {
            backPressured.add(sessionId);
        }
        else
        {
            backPressured.remove(sessionId);
        }
    }

    public synchronized boolean isOpen(final long sessionId)
    {
        return open.contains(sessionId);
    }

    public synchronized boolean wasClosed(final long sessionId)
    {
        return everClosed.contains(sessionId);
    }

    /**
     * @return a copy of the messages a session received, in order.
     */
    public synchronized List<UnsafeBuffer> messages(final long sessionId)
    {
        final List<UnsafeBuffer> copies = new ArrayList<>();
        for (final byte[] bytes : messages.getOrDefault(sessionId, List.of()))
        {
            copies.add(new UnsafeBuffer(bytes));
        }
        return copies;
    }

    public synchronized int count(final long sessionId, final MessageType type)
    {
        int count = 0;
        for (final byte[] bytes : messages.getOrDefault(sessionId, List.of()))
        {
            if (MessageType.get(new UnsafeBuffer(bytes).getShort(2) & 0xFFFF) == type)
            {
                count++;
            }
        }
        return count;
    }

    public synchronized long invalidMessages()
    {
        return invalid;
    }

    public synchronized void clear(final long sessionId)
    {
        messages.computeIfAbsent(sessionId, k -> new ArrayList<>()).clear();
    }
}
