package io.ringside.codec;

import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.CreateRoomEncoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.ErrorEncoder;
import io.ringside.codec.sbe.GameMessageEncoder;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.RoomJoinedEncoder;
import io.ringside.codec.sbe.RoomMessageEncoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The evolution rules, proven in both directions. Version 2 appended an enum value (ErrorCode GAME_FAULT) and no
 * field; version 3 appended a field to RoomJoined and a new message (RoomSnapshot); version 4 appended two
 * messages (GameMessage, RoomMessage) and two ErrorCode values; version 5 appended the room operations
 * (CreateRoom, MatchRoom, JoinByCode, ListRooms, RoomList) and a field to RoomJoined; version 6 appended
 * a message (WatchRoom); version 7 appended a message (Redirect) and three ErrorCode values; version 8 (today's) appended a GameEventType value (TICK_GAP); so version-1 messages other than RoomJoined are
 * today's layouts, and a header of an older version than a message's own names no message. For fields, the codecs of
 * a test-only version 9 (in
 * src/test/resources/ringside-protocol-next.xml, which appends a field to the block of Input and of Error and a value
 * to ErrorCode) and today's codecs read each other's messages, with acting-version handling, and the validator
 * accepts both.
 */
class CompatibilityTest
{
    private static final int BODY = MessageHeaderEncoder.ENCODED_LENGTH;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);

    @Test
    void todaysDecoderReadsVersionNineInput()
    {
        final io.ringside.codec.sbe.next.InputEncoder v2 = new io.ringside.codec.sbe.next.InputEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.ringside.codec.sbe.next.MessageHeaderEncoder());
        v2.sessionId(7).inputSequence(3).clientTimestampNs(99).lastServerSequence(2).thrust(0.75f).turn(-0.5f)
            .fire(io.ringside.codec.sbe.next.BooleanType.TRUE).aimAngle(1.25f);
        final int length = BODY + v2.encodedLength();
        assertTrue(v2.sbeBlockLength() > InputDecoder.BLOCK_LENGTH, "version 3 has a longer block");

        final MessageValidator validator = MessageValidator.forServer();
        assertEquals(Rejection.NONE, validator.validate(buffer, 0, length));
        assertEquals(9, validator.actingVersion());

        final InputDecoder v1 = new InputDecoder()
            .wrap(buffer, BODY, validator.actingBlockLength(), validator.actingVersion());
        assertEquals(7, v1.sessionId());
        assertEquals(3, v1.inputSequence());
        assertEquals(0.75f, v1.thrust());
        assertEquals(-0.5f, v1.turn());
        assertEquals(BooleanType.TRUE, v1.fire());
        assertEquals(length - BODY, v1.encodedLength(), "the unknown field is skipped by the acting block length");
    }

    @Test
    void versionNineReadsTodaysInputWithTheNewFieldNull()
    {
        final InputEncoder v1 = new InputEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        v1.sessionId(7).inputSequence(3).clientTimestampNs(99).lastServerSequence(2).thrust(0.75f).turn(-0.5f)
            .fire(BooleanType.FALSE);

        final io.ringside.codec.sbe.next.InputDecoder v2 = new io.ringside.codec.sbe.next.InputDecoder()
            .wrap(buffer, BODY, InputDecoder.BLOCK_LENGTH, ProtocolLimits.SCHEMA_VERSION);
        assertEquals(7, v2.sessionId());
        assertEquals(0.75f, v2.thrust());
        assertEquals(io.ringside.codec.sbe.next.BooleanType.FALSE, v2.fire());
        assertTrue(Float.isNaN(v2.aimAngle()), "a field newer than the acting version reads as its null value");
    }

    @Test
    void todaysDecoderFindsVarDataAfterALongerVersionSevenBlock()
    {
        final io.ringside.codec.sbe.next.ErrorEncoder v2 = new io.ringside.codec.sbe.next.ErrorEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.ringside.codec.sbe.next.MessageHeaderEncoder());
        v2.sequence(12).correlationId(34).code(io.ringside.codec.sbe.next.ErrorCode.RATE_LIMITED).retryAfterMs(250)
            .text("slow down");
        final int length = BODY + v2.encodedLength();

        final MessageValidator validator = MessageValidator.forClient();
        assertEquals(Rejection.NONE, validator.validate(buffer, 0, length));

        final ErrorDecoder v1 = new ErrorDecoder()
            .wrap(buffer, BODY, validator.actingBlockLength(), validator.actingVersion());
        assertEquals(12, v1.sequence());
        assertEquals(34, v1.correlationId());
        assertEquals(ErrorCode.RATE_LIMITED, v1.code());
        assertEquals("slow down", v1.text());
    }

    @Test
    void versionNineReadsTodaysError()
    {
        final ErrorEncoder v1 = new ErrorEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        v1.sequence(12).correlationId(34).code(ErrorCode.RATE_LIMITED).text("slow down");

        final io.ringside.codec.sbe.next.ErrorDecoder v2 = new io.ringside.codec.sbe.next.ErrorDecoder()
            .wrap(buffer, BODY, ErrorDecoder.BLOCK_LENGTH, ProtocolLimits.SCHEMA_VERSION);
        assertEquals(12, v2.sequence());
        assertEquals(io.ringside.codec.sbe.next.ErrorDecoder.retryAfterMsNullValue(), v2.retryAfterMs());
        assertEquals("slow down", v2.text());
    }

    @Test
    void aTodaysHeaderWithAVersionNineBlockIsRejected()
    {
        final io.ringside.codec.sbe.next.InputEncoder v2 = new io.ringside.codec.sbe.next.InputEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.ringside.codec.sbe.next.MessageHeaderEncoder());
        v2.sessionId(7).inputSequence(3).clientTimestampNs(99).lastServerSequence(2).thrust(0).turn(0)
            .fire(io.ringside.codec.sbe.next.BooleanType.FALSE).aimAngle(0);
        buffer.putShort(6, (short)ProtocolLimits.SCHEMA_VERSION, java.nio.ByteOrder.LITTLE_ENDIAN);

        assertEquals(Rejection.BLOCK_LENGTH_OUT_OF_RANGE,
            MessageValidator.forServer().validate(buffer, 0, BODY + v2.encodedLength()));
    }

    @Test
    void anEnumValueAddedInANewerVersionIsRefusedNotDecoded()
    {
        // SBE's generated enums throw on a value they do not define, so the validator refuses the message (the
        // client counts an invalid message) rather than hand a decoder that would throw to the listener
        final io.ringside.codec.sbe.next.ErrorEncoder v3 = new io.ringside.codec.sbe.next.ErrorEncoder()
            .wrapAndApplyHeader(buffer, 0, new io.ringside.codec.sbe.next.MessageHeaderEncoder());
        v3.sequence(1).correlationId(2).code(io.ringside.codec.sbe.next.ErrorCode.RETRY_ELSEWHERE).retryAfterMs(0)
            .text("");
        assertEquals(Rejection.ENUM_VALUE_UNDEFINED,
            MessageValidator.forClient().validate(buffer, 0, BODY + v3.encodedLength()));
    }

    @Test
    void versionOneMessagesAreTodaysLayoutsAndTheGameFaultCodeIsVersionTwo()
    {
        final InputEncoder input = new InputEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        input.sessionId(7).inputSequence(3).clientTimestampNs(99).lastServerSequence(2).thrust(0).turn(0)
            .fire(BooleanType.FALSE);
        buffer.putShort(6, (short)1, java.nio.ByteOrder.LITTLE_ENDIAN);
        final MessageValidator validator = MessageValidator.forServer();
        assertEquals(Rejection.NONE, validator.validate(buffer, 0, BODY + input.encodedLength()));
        assertEquals(1, validator.actingVersion());
        assertEquals(8, ProtocolLimits.SCHEMA_VERSION, "version 8 added TICK_GAP");
        assertEquals(9, io.ringside.codec.sbe.GameEventType.TICK_GAP.value());
        assertEquals(20, ErrorCode.GAME_FAULT.value());
    }

    @Test
    void aVersionTwoRoomJoinedReadsWithNoRoomStream()
    {
        // a version-2 engine's RoomJoined: the block ends before roomStreamId, so today's client reads 0 (per-client
        // snapshots) and finds the game type after the shorter block
        final RoomJoinedEncoder joined = new RoomJoinedEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        joined.sequence(3).correlationId(4).roomId(5).entityId(6).maxPlayers(8).playerCount(2).tick(9).roomStreamId(77);
        final int versionTwoBlock = RoomJoinedEncoder.roomStreamIdEncodingOffset();
        final UnsafeBuffer old = new UnsafeBuffer(new byte[256]);
        old.putBytes(0, buffer, 0, BODY + versionTwoBlock);
        old.putShort(0, (short)versionTwoBlock, java.nio.ByteOrder.LITTLE_ENDIAN);
        old.putShort(6, (short)2, java.nio.ByteOrder.LITTLE_ENDIAN);
        final int varAt = BODY + versionTwoBlock;
        old.putShort(varAt, (short)5, java.nio.ByteOrder.LITTLE_ENDIAN);
        old.putStringWithoutLengthUtf8(varAt + 2, "arena");

        final MessageValidator validator = MessageValidator.forClient();
        assertEquals(Rejection.NONE, validator.validate(old, 0, varAt + 7));
        final io.ringside.codec.sbe.RoomJoinedDecoder decoder = new io.ringside.codec.sbe.RoomJoinedDecoder()
            .wrap(old, BODY, validator.actingBlockLength(), validator.actingVersion());
        assertEquals(6, decoder.entityId());
        assertFalse(ProtocolLimits.isRoomStreamId(decoder.roomStreamId()), "no room stream before version 3");
        assertEquals("arena", decoder.gameType());

        old.putShort(0, (short)(versionTwoBlock - 4), java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(Rejection.BLOCK_LENGTH_OUT_OF_RANGE, validator.validate(old, 0, varAt + 3),
            "a block shorter than its version's is refused");
    }

    @Test
    void theGameMessagesOfVersionFourAreUnknownTemplatesInAnOlderHeader()
    {
        final GameMessageEncoder message = new GameMessageEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        message.correlationId(1).sessionId(2).opcode(3).putPayload(new byte[]{ 1, 2, 3 }, 0, 3);
        final int length = BODY + message.encodedLength();
        final MessageValidator validator = MessageValidator.forServer();
        assertEquals(Rejection.NONE, validator.validate(buffer, 0, length));
        assertEquals(MessageType.GAME_MESSAGE, validator.messageType());

        buffer.putShort(6, (short)3, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(Rejection.UNKNOWN_TEMPLATE, validator.validate(buffer, 0, length), "version 3 had no template 9");

        final RoomMessageEncoder reply = new RoomMessageEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        reply.sequence(1).tick(2).roomId(3).opcode(4).putPayload(new byte[0], 0, 0);
        assertEquals(Rejection.NONE, MessageValidator.forClient().validate(buffer, 0, BODY + reply.encodedLength()));
        buffer.putShort(6, (short)3, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(Rejection.UNKNOWN_TEMPLATE,
            MessageValidator.forClient().validate(buffer, 0, BODY + reply.encodedLength()));
        assertEquals(21, ErrorCode.UNKNOWN_OPCODE.value());
        assertEquals(22, ErrorCode.MESSAGE_TOO_LONG.value());
    }

    @Test
    void aVersionFourRoomJoinedReadsWithNoJoinCode()
    {
        final RoomJoinedEncoder joined = new RoomJoinedEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        joined.sequence(3).correlationId(4).roomId(5).entityId(6).maxPlayers(8).playerCount(2).tick(9).roomStreamId(77)
            .joinCode("ABCD2345");
        final int versionFourBlock = RoomJoinedEncoder.joinCodeEncodingOffset();
        final UnsafeBuffer old = new UnsafeBuffer(new byte[256]);
        old.putBytes(0, buffer, 0, BODY + versionFourBlock);
        old.putShort(0, (short)versionFourBlock, java.nio.ByteOrder.LITTLE_ENDIAN);
        old.putShort(6, (short)4, java.nio.ByteOrder.LITTLE_ENDIAN);
        final int varAt = BODY + versionFourBlock;
        old.putShort(varAt, (short)5, java.nio.ByteOrder.LITTLE_ENDIAN);
        old.putStringWithoutLengthUtf8(varAt + 2, "arena");

        final MessageValidator validator = MessageValidator.forClient();
        assertEquals(Rejection.NONE, validator.validate(old, 0, varAt + 7));
        final io.ringside.codec.sbe.RoomJoinedDecoder decoder = new io.ringside.codec.sbe.RoomJoinedDecoder()
            .wrap(old, BODY, validator.actingBlockLength(), validator.actingVersion());
        assertEquals(77, decoder.roomStreamId());
        assertEquals("", decoder.joinCode(), "no join code before version 5");
        assertEquals("arena", decoder.gameType());

        final CreateRoomEncoder create = new CreateRoomEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        create.correlationId(1).sessionId(2).privateRoom(BooleanType.TRUE).gameType("arena").options("mode=duel");
        final int length = BODY + create.encodedLength();
        assertEquals(Rejection.NONE, MessageValidator.forServer().validate(buffer, 0, length));
        buffer.putShort(6, (short)4, java.nio.ByteOrder.LITTLE_ENDIAN);
        assertEquals(Rejection.UNKNOWN_TEMPLATE, MessageValidator.forServer().validate(buffer, 0, length),
            "version 4 had no template 10");
    }
}
