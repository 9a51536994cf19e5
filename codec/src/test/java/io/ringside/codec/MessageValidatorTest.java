package io.ringside.codec;

import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.codec.sbe.TurnActionDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test per way a message can be wrong: each gets its own named rejection, and is counted.
 */
class MessageValidatorTest
{
    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int BODY = MessageHeaderDecoder.ENCODED_LENGTH;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128 * 1024]);
    private final SampleMessages samples = new SampleMessages();
    private final MessageValidator server = MessageValidator.forServer();
    private final MessageValidator client = MessageValidator.forClient();

    @Test
    void tooShort()
    {
        assertEquals(Rejection.TOO_SHORT, server.validate(buffer, 0, 0));
        assertEquals(Rejection.TOO_SHORT, server.validate(buffer, 0, MessageHeaderDecoder.ENCODED_LENGTH - 1));
        assertEquals(Rejection.TOO_SHORT, server.validate(buffer, buffer.capacity() - 4, 8), "length past the buffer");
        assertEquals(3, server.count(Rejection.TOO_SHORT));
        assertNull(server.messageType());
    }

    @Test
    void wrongSchemaId()
    {
        final int length = samples.encode(MessageType.PING, buffer, 0, false);
        buffer.putShort(MessageHeaderDecoder.schemaIdEncodingOffset(), (short)7100, LE);
        assertEquals(Rejection.WRONG_SCHEMA_ID, server.validate(buffer, 0, length));
    }

    @Test
    void unsupportedVersion()
    {
        final int length = samples.encode(MessageType.PING, buffer, 0, false);
        buffer.putShort(MessageHeaderDecoder.versionEncodingOffset(), (short)0, LE);
        assertEquals(Rejection.UNSUPPORTED_VERSION, server.validate(buffer, 0, length));
        assertEquals(Rejection.UNSUPPORTED_VERSION.errorCode().name(), "UNSUPPORTED_VERSION");
    }

    @Test
    void unknownTemplateIsCounted()
    {
        final int length = samples.encode(MessageType.PING, buffer, 0, false);
        buffer.putShort(MessageHeaderDecoder.templateIdEncodingOffset(), (short)99, LE);
        assertEquals(Rejection.UNKNOWN_TEMPLATE, server.validate(buffer, 0, length));
        buffer.putShort(MessageHeaderDecoder.templateIdEncodingOffset(), (short)65535, LE);
        assertEquals(Rejection.UNKNOWN_TEMPLATE, server.validate(buffer, 0, length));
        assertEquals(2, server.count(Rejection.UNKNOWN_TEMPLATE));
        assertEquals(65535, server.templateId());
    }

    @Test
    void wrongDirection()
    {
        final int length = samples.encode(MessageType.SNAPSHOT, buffer, 0, false);
        assertEquals(Rejection.WRONG_DIRECTION, server.validate(buffer, 0, length));
        final int pingLength = samples.encode(MessageType.PING, buffer, 0, false);
        assertEquals(Rejection.WRONG_DIRECTION, client.validate(buffer, 0, pingLength));
    }

    @Test
    void blockLengthOutOfRange()
    {
        final int length = samples.encode(MessageType.INPUT, buffer, 0, false);
        buffer.putShort(MessageHeaderDecoder.blockLengthEncodingOffset(), (short)(InputDecoder.BLOCK_LENGTH - 1), LE);
        assertEquals(Rejection.BLOCK_LENGTH_OUT_OF_RANGE, server.validate(buffer, 0, length), "shorter than v1");
        buffer.putShort(MessageHeaderDecoder.blockLengthEncodingOffset(), (short)(InputDecoder.BLOCK_LENGTH + 1), LE);
        assertEquals(Rejection.BLOCK_LENGTH_OUT_OF_RANGE, server.validate(buffer, 0, length + 1), "v1 must be exact");
        buffer.putShort(MessageHeaderDecoder.blockLengthEncodingOffset(), (short)InputDecoder.BLOCK_LENGTH, LE);
        assertEquals(Rejection.BLOCK_LENGTH_OUT_OF_RANGE, server.validate(buffer, 0, length - 1), "truncated block");
    }

    @Test
    void truncatedAndOverlongVarFields()
    {
        final int length = samples.encode(MessageType.CONNECT, buffer, 0, true);
        assertEquals(Rejection.NONE, server.validate(buffer, 0, length));
        assertEquals(Rejection.VAR_FIELD_PAST_END, server.validate(buffer, 0, length - 1));
        assertEquals(Rejection.VAR_FIELD_PAST_END, server.validate(buffer, 0, BODY + ConnectDecoder.BLOCK_LENGTH + 1));
        assertEquals(Rejection.TRAILING_BYTES, server.validate(buffer, 0, length + 1));

        final int nameLengthAt = BODY + ConnectDecoder.BLOCK_LENGTH + 2 + ProtocolLimits.MAX_CHANNEL_LENGTH;
        buffer.putShort(nameLengthAt, (short)(ProtocolLimits.MAX_PLAYER_NAME_LENGTH + 1), LE);
        assertEquals(Rejection.VAR_FIELD_OVER_CAP, server.validate(buffer, 0, length + 1));
        buffer.putShort(nameLengthAt, (short)-1, LE);
        assertEquals(Rejection.VAR_FIELD_OVER_CAP, server.validate(buffer, 0, length));
    }

    @Test
    void aGameMessagePayloadOverTheProtocolCapIsRefusedUnread()
    {
        final int length = samples.encode(MessageType.GAME_MESSAGE, buffer, 0, true);
        assertEquals(Rejection.NONE, server.validate(buffer, 0, length));
        final int payloadLengthAt = BODY + io.ringside.codec.sbe.GameMessageDecoder.BLOCK_LENGTH;
        assertEquals(ProtocolLimits.MAX_GAME_PAYLOAD_LENGTH, buffer.getShort(payloadLengthAt, LE));
        buffer.putShort(payloadLengthAt, (short)(ProtocolLimits.MAX_GAME_PAYLOAD_LENGTH + 1), LE);
        assertEquals(Rejection.VAR_FIELD_OVER_CAP, server.validate(buffer, 0, length + 1));
        assertTrue(ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH >= length, "fits a ring slot's payload");
    }

    @Test
    void groupsOutOfRangeOrOverCap()
    {
        final int length = samples.encode(MessageType.SNAPSHOT, buffer, 0, true);
        assertEquals(Rejection.NONE, client.validate(buffer, 0, length));
        final int groupHeader = BODY + SnapshotDecoder.BLOCK_LENGTH;

        buffer.putShort(groupHeader + 2, (short)(ProtocolLimits.MAX_GROUP_COUNT + 1), LE);
        assertEquals(Rejection.GROUP_COUNT_OVER_CAP, client.validate(buffer, 0, length));
        buffer.putShort(groupHeader + 2, (short)ProtocolLimits.MAX_GROUP_COUNT, LE);

        buffer.putShort(groupHeader, (short)(SnapshotDecoder.EntitiesDecoder.sbeBlockLength() - 1), LE);
        assertEquals(Rejection.GROUP_OUT_OF_RANGE, client.validate(buffer, 0, length), "entry block too short");
        buffer.putShort(groupHeader, (short)SnapshotDecoder.EntitiesDecoder.sbeBlockLength(), LE);

        assertEquals(Rejection.GROUP_OUT_OF_RANGE, client.validate(buffer, 0, length - 5), "entries past the end");
        assertEquals(Rejection.GROUP_OUT_OF_RANGE, client.validate(buffer, 0, groupHeader + 3), "header past the end");
    }

    @Test
    void undefinedEnumValues()
    {
        final int length = samples.encode(MessageType.INPUT, buffer, 0, false);
        buffer.putByte(BODY + InputDecoder.fireEncodingOffset(), (byte)2);
        assertEquals(Rejection.ENUM_VALUE_UNDEFINED, server.validate(buffer, 0, length));
        buffer.putByte(BODY + InputDecoder.fireEncodingOffset(), (byte)255);
        assertEquals(Rejection.ENUM_VALUE_UNDEFINED, server.validate(buffer, 0, length), "null is not a value here");

        final int snapshotLength = samples.encode(MessageType.SNAPSHOT, buffer, 0, true);
        final int firstEntity = BODY + SnapshotDecoder.BLOCK_LENGTH + ProtocolLimits.GROUP_HEADER_LENGTH;
        buffer.putShort(firstEntity + SnapshotDecoder.EntitiesDecoder.changedFieldsEncodingOffset(), (short)0x8000, LE);
        assertEquals(Rejection.ENUM_VALUE_UNDEFINED, client.validate(buffer, 0, snapshotLength), "undefined set bit");
    }

    @Test
    void nonFiniteAndOutOfRangeControls()
    {
        final int length = samples.encode(MessageType.INPUT, buffer, 0, false);
        final int thrust = BODY + InputDecoder.thrustEncodingOffset();

        buffer.putFloat(thrust, Float.NaN, LE);
        assertEquals(Rejection.FLOAT_NOT_FINITE, server.validate(buffer, 0, length));
        buffer.putFloat(thrust, Float.NEGATIVE_INFINITY, LE);
        assertEquals(Rejection.FLOAT_NOT_FINITE, server.validate(buffer, 0, length));
        buffer.putFloat(thrust, 1.0001f, LE);
        assertEquals(Rejection.VALUE_OUT_OF_RANGE, server.validate(buffer, 0, length));
        buffer.putFloat(thrust, -1.0f, LE);
        assertEquals(Rejection.NONE, server.validate(buffer, 0, length));

        buffer.putLong(BODY + InputDecoder.inputSequenceEncodingOffset(), -1, LE);
        assertEquals(Rejection.VALUE_OUT_OF_RANGE, server.validate(buffer, 0, length));
        assertEquals(Rejection.VALUE_OUT_OF_RANGE.errorCode().name(), "INVALID_INPUT");

        final int turnLength = samples.encode(MessageType.TURN_ACTION, buffer, 0, false);
        buffer.putShort(BODY + TurnActionDecoder.cellEncodingOffset(), (short)(ProtocolLimits.MAX_TURN_CELL + 1), LE);
        assertEquals(Rejection.VALUE_OUT_OF_RANGE, server.validate(buffer, 0, turnLength));

        final int snapshotLength = samples.encode(MessageType.SNAPSHOT, buffer, 0, true);
        final int firstEntity = BODY + SnapshotDecoder.BLOCK_LENGTH + ProtocolLimits.GROUP_HEADER_LENGTH;
        buffer.putFloat(firstEntity + SnapshotDecoder.EntitiesDecoder.vyEncodingOffset(), Float.POSITIVE_INFINITY, LE);
        assertEquals(Rejection.FLOAT_NOT_FINITE, client.validate(buffer, 0, snapshotLength));
    }

    @Test
    void validMessagesAtAnyOffsetAreAccepted()
    {
        for (final MessageType type : MessageType.values())
        {
            final MessageValidator validator = new MessageValidator(type.direction());
            final int length = samples.encode(type, buffer, 13, true);
            assertEquals(Rejection.NONE, validator.validate(buffer, 13, length), type.name());
            assertEquals(type, validator.messageType());
            assertEquals(1, validator.count(Rejection.NONE));
            assertEquals(0, validator.rejectedCount());
        }
    }
}
