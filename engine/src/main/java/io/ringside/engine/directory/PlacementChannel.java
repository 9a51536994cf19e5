package io.ringside.engine.directory;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;

import java.nio.ByteBuffer;

/**
 * CreateRooms waiting for the directory to say where their room goes: ingress hands each one (its session, and the
 * message itself) to the directory agent, and the agent hands it back with the engine chosen, or 0 for this one.
 * Two one-to-one ring buffers, one each way; the message travels both ways so that neither side keeps a table of
 * the other's work. Ingress writes {@link #requests} and reads {@link #answers}; the agent the other way round.
 */
public final class PlacementChannel
{
    /**
     * Record layout, both ways: session id, then (answers only) the chosen engine, then the CreateRoom's bytes.
     */
    static final int SESSION_ID_OFFSET = 0;
    static final int ENGINE_ID_OFFSET = 8;
    static final int REQUEST_MESSAGE_OFFSET = 8;
    static final int ANSWER_MESSAGE_OFFSET = 12;
    private static final int MSG_TYPE_ID = 1;
    private static final int CAPACITY_BYTES = 256 * 1024;

    private final OneToOneRingBuffer requests = ring();
    private final OneToOneRingBuffer answers = ring();
    private final MessageHandler answerReader = this::onAnswer;
    private AnswerHandler answerHandler;

    private static OneToOneRingBuffer ring()
    {
        return new OneToOneRingBuffer(new UnsafeBuffer(
            ByteBuffer.allocateDirect(CAPACITY_BYTES + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    /**
     * Ingress: ask where this CreateRoom's room goes.
     *
     * @return false when too many wait (the caller makes the room here).
     */
    public boolean request(final long sessionId, final DirectBuffer message, final int offset, final int length)
    {
        final int index = requests.tryClaim(MSG_TYPE_ID, REQUEST_MESSAGE_OFFSET + length);
        if (index < 0)
        {
            return false;
        }
        final var buffer = requests.buffer();
        buffer.putLong(index + SESSION_ID_OFFSET, sessionId);
        buffer.putBytes(index + REQUEST_MESSAGE_OFFSET, message, offset, length);
        requests.commit(index);
        return true;
    }

    /**
     * Agent: read waiting requests; the handler's buffer holds the session id, then the message.
     */
    int readRequests(final MessageHandler handler, final int limit)
    {
        return requests.read(handler, limit);
    }

    /**
     * Agent: where a request's room goes (0: here).
     *
     * @return false when ingress has not drained earlier answers (the agent tries again).
     */
    boolean answer(final long sessionId, final int engineId, final DirectBuffer message, final int offset,
        final int length)
    {
        final int index = answers.tryClaim(MSG_TYPE_ID, ANSWER_MESSAGE_OFFSET + length);
        if (index < 0)
        {
            return false;
        }
        final var buffer = answers.buffer();
        buffer.putLong(index + SESSION_ID_OFFSET, sessionId);
        buffer.putInt(index + ENGINE_ID_OFFSET, engineId);
        buffer.putBytes(index + ANSWER_MESSAGE_OFFSET, message, offset, length);
        answers.commit(index);
        return true;
    }

    /**
     * Ingress: where the answers go; set once, before any is read.
     */
    public void answerHandler(final AnswerHandler handler)
    {
        this.answerHandler = handler;
    }

    /**
     * Ingress: hand waiting answers to the {@link #answerHandler}.
     */
    public int readAnswers(final int limit)
    {
        return answers.read(answerReader, limit);
    }

    private void onAnswer(final int msgTypeId, final org.agrona.MutableDirectBuffer buffer, final int index,
        final int length)
    {
        answerHandler.onPlaced(buffer.getLong(index + SESSION_ID_OFFSET), buffer.getInt(index + ENGINE_ID_OFFSET),
            buffer, index + ANSWER_MESSAGE_OFFSET, length - ANSWER_MESSAGE_OFFSET);
    }

    /**
     * A placement decided.
     */
    @FunctionalInterface
    public interface AnswerHandler
    {
        /**
         * @param engineId the engine the room goes to, 0 for this one.
         */
        void onPlaced(long sessionId, int engineId, DirectBuffer message, int offset, int length);
    }
}
