package io.ringside.codec;

import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectEncoder;
import io.ringside.codec.sbe.CreateRoomEncoder;
import io.ringside.codec.sbe.DisconnectEncoder;
import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorEncoder;
import io.ringside.codec.sbe.GameEventEncoder;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.sbe.GameMessageEncoder;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.JoinByCodeEncoder;
import io.ringside.codec.sbe.JoinRoomEncoder;
import io.ringside.codec.sbe.LeaveRoomEncoder;
import io.ringside.codec.sbe.ListRoomsEncoder;
import io.ringside.codec.sbe.MatchRoomEncoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PingEncoder;
import io.ringside.codec.sbe.PongEncoder;
import io.ringside.codec.sbe.ReconnectEncoder;
import io.ringside.codec.sbe.RoomJoinedEncoder;
import io.ringside.codec.sbe.RoomLeftEncoder;
import io.ringside.codec.sbe.RoomListEncoder;
import io.ringside.codec.sbe.RoomMessageEncoder;
import io.ringside.codec.sbe.RoomSnapshotEncoder;
import io.ringside.codec.sbe.RoomStateEncoder;
import io.ringside.codec.sbe.RoomStateSchemaEncoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.ServerStatusEncoder;
import io.ringside.codec.sbe.SessionResultEncoder;
import io.ringside.codec.sbe.SnapshotEncoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.codec.sbe.StateViewEncoder;
import io.ringside.codec.sbe.StateSchemaDataEncoder;
import io.ringside.codec.sbe.StateValuesDataEncoder;
import io.ringside.codec.sbe.TurnActionEncoder;
import io.ringside.codec.sbe.WatchRoomEncoder;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * One valid, recognisable encoding of every message of the protocol, for round-trip tests and as a fuzzing corpus.
 * {@code fill} controls var fields and groups: 0 leaves them empty, 1 fills them to their caps.
 */
final class SampleMessages
{
    static final long CORRELATION_ID = 0x1122334455667788L;
    static final long SESSION_ID = 42L;
    static final long TOKEN_HIGH = 0xCAFEBABEDEADBEEFL;
    static final long TOKEN_LOW = 0x0123456789ABCDEFL;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();

    static String text(final int length, final char c)
    {
        final char[] chars = new char[length];
        Arrays.fill(chars, c);
        return new String(chars);
    }

