package io.ringside.cluster;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A clustered service's copy of one message from the log, bounded by the message's own length: decoded from it, a
 * length or count that lies fails the bounds check the same way on every member, rather than reading whatever
 * follows the message in the log. The service's thread only; valid until the next copy.
 */
public final class BoundedCopy
{
    private final byte[] bytes;
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);

    /**
     * @param maxLength the longest message taken.
     */
    public BoundedCopy(final int maxLength)
    {
        bytes = new byte[maxLength];
    }

    /**
     * @return the copy, exactly {@code length} bytes long, or null when the message is shorter than
     * {@code minLength} or longer than the longest taken.
     */
    public UnsafeBuffer copy(final DirectBuffer buffer, final int offset, final int length, final int minLength)
    {
        if (length < minLength || length > bytes.length)
        {
            return null;
        }
        buffer.getBytes(offset, bytes, 0, length);
        view.wrap(bytes, 0, length);
        return view;
    }
}
