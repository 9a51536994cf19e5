package io.ringside.journal;

/**
 * The journal could not do what it was asked and says so: nothing here is ever reported as written when it was not.
 */
public final class JournalException extends RuntimeException
{
    public JournalException(final String message)
    {
        super(message);
    }

    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
