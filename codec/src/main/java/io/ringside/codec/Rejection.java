package io.ringside.codec;

import io.ringside.codec.sbe.ErrorCode;

/**
 * The verdict of {@link MessageValidator}: {@link #NONE} for a valid message, otherwise why the bytes were refused.
 * Each rejection maps to the {@link ErrorCode} a client is told and a fixed text, so answering allocates nothing.
 */
public enum Rejection
{
    NONE(ErrorCode.OK, "valid"),
    TOO_SHORT(ErrorCode.BAD_MESSAGE, "shorter than a message header"),
    WRONG_SCHEMA_ID(ErrorCode.BAD_MESSAGE, "wrong schema id"),
    UNSUPPORTED_VERSION(ErrorCode.UNSUPPORTED_VERSION, "unsupported schema version"),
    UNKNOWN_TEMPLATE(ErrorCode.BAD_MESSAGE, "unknown template id"),
    WRONG_DIRECTION(ErrorCode.BAD_MESSAGE, "message type not accepted in this direction"),
    BLOCK_LENGTH_OUT_OF_RANGE(ErrorCode.BAD_MESSAGE, "block length out of range"),
    GROUP_OUT_OF_RANGE(ErrorCode.BAD_MESSAGE, "repeating group past the end or with a bad block length"),
    GROUP_COUNT_OVER_CAP(ErrorCode.BAD_MESSAGE, "repeating group count over its cap"),
    VAR_FIELD_OVER_CAP(ErrorCode.BAD_MESSAGE, "variable-length field over its cap"),
    VAR_FIELD_PAST_END(ErrorCode.BAD_MESSAGE, "variable-length field past the end"),
    TRAILING_BYTES(ErrorCode.BAD_MESSAGE, "bytes after the end of the message"),
    ENUM_VALUE_UNDEFINED(ErrorCode.INVALID_INPUT, "enum or set value not defined"),
    FLOAT_NOT_FINITE(ErrorCode.INVALID_INPUT, "NaN or infinite float"),
    VALUE_OUT_OF_RANGE(ErrorCode.INVALID_INPUT, "value out of range");

    private final ErrorCode errorCode;
    private final String text;

    Rejection(final ErrorCode errorCode, final String text)
    {
        this.errorCode = errorCode;
        this.text = text;
    }

    /**
     * @return the code to put in the Error sent to the client.
     */
    public ErrorCode errorCode()
    {
        return errorCode;
    }

    /**
     * @return a fixed human-readable reason, safe to send (it is not derived from the input).
     */
    public String text()
    {
        return text;
    }
}
