package io.ringside.engine.logic;

import io.ringside.codec.sbe.ErrorCode;

/**
 * Fixed human-readable texts for errors raised before the logic thread (constants: answering allocates no strings).
 */
final class ErrorTexts
{
    private ErrorTexts()
    {
    }

    static String text(final ErrorCode code)
    {
        switch (code)
        {
            case BAD_MESSAGE: return "the message did not decode";
            case UNSUPPORTED_VERSION: return "unsupported schema version";
            case INVALID_INPUT: return "a value out of range";
            case SESSION_MISMATCH: return "that session id belongs to another connection";
            case RATE_LIMITED: return "too many messages: slow down";
            case AUTH_FAILED: return "authentication failed";
            default: return "refused";
        }
    }

    static String kickText(final ErrorCode code)
    {
        switch (code)
        {
            case BAD_MESSAGE: return "disconnected: repeated bad messages";
            case RATE_LIMITED: return "disconnected: message flood";
            case SESSION_MISMATCH: return "disconnected: repeated use of other sessions' ids";
            default: return "disconnected";
        }
    }
}
