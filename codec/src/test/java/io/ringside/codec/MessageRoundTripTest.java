package io.ringside.codec;

import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.ConnectEncoder;
import io.ringside.codec.sbe.CreateRoomDecoder;
import io.ringside.codec.sbe.DisconnectDecoder;
import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.ErrorEncoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.sbe.GameMessageDecoder;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.JoinByCodeDecoder;
import io.ringside.codec.sbe.JoinRoomDecoder;
import io.ringside.codec.sbe.LeaveRoomDecoder;
import io.ringside.codec.sbe.ListRoomsDecoder;
import io.ringside.codec.sbe.MatchRoomDecoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PingDecoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.ReconnectDecoder;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.RoomLeftDecoder;
import io.ringside.codec.sbe.RoomListDecoder;
import io.ringside.codec.sbe.RoomMessageDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.RoomStateDecoder;
import io.ringside.codec.sbe.RoomStateSchemaDecoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.ServerStatusDecoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.codec.sbe.SnapshotEncoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.codec.sbe.StateValuesDataDecoder;
import io.ringside.codec.sbe.StateViewDecoder;
import io.ringside.codec.sbe.TurnActionDecoder;
import io.ringside.codec.sbe.WatchRoomDecoder;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ringside.codec.SampleMessages.CORRELATION_ID;
import static io.ringside.codec.SampleMessages.SESSION_ID;
import static io.ringside.codec.SampleMessages.TOKEN_HIGH;
import static io.ringside.codec.SampleMessages.TOKEN_LOW;
import static io.ringside.codec.SampleMessages.bytes;
import static io.ringside.codec.SampleMessages.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every message encodes and decodes back to what was put in, with var fields empty and at their caps and groups
 * empty and full, and every encoding passes the validator in its direction. Precedence checks are on (surefire).
 */