    static byte[] bytes(final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 31 + 7);
        }
        return bytes;
    }

    /**
     * Encode a sample of {@code type} at {@code offset}.
     *
     * @return the encoded length, header included.
     */
    int encode(final MessageType type, final MutableDirectBuffer buffer, final int offset, final boolean full)
    {
        switch (type)
        {
            case CONNECT:
            {
                final ConnectEncoder e = new ConnectEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(1001)
                    .responseChannel(full ? text(ProtocolLimits.MAX_CHANNEL_LENGTH, 'c') : "aeron:udp?endpoint=localhost:50001")
                    .playerName(full ? text(ProtocolLimits.MAX_PLAYER_NAME_LENGTH, 'n') : "")
                    .putCredentials(bytes(full ? ProtocolLimits.MAX_CREDENTIALS_LENGTH : 0), 0,
                        full ? ProtocolLimits.MAX_CREDENTIALS_LENGTH : 0);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case RECONNECT:
            {
                final ReconnectEncoder e = new ReconnectEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID);
                e.resumeToken().high(TOKEN_HIGH).low(TOKEN_LOW);
                e.lastSequenceSeen(77).protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(1002)
                    .responseChannel(full ? text(ProtocolLimits.MAX_CHANNEL_LENGTH, 'r') : "");
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case JOIN_ROOM:
            {
                final JoinRoomEncoder e = new JoinRoomEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID).roomId(0)
                    .gameType(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'g') : "arena");
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case CREATE_ROOM:
            {
                final CreateRoomEncoder e = new CreateRoomEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID).privateRoom(full ? BooleanType.TRUE : BooleanType.FALSE)
                    .gameType(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'g') : "arena")
                    .options(full ? text(ProtocolLimits.MAX_ROOM_TEXT_LENGTH, 'o') : "");
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case MATCH_ROOM:
            {
                final MatchRoomEncoder e = new MatchRoomEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID)
                    .gameType(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'g') : "arena")
                    .filter(full ? text(ProtocolLimits.MAX_ROOM_TEXT_LENGTH, 'f') : "mode=duel")
                    .options(full ? text(ProtocolLimits.MAX_ROOM_TEXT_LENGTH, 'o') : "");
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case JOIN_BY_CODE:
            {
                final JoinByCodeEncoder e = new JoinByCodeEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID).joinCode("ABCD2345");
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case WATCH_ROOM:
            {
                final WatchRoomEncoder e = new WatchRoomEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID).roomId(77);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case LIST_ROOMS:
            {
                final ListRoomsEncoder e = new ListRoomsEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID).firstRoom(full ? 1000 : 0)
                    .pageSize((short)(full ? ProtocolLimits.MAX_ROOM_LIST_PAGE : 1))
                    .gameType(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'g') : "arena")
                    .filter(full ? text(ProtocolLimits.MAX_ROOM_TEXT_LENGTH, 'f') : "");
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case LEAVE_ROOM:
            {
                final LeaveRoomEncoder e = new LeaveRoomEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case INPUT:
            {
                final InputEncoder e = new InputEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sessionId(SESSION_ID).inputSequence(9).clientTimestampNs(123_456_789L).lastServerSequence(8)
                    .thrust(full ? 1.0f : 0.5f).turn(full ? -1.0f : -0.25f).fire(full ? BooleanType.TRUE : BooleanType.FALSE);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case TURN_ACTION:
            {
                final TurnActionEncoder e = new TurnActionEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID).cell(full ? ProtocolLimits.MAX_TURN_CELL : 4);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case PING:
            {
                final PingEncoder e = new PingEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sessionId(SESSION_ID).pingId(5).clientTimestampNs(987_654_321L);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case DISCONNECT:
            {
                final DisconnectEncoder e = new DisconnectEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sessionId(SESSION_ID);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case GAME_MESSAGE:
            {
                final GameMessageEncoder e = new GameMessageEncoder().wrapAndApplyHeader(buffer, offset, header);
                final byte[] payload = bytes(full ? ProtocolLimits.MAX_GAME_PAYLOAD_LENGTH : 0);
                e.correlationId(CORRELATION_ID).sessionId(SESSION_ID).opcode(full ? 0xFFFF : 3)
                    .putPayload(payload, 0, payload.length);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case ROOM_MESSAGE:
            {
                final RoomMessageEncoder e = new RoomMessageEncoder().wrapAndApplyHeader(buffer, offset, header);
                final byte[] payload = bytes(full ? ProtocolLimits.MAX_GAME_PAYLOAD_LENGTH : 0);
                e.sequence(7).tick(11).roomId(13).opcode(full ? 0xFFFF : 3).putPayload(payload, 0, payload.length);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case ROOM_STATE_SCHEMA:
            {
                final RoomStateSchemaEncoder e = new RoomStateSchemaEncoder().wrapAndApplyHeader(buffer, offset, header);
                final byte[] schema = bytes(full ? StateSchemaDataEncoder.lengthMaxValue() : 0);
                e.sequence(8).roomId(13).putSchema(schema, 0, schema.length);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case ROOM_STATE:
            {
                final RoomStateEncoder e = new RoomStateEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.roomSequence(21).tick(22).serverTimeNs(23).roomId(13)
                    .snapshotType(full ? SnapshotType.FULL : SnapshotType.DELTA).baselineSequence(full ? 0 : 20)
                    .skippedCount(2);
                final int members = full ? 1024 : 1;
                final RoomStateEncoder.MembersEncoder m = e.membersCount(members);
                for (int i = 0; i < members; i++)
                {
                    m.next().entityId(i + 1).lastInputSequence(i).lastInputClientTimestampNs(1000 + i);
                }
                final int removed = full ? 1024 : 1;
                final RoomStateEncoder.RemovedEntitiesEncoder r = e.removedEntitiesCount(removed);
                for (int i = 0; i < removed; i++)
                {
                    r.next().entityId(5000 + i);
                }
                final byte[] values = bytes(full ? StateValuesDataEncoder.lengthMaxValue() : 0);
                e.putEntities(values, 0, values.length);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case SESSION_RESULT:
            {
                final SessionResultEncoder e = new SessionResultEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(1).correlationId(CORRELATION_ID).result(ErrorCode.OK).sessionId(SESSION_ID);
                e.resumeToken().high(TOKEN_HIGH).low(TOKEN_LOW);
                e.playerId(1234).serverTimeNs(55).tickIntervalNs(16_666_667L).tick(600);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case ROOM_JOINED:
            {
                final RoomJoinedEncoder e = new RoomJoinedEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(2).correlationId(CORRELATION_ID).roomId(3).entityId(17).maxPlayers(64).playerCount(5).tick(601)
                    .roomStreamId(ProtocolLimits.roomStreamId(3)).joinCode(full ? "ABCD2345" : "")
                    .gameType(full ? text(ProtocolLimits.MAX_GAME_TYPE_LENGTH, 'a') : "arena");
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case STATE_VIEW:
            {
                final StateViewEncoder e = new StateViewEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(10).tick(602).serverTimeNs(66).roomId(3).lastInputSequence(9)
                    .lastInputClientTimestampNs(123_456_789L).snapshotType(full ? SnapshotType.FULL : SnapshotType.DELTA)
                    .baselineSequence(full ? 0 : 9).skippedCount(2);
                final int removed = full ? ProtocolLimits.MAX_GROUP_COUNT : 1;
                final StateViewEncoder.RemovedEntitiesEncoder group = e.removedEntitiesCount(removed);
                for (int i = 0; i < removed; i++)
                {
                    group.next().entityId(1000 + i);
                }
                final byte[] values = bytes(full ? io.ringside.codec.sbe.ViewValuesDataEncoder.lengthMaxValue() : 0);
                e.putEntities(values, 0, values.length);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case ROOM_LIST:
            {
                final RoomListEncoder e = new RoomListEncoder().wrapAndApplyHeader(buffer, offset, header);
                final int rooms = full ? ProtocolLimits.MAX_ROOM_LIST_PAGE : 0;
                e.sequence(9).correlationId(CORRELATION_ID).tick(602).matchingCount(rooms + 3).firstRoom(3);
                final RoomListEncoder.RoomsEncoder group = e.roomsCount(rooms);
                final StringBuilder metadata = new StringBuilder();
                for (int i = 0; i < rooms; i++)
                {
                    group.next().roomId(i + 1).playerCount(i).maxPlayers(64);
                    metadata.append(text(ProtocolLimits.MAX_ROOM_TEXT_LENGTH, 'm')).append('\n');
                }
                e.metadata(metadata.toString());
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case REDIRECT:
            {
                final io.ringside.codec.sbe.RedirectEncoder e =
                    new io.ringside.codec.sbe.RedirectEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(4).correlationId(CORRELATION_ID).roomId(5L << 32 | 7).engineId(5)
                    .ticketExpiresEpochMs(1_800_000_000_000L)
                    .aeronEndpoint(text(full ? ProtocolLimits.MAX_ROOM_TEXT_LENGTH : 0, 'a'))
                    .webSocketUrl(text(full ? ProtocolLimits.MAX_ROOM_TEXT_LENGTH : 0, 'w'));
                final byte[] ticket = bytes(full ? io.ringside.codec.sbe.CredentialsDataEncoder.lengthMaxValue() : 0);
                e.putTicket(ticket, 0, ticket.length);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case ROOM_LEFT:
            {
                final RoomLeftEncoder e = new RoomLeftEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(3).correlationId(CORRELATION_ID).roomId(3).tick(700);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case SNAPSHOT:
            {
                final SnapshotEncoder e = new SnapshotEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(4).tick(602).serverTimeNs(66).roomId(3).lastInputSequence(9).lastInputClientTimestampNs(123_456_789L)
                    .snapshotType(full ? SnapshotType.FULL : SnapshotType.DELTA).baselineSequence(full ? 0 : 3).skippedCount(2);
                final int entities = full ? ProtocolLimits.MAX_GROUP_COUNT : 0;
                final SnapshotEncoder.EntitiesEncoder group = e.entitiesCount(entities);
                for (int i = 0; i < entities; i++)
                {
                    group.next().entityId(i + 1).kind(0 == (i & 1) ? EntityKind.SHIP : EntityKind.PROJECTILE);
                    group.changedFields().clear().position(true).rotation(true).velocity(true).health(true).score(true)
                        .state(true).owner(true);
                    group.x(i * 1.5f).y(-i * 0.5f).rotation(0.25f * i).vx(3.0f).vy(-4.0f).health((short)(100 - (i % 100)))
                        .score(i * 10).state(1).ownerId(0 == (i & 1) ? 0 : i);
                }
                final SnapshotEncoder.RemovedEntitiesEncoder removed = e.removedEntitiesCount(entities);
                for (int i = 0; i < entities; i++)
                {
                    removed.next().entityId(1000 + i);
                }
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case GAME_EVENT:
            {
                final GameEventEncoder e = new GameEventEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(5).tick(603).roomId(3).eventType(GameEventType.HIT).subjectId(17).objectId(18).value(25)
                    .x(10.5f).y(-20.25f);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case PONG:
            {
                final PongEncoder e = new PongEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(6).pingId(5).clientTimestampNs(987_654_321L).serverReceiveTimeNs(1000).serverSendTimeNs(2000);
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case ERROR:
            {
                final ErrorEncoder e = new ErrorEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(7).correlationId(CORRELATION_ID).code(ErrorCode.ROOM_FULL)
                    .text(full ? text(ProtocolLimits.MAX_TEXT_LENGTH, 'e') : "");
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case SERVER_STATUS:
            {
                final ServerStatusEncoder e = new ServerStatusEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.sequence(8).state(ServerState.SHUTTING_DOWN).serverTimeNs(77)
                    .detail(full ? text(ProtocolLimits.MAX_TEXT_LENGTH, 'd') : "bye");
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            case ROOM_SNAPSHOT:
            {
                final RoomSnapshotEncoder e = new RoomSnapshotEncoder().wrapAndApplyHeader(buffer, offset, header);
                e.roomSequence(9).tick(604).serverTimeNs(88).roomId(3)
                    .snapshotType(full ? SnapshotType.FULL : SnapshotType.DELTA).baselineSequence(full ? 0 : 8).skippedCount(1);
                final int count = full ? RoomSnapshotEncoder.EntitiesEncoder.countMaxValue() : 0;
                final RoomSnapshotEncoder.MembersEncoder members = e.membersCount(count);
                for (int i = 0; i < count; i++)
                {
                    members.next().entityId(i + 1).lastInputSequence(i * 3L).lastInputClientTimestampNs(i * 1000L);
                }
                final RoomSnapshotEncoder.EntitiesEncoder group = e.entitiesCount(count);
                for (int i = 0; i < count; i++)
                {
                    group.next().entityId(i + 1).kind(0 == (i & 1) ? EntityKind.SHIP : EntityKind.PROJECTILE);
                    group.changedFields().clear().position(true).velocity(true);
                    group.x(i * 2.5f).y(-i).rotation(0.5f).vx(1.0f).vy(-1.0f).health((short)50).score(i).state(2)
                        .ownerId(0);
                }
                final RoomSnapshotEncoder.RemovedEntitiesEncoder removed = e.removedEntitiesCount(count);
                for (int i = 0; i < count; i++)
                {
                    removed.next().entityId(5000 + i);
                }
                return MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength();
            }
            default:
                throw new IllegalArgumentException(type.name());
        }
    }
}