class MessageRoundTripTest
{
    private static final int OFFSET = 16;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[128 * 1024]);
    private final SampleMessages samples = new SampleMessages();

    @BeforeAll
    static void precedenceChecksAreOn()
    {
        assertTrue(Boolean.getBoolean("sbe.enable.precedence.checks"), "tests must run with precedence checks");
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void roundTripEmpty(final MessageType type)
    {
        roundTrip(type, false);
    }

    @ParameterizedTest
    @EnumSource(MessageType.class)
    void roundTripAtCaps(final MessageType type)
    {
        roundTrip(type, true);
    }

    private void roundTrip(final MessageType type, final boolean full)
    {
        final int length = samples.encode(type, buffer, OFFSET, full);
        final MessageValidator validator = new MessageValidator(type.direction());

        assertEquals(Rejection.NONE, validator.validate(buffer, OFFSET, length));
        assertEquals(type, validator.messageType());
        assertEquals(length, validator.messageLength());
        if (full)
        {
            assertEquals(type.maxEncodedLength(), length, "at caps the encoding is the longest one");
        }

        final int body = OFFSET + MessageHeaderEncoder.ENCODED_LENGTH;
        final int blockLength = validator.actingBlockLength();
        final int version = validator.actingVersion();
        final int decodedLength;

        switch (type)
        {
            case CONNECT:
            {
                final ConnectDecoder d = new ConnectDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(ProtocolLimits.SCHEMA_VERSION, d.protocolVersion());
                assertEquals(1001, d.responseStreamId());
                assertEquals(full ? text(ProtocolLimits.MAX_CHANNEL_LENGTH, 'c') : "aeron:udp?endpoint=localhost:50001",
                    d.responseChannel());
                assertEquals(full ? text(ProtocolLimits.MAX_PLAYER_NAME_LENGTH, 'n') : "", d.playerName());
                final byte[] credentials = new byte[d.credentialsLength()];
                d.getCredentials(credentials, 0, credentials.length);
                assertArrayEquals(bytes(full ? ProtocolLimits.MAX_CREDENTIALS_LENGTH : 0), credentials);
                decodedLength = d.encodedLength();
                break;
            }
            case RECONNECT:
            {
                final ReconnectDecoder d = new ReconnectDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(TOKEN_HIGH, d.resumeToken().high());
                assertEquals(TOKEN_LOW, d.resumeToken().low());
                assertEquals(77, d.lastSequenceSeen());
                assertEquals(ProtocolLimits.SCHEMA_VERSION, d.protocolVersion());
                assertEquals(1002, d.responseStreamId());
                assertEquals(full ? text(ProtocolLimits.MAX_CHANNEL_LENGTH, 'r') : "", d.responseChannel());
                decodedLength = d.encodedLength();
                break;
            }
            case JOIN_ROOM:
            {
                final JoinRoomDecoder d = new JoinRoomDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(0, d.roomId());
                assertEquals(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'g') : "arena", d.gameType());
                decodedLength = d.encodedLength();
                break;
            }
            case CREATE_ROOM:
            {
                final CreateRoomDecoder d = new CreateRoomDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(full ? BooleanType.TRUE : BooleanType.FALSE, d.privateRoom());
                assertEquals(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'g') : "arena", d.gameType());
                assertEquals(full ? text(ProtocolLimits.MAX_ROOM_TEXT_LENGTH, 'o') : "", d.options());
                decodedLength = d.encodedLength();
                break;
            }
            case MATCH_ROOM:
            {
                final MatchRoomDecoder d = new MatchRoomDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'g') : "arena", d.gameType());
                assertEquals(full ? text(ProtocolLimits.MAX_ROOM_TEXT_LENGTH, 'f') : "mode=duel", d.filter());
                assertEquals(full ? text(ProtocolLimits.MAX_ROOM_TEXT_LENGTH, 'o') : "", d.options());
                decodedLength = d.encodedLength();
                break;
            }
            case JOIN_BY_CODE:
            {
                final JoinByCodeDecoder d = new JoinByCodeDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals("ABCD2345", d.joinCode());
                decodedLength = d.encodedLength();
                break;
            }
            case WATCH_ROOM:
            {
                final WatchRoomDecoder d = new WatchRoomDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(77, d.roomId());
                decodedLength = d.encodedLength();
                break;
            }
            case LIST_ROOMS:
            {
                final ListRoomsDecoder d = new ListRoomsDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(full ? 1000 : 0, d.firstRoom());
                assertEquals(full ? ProtocolLimits.MAX_ROOM_LIST_PAGE : 1, d.pageSize());
                assertEquals(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'g') : "arena", d.gameType());
                assertEquals(full ? text(ProtocolLimits.MAX_ROOM_TEXT_LENGTH, 'f') : "", d.filter());
                decodedLength = d.encodedLength();
                break;
            }
            case STATE_VIEW:
            {
                final StateViewDecoder d = new StateViewDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(10, d.sequence());
                assertEquals(602, d.tick());
                assertEquals(9, d.lastInputSequence());
                assertEquals(full ? SnapshotType.FULL : SnapshotType.DELTA, d.snapshotType());
                assertEquals(full ? 0 : 9, d.baselineSequence());
                int i = 0;
                for (final StateViewDecoder.RemovedEntitiesDecoder removed : d.removedEntities())
                {
                    assertEquals(1000 + i++, removed.entityId());
                }
                assertEquals(full ? ProtocolLimits.MAX_GROUP_COUNT : 1, i);
                final byte[] values = new byte[d.entitiesLength()];
                d.getEntities(values, 0, values.length);
                assertArrayEquals(SampleMessages.bytes(full ? io.ringside.codec.sbe.ViewValuesDataDecoder.lengthMaxValue() : 0), values);
                decodedLength = d.encodedLength();
                break;
            }
            case ROOM_LIST:
            {
                final RoomListDecoder d = new RoomListDecoder().wrap(buffer, body, blockLength, version);
                final int rooms = full ? ProtocolLimits.MAX_ROOM_LIST_PAGE : 0;
                assertEquals(9, d.sequence());
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(rooms + 3, d.matchingCount());
                assertEquals(3, d.firstRoom());
                int i = 0;
                for (final RoomListDecoder.RoomsDecoder room : d.rooms())
                {
                    assertEquals(++i, room.roomId());
                    assertEquals(64, room.maxPlayers());
                }
                assertEquals(rooms, i);
                assertEquals((ProtocolLimits.MAX_ROOM_TEXT_LENGTH + 1) * rooms, d.metadata().length());
                decodedLength = d.encodedLength();
                break;
            }
            case REDIRECT:
            {
                final io.ringside.codec.sbe.RedirectDecoder d =
                    new io.ringside.codec.sbe.RedirectDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(4, d.sequence());
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(5L << 32 | 7, d.roomId());
                assertEquals(5, d.engineId());
                assertEquals(1_800_000_000_000L, d.ticketExpiresEpochMs());
                assertEquals(full ? ProtocolLimits.MAX_ROOM_TEXT_LENGTH : 0, d.aeronEndpoint().length());
                assertEquals(full ? ProtocolLimits.MAX_ROOM_TEXT_LENGTH : 0, d.webSocketUrl().length());
                final byte[] ticket = new byte[d.ticketLength()];
                d.getTicket(ticket, 0, ticket.length);
                assertArrayEquals(SampleMessages.bytes(
                    full ? io.ringside.codec.sbe.CredentialsDataDecoder.lengthMaxValue() : 0), ticket);
                decodedLength = d.encodedLength();
                break;
            }
            case LEAVE_ROOM:
            {
                final LeaveRoomDecoder d = new LeaveRoomDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                decodedLength = d.encodedLength();
                break;
            }
            case INPUT:
            {
                final InputDecoder d = new InputDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(9, d.inputSequence());
                assertEquals(123_456_789L, d.clientTimestampNs());
                assertEquals(8, d.lastServerSequence());
                assertEquals(full ? 1.0f : 0.5f, d.thrust());
                assertEquals(full ? -1.0f : -0.25f, d.turn());
                assertEquals(full ? BooleanType.TRUE : BooleanType.FALSE, d.fire());
                decodedLength = d.encodedLength();
                break;
            }
            case TURN_ACTION:
            {
                final TurnActionDecoder d = new TurnActionDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(full ? ProtocolLimits.MAX_TURN_CELL : 4, d.cell());
                decodedLength = d.encodedLength();
                break;
            }
            case PING:
            {
                final PingDecoder d = new PingDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(5, d.pingId());
                assertEquals(987_654_321L, d.clientTimestampNs());
                decodedLength = d.encodedLength();
                break;
            }
            case DISCONNECT:
            {
                final DisconnectDecoder d = new DisconnectDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(SESSION_ID, d.sessionId());
                decodedLength = d.encodedLength();
                break;
            }
            case GAME_MESSAGE:
            {
                final GameMessageDecoder d = new GameMessageDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(full ? 0xFFFF : 3, d.opcode());
                final byte[] payload = new byte[d.payloadLength()];
                d.getPayload(payload, 0, payload.length);
                assertArrayEquals(SampleMessages.bytes(full ? ProtocolLimits.MAX_GAME_PAYLOAD_LENGTH : 0), payload);
                decodedLength = d.encodedLength();
                break;
            }
            case ROOM_MESSAGE:
            {
                final RoomMessageDecoder d = new RoomMessageDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(7, d.sequence());
                assertEquals(11, d.tick());
                assertEquals(13, d.roomId());
                assertEquals(full ? 0xFFFF : 3, d.opcode());
                final byte[] payload = new byte[d.payloadLength()];
                d.getPayload(payload, 0, payload.length);
                assertArrayEquals(SampleMessages.bytes(full ? ProtocolLimits.MAX_GAME_PAYLOAD_LENGTH : 0), payload);
                decodedLength = d.encodedLength();
                break;
            }
            case ROOM_STATE_SCHEMA:
            {
                final RoomStateSchemaDecoder d = new RoomStateSchemaDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(8, d.sequence());
                assertEquals(13, d.roomId());
                final byte[] schema = new byte[d.schemaLength()];
                d.getSchema(schema, 0, schema.length);
                assertArrayEquals(SampleMessages.bytes(full ? io.ringside.codec.sbe.StateSchemaDataDecoder.lengthMaxValue() : 0), schema);
                decodedLength = d.encodedLength();
                break;
            }
            case ROOM_STATE:
            {
                final RoomStateDecoder d = new RoomStateDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(21, d.roomSequence());
                assertEquals(22, d.tick());
                assertEquals(13, d.roomId());
                assertEquals(full ? SnapshotType.FULL : SnapshotType.DELTA, d.snapshotType());
                int members = 0;
                for (final RoomStateDecoder.MembersDecoder m : d.members())
                {
                    assertEquals(++members, m.entityId());
                    assertEquals(1000 + members - 1, m.lastInputClientTimestampNs());
                }
                assertEquals(full ? 1024 : 1, members);
                int removed = 0;
                for (final RoomStateDecoder.RemovedEntitiesDecoder r : d.removedEntities())
                {
                    assertEquals(5000 + removed++, r.entityId());
                }
                assertEquals(full ? 1024 : 1, removed);
                final byte[] values = new byte[d.entitiesLength()];
                d.getEntities(values, 0, values.length);
                assertArrayEquals(SampleMessages.bytes(full ? StateValuesDataDecoder.lengthMaxValue() : 0), values);
                decodedLength = d.encodedLength();
                break;
            }
            case SESSION_RESULT:
            {
                final SessionResultDecoder d = new SessionResultDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(1, d.sequence());
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(ErrorCode.OK, d.result());
                assertEquals(SESSION_ID, d.sessionId());
                assertEquals(TOKEN_HIGH, d.resumeToken().high());
                assertEquals(TOKEN_LOW, d.resumeToken().low());
                assertEquals(1234, d.playerId());
                assertEquals(55, d.serverTimeNs());
                assertEquals(16_666_667L, d.tickIntervalNs());
                assertEquals(600, d.tick());
                decodedLength = d.encodedLength();
                break;
            }
            case ROOM_JOINED:
            {
                final RoomJoinedDecoder d = new RoomJoinedDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(2, d.sequence());
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(3, d.roomId());
                assertEquals(17, d.entityId());
                assertEquals(64, d.maxPlayers());
                assertEquals(5, d.playerCount());
                assertEquals(601, d.tick());
                assertEquals(ProtocolLimits.roomStreamId(3), d.roomStreamId());
                assertEquals(full ? "ABCD2345" : "", d.joinCode());
                assertEquals(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'a') : "arena", d.gameType());
                decodedLength = d.encodedLength();
                break;
            }
            case ROOM_LEFT:
            {
                final RoomLeftDecoder d = new RoomLeftDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(3, d.sequence());
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(3, d.roomId());
                assertEquals(700, d.tick());
                decodedLength = d.encodedLength();
                break;
            }
            case SNAPSHOT:
                decodedLength = assertSnapshot(body, blockLength, version, full);
                break;
            case GAME_EVENT:
            {
                final GameEventDecoder d = new GameEventDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(5, d.sequence());
                assertEquals(603, d.tick());
                assertEquals(3, d.roomId());
                assertEquals(GameEventType.HIT, d.eventType());
                assertEquals(17, d.subjectId());
                assertEquals(18, d.objectId());
                assertEquals(25, d.value());
                assertEquals(10.5f, d.x());
                assertEquals(-20.25f, d.y());
                decodedLength = d.encodedLength();
                break;
            }
            case PONG:
            {
                final PongDecoder d = new PongDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(6, d.sequence());
                assertEquals(5, d.pingId());
                assertEquals(987_654_321L, d.clientTimestampNs());
                assertEquals(1000, d.serverReceiveTimeNs());
                assertEquals(2000, d.serverSendTimeNs());
                decodedLength = d.encodedLength();
                break;
            }
            case ERROR:
            {
                final ErrorDecoder d = new ErrorDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(7, d.sequence());
                assertEquals(CORRELATION_ID, d.correlationId());
                assertEquals(ErrorCode.ROOM_FULL, d.code());
                assertEquals(full ? text(ProtocolLimits.MAX_TEXT_LENGTH, 'e') : "", d.text());
                decodedLength = d.encodedLength();
                break;
            }
            case SERVER_STATUS:
            {
                final ServerStatusDecoder d = new ServerStatusDecoder().wrap(buffer, body, blockLength, version);
                assertEquals(8, d.sequence());
                assertEquals(ServerState.SHUTTING_DOWN, d.state());
                assertEquals(77, d.serverTimeNs());
                assertEquals(full ? text(ProtocolLimits.MAX_TEXT_LENGTH, 'd') : "bye", d.detail());
                decodedLength = d.encodedLength();
                break;
            }
            case ROOM_SNAPSHOT:
                decodedLength = assertRoomSnapshot(body, blockLength, version, full);
                break;
            default:
                throw new IllegalArgumentException(type.name());
        }

        assertEquals(length, MessageHeaderEncoder.ENCODED_LENGTH + decodedLength, "decoder consumed every byte");
    }

    private int assertSnapshot(final int body, final int blockLength, final int version, final boolean full)
    {
        final SnapshotDecoder d = new SnapshotDecoder().wrap(buffer, body, blockLength, version);
        assertEquals(4, d.sequence());
        assertEquals(602, d.tick());
        assertEquals(66, d.serverTimeNs());
        assertEquals(3, d.roomId());
        assertEquals(9, d.lastInputSequence());
        assertEquals(123_456_789L, d.lastInputClientTimestampNs());
        assertEquals(full ? SnapshotType.FULL : SnapshotType.DELTA, d.snapshotType());
        assertEquals(full ? 0 : 3, d.baselineSequence());
        assertEquals(2, d.skippedCount());

        final int expected = full ? ProtocolLimits.MAX_GROUP_COUNT : 0;
        final SnapshotDecoder.EntitiesDecoder entities = d.entities();
        assertEquals(expected, entities.count());
        int i = 0;
        for (final SnapshotDecoder.EntitiesDecoder entity : entities)
        {
            assertEquals(i + 1, entity.entityId());
            assertEquals(0 == (i & 1) ? EntityKind.SHIP : EntityKind.PROJECTILE, entity.kind());
            assertTrue(entity.changedFields().position());
            assertTrue(entity.changedFields().owner());
            assertEquals(i * 1.5f, entity.x());
            assertEquals(-i * 0.5f, entity.y());
            assertEquals(0.25f * i, entity.rotation());
            assertEquals(3.0f, entity.vx());
            assertEquals(-4.0f, entity.vy());
            assertEquals(100 - (i % 100), entity.health());
            assertEquals(i * 10, entity.score());
            assertEquals(1, entity.state());
            assertEquals(0 == (i & 1) ? 0 : i, entity.ownerId());
            i++;
        }
        assertEquals(expected, i);

        final SnapshotDecoder.RemovedEntitiesDecoder removed = d.removedEntities();
        assertEquals(expected, removed.count());
        i = 0;
        for (final SnapshotDecoder.RemovedEntitiesDecoder entry : removed)
        {
            assertEquals(1000 + i++, entry.entityId());
        }
        assertEquals(expected, i);

        return d.encodedLength();
    }

    private int assertRoomSnapshot(final int body, final int blockLength, final int version, final boolean full)
    {
        final RoomSnapshotDecoder d = new RoomSnapshotDecoder().wrap(buffer, body, blockLength, version);
        assertEquals(9, d.roomSequence());
        assertEquals(604, d.tick());
        assertEquals(88, d.serverTimeNs());
        assertEquals(3, d.roomId());
        assertEquals(full ? SnapshotType.FULL : SnapshotType.DELTA, d.snapshotType());
        assertEquals(full ? 0 : 8, d.baselineSequence());
        assertEquals(1, d.skippedCount());

        final int expected = full ? 1024 : 0;
        int i = 0;
        for (final RoomSnapshotDecoder.MembersDecoder member : d.members())
        {
            assertEquals(i + 1, member.entityId());
            assertEquals(i * 3L, member.lastInputSequence());
            assertEquals(i * 1000L, member.lastInputClientTimestampNs());
            i++;
        }
        assertEquals(expected, i);
        i = 0;
        for (final RoomSnapshotDecoder.EntitiesDecoder entity : d.entities())
        {
            assertEquals(i + 1, entity.entityId());
            assertTrue(entity.changedFields().position());
            assertFalse(entity.changedFields().health());
            assertEquals(i * 2.5f, entity.x());
            assertEquals(i, entity.score());
            i++;
        }
        assertEquals(expected, i);
        i = 0;
        for (final RoomSnapshotDecoder.RemovedEntitiesDecoder entry : d.removedEntities())
        {
            assertEquals(5000 + i++, entry.entityId());
        }
        assertEquals(expected, i);
        return d.encodedLength();
    }

    @Test
    void encodersRefuseVarFieldsOverTheirCaps()
    {
        final ConnectEncoder connect = new ConnectEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        connect.correlationId(1).protocolVersion(1).responseStreamId(1);
        assertThrows(IllegalStateException.class,
            () -> connect.responseChannel(text(ProtocolLimits.MAX_CHANNEL_LENGTH + 1, 'c')));

        final ErrorEncoder error = new ErrorEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        error.sequence(1).correlationId(1).code(ErrorCode.BAD_MESSAGE);
        assertThrows(IllegalStateException.class, () -> error.text(text(ProtocolLimits.MAX_TEXT_LENGTH + 1, 't')));
    }

    @Test
    void encodersRefuseGroupsOverTheirCaps()
    {
        final SnapshotEncoder snapshot = new SnapshotEncoder().wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder());
        snapshot.sequence(1).tick(1).serverTimeNs(1).roomId(1).lastInputSequence(0).lastInputClientTimestampNs(0)
            .snapshotType(SnapshotType.FULL).baselineSequence(0).skippedCount(0);
        assertThrows(IllegalArgumentException.class, () -> snapshot.entitiesCount(ProtocolLimits.MAX_GROUP_COUNT + 1));
    }

    @Test
    void limitsFollowTheSchema()
    {
        assertEquals(7101, ProtocolLimits.SCHEMA_ID);
        assertEquals(32, ProtocolLimits.MAX_PLAYER_NAME_LENGTH);
        assertEquals(256, ProtocolLimits.MAX_CHANNEL_LENGTH);
        assertEquals(512, ProtocolLimits.MAX_CREDENTIALS_LENGTH);
        assertEquals(256, ProtocolLimits.MAX_GROUP_COUNT);
        assertEquals(1023, ProtocolLimits.MAX_TURN_CELL);
        assertEquals(MessageType.CONNECT.maxEncodedLength(), ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH);
        assertEquals(Math.max(MessageType.SNAPSHOT.maxEncodedLength(), MessageType.STATE_VIEW.maxEncodedLength()),
            ProtocolLimits.MAX_SERVER_MESSAGE_LENGTH);
        assertFalse(ProtocolLimits.MAX_SERVER_MESSAGE_LENGTH > 16 * 1024, "a full snapshot or state view fits one 16 KiB Aeron message");
        assertEquals(MessageType.ROOM_SNAPSHOT.maxEncodedLength(), ProtocolLimits.MAX_ROOM_MESSAGE_LENGTH);
        assertTrue(ProtocolLimits.isRoomStreamId(ProtocolLimits.roomStreamId(Long.MAX_VALUE)));
        assertFalse(ProtocolLimits.isRoomStreamId(1001));
    }
}
