package io.ringside.engine.output;

import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorEncoder;
import io.ringside.codec.sbe.GameEventEncoder;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PongEncoder;
import io.ringside.codec.sbe.RedirectEncoder;
import io.ringside.codec.sbe.RoomJoinedEncoder;
import io.ringside.codec.sbe.RoomLeftEncoder;
import io.ringside.codec.sbe.RoomListEncoder;
import io.ringside.codec.sbe.RoomMessageEncoder;
import io.ringside.codec.sbe.RoomStateSchemaEncoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.ServerStatusEncoder;
import io.ringside.codec.sbe.SessionResultEncoder;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import static io.ringside.engine.output.OutputRecordDescriptor.*;

/**
 * The logic thread's side of the {@link OutputLog}: encodes what the logic decided into records for the stages
 * downstream (the Proxy of the output log). Server messages are encoded here with the generated SBE encoders, with
 * the per-client sequence left at zero: egress numbers them when it delivers them.
 * <p>
 * When the log is full, {@link BackPressureListener#onOutputFull()} is called (the logic handler uses it to release
 * the ring events it has finished, so that readers can catch up) and the writer idles until space is free.
 */
public final class OutputWriter
{
    /**
     * Told when the writer must wait for readers.
     */
    @FunctionalInterface
    public interface BackPressureListener
    {
        void onOutputFull();
    }

    private static final int MAX_MESSAGE_LENGTH = 512;

    private final OutputLog log;
    private final UnsafeBuffer buffer;
    private final IdleStrategy idleStrategy;
    private final BackPressureListener backPressureListener;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final SessionResultEncoder sessionResultEncoder = new SessionResultEncoder();
    private final RoomJoinedEncoder roomJoinedEncoder = new RoomJoinedEncoder();
    private final RoomListEncoder roomListEncoder = new RoomListEncoder();
    private final RoomLeftEncoder roomLeftEncoder = new RoomLeftEncoder();
    private final GameEventEncoder gameEventEncoder = new GameEventEncoder();
    private final PongEncoder pongEncoder = new PongEncoder();
    private final ErrorEncoder errorEncoder = new ErrorEncoder();
    private final RedirectEncoder redirectEncoder = new RedirectEncoder();
    private final ServerStatusEncoder serverStatusEncoder = new ServerStatusEncoder();
    private final RoomMessageEncoder roomMessageEncoder = new RoomMessageEncoder();
    private final RoomStateSchemaEncoder roomStateSchemaEncoder = new RoomStateSchemaEncoder();

    private long fullWaits;

    private int frameIndex = -1;
    private int frameEntitiesOffset;
    private int frameEntityLength;
    private int frameEntityCount;
    private int frameMemberCount;
    private int frameMaxEntities;
    private int frameMaxMembers;

    public OutputWriter(
        final OutputLog log, final IdleStrategy idleStrategy, final BackPressureListener backPressureListener)
    {
        this.log = log;
        this.buffer = log.buffer();
        this.idleStrategy = idleStrategy;
        this.backPressureListener = backPressureListener;
    }

    public long position()
    {
        return log.position();
    }

    /**
     * @return how many times the writer found the log full and waited.
     */
    public long fullWaits()
    {
        return fullWaits;
    }

    private int claim(final int type, final int maxBodyLength)
    {
        int index = log.tryClaim(type, maxBodyLength);
        if (index < 0)
        {
            fullWaits++;
            backPressureListener.onOutputFull();
            idleStrategy.reset();
            while ((index = log.tryClaim(type, maxBodyLength)) < 0)
            {
                idleStrategy.idle();
            }
        }
        return index;
    }

    // ------------------------------------------------------------------ session lifecycle

    /**
     * @param sourceId for a resumed session, the ingress source it now speaks from (0 otherwise).
     */
    public void sessionOpened(
        final long sessionId,
        final long sourceId,
        final int streamId,
        final boolean resumed,
        final DirectBuffer channel,
        final int channelOffset,
        final int channelLength)
    {
        final int index = claim(SESSION_OPENED, SESSION_OPENED_CHANNEL_OFFSET + channelLength);
        buffer.putLong(index, sessionId);
        buffer.putLong(index + SESSION_OPENED_SOURCE_ID_OFFSET, sourceId);
        buffer.putInt(index + SESSION_OPENED_STREAM_ID_OFFSET, streamId);
        buffer.putInt(index + SESSION_OPENED_RESUMED_OFFSET, resumed ? 1 : 0);
        buffer.putInt(index + SESSION_OPENED_CHANNEL_LENGTH_OFFSET, channelLength);
        buffer.putBytes(index + SESSION_OPENED_CHANNEL_OFFSET, channel, channelOffset, channelLength);
    }

    /**
     * @param forget true when the session is gone; false when its seat is held for a reconnect.
     */
    public void sessionClosed(final long sessionId, final ErrorCode reason, final boolean forget)
    {
        final int index = claim(SESSION_CLOSED, SESSION_CLOSED_LENGTH);
        buffer.putLong(index, sessionId);
        buffer.putInt(index + SESSION_CLOSED_REASON_OFFSET, reason.value());
        buffer.putInt(index + SESSION_CLOSED_FORGET_OFFSET, forget ? 1 : 0);
    }

    /**
     * @return the record's body index, for {@link #patchMemberEntityId} once the entity id is known.
     */
    public int memberJoined(final long roomId, final long sessionId, final int entityId, final int roomStreamId)
    {
        final int index = claim(MEMBER_JOINED, MEMBER_JOINED_LENGTH);
        buffer.putLong(index, roomId);
        buffer.putLong(index + 8, sessionId);
        buffer.putInt(index + 16, entityId);
        buffer.putInt(index + MEMBER_JOINED_ROOM_STREAM_ID_OFFSET, roomStreamId);
        return index;
    }

    public void patchMemberEntityId(final int memberJoinedIndex, final int entityId)
    {
        buffer.putInt(memberJoinedIndex + 16, entityId);
    }

    public void memberLeft(final long roomId, final long sessionId)
    {
        final int index = claim(MEMBER_LEFT, MEMBER_LEFT_LENGTH);
        buffer.putLong(index, roomId);
        buffer.putLong(index + 8, sessionId);
    }

    /**
     * A player's saved state in one game, for the journal.
     */
    public void playerState(
        final long playerId, final int gameIndex, final long roomId, final byte[] state, final boolean connected)
    {
        final int index = claim(PLAYER_STATE, PLAYER_STATE_BYTES_OFFSET + state.length);
        buffer.putLong(index, playerId);
        buffer.putLong(index + PLAYER_STATE_ROOM_ID_OFFSET, roomId);
        buffer.putInt(index + PLAYER_STATE_GAME_INDEX_OFFSET, gameIndex);
        buffer.putInt(index + PLAYER_STATE_CONNECTED_OFFSET, connected ? 1 : 0);
        buffer.putInt(index + PLAYER_STATE_LENGTH_OFFSET, state.length);
        buffer.putBytes(index + PLAYER_STATE_BYTES_OFFSET, state);
    }

    // ------------------------------------------------------------------ messages to one session

    private int claimSend(final long sessionId)
    {
        final int index = claim(SEND, SEND_MESSAGE_OFFSET + MAX_MESSAGE_LENGTH);
        buffer.putLong(index + SEND_SESSION_ID_OFFSET, sessionId);
        return index;
    }

    private void commitSend(final int index, final int messageLength)
    {
        log.commit(index, SEND_MESSAGE_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH + messageLength);
    }

    public void sessionResult(
        final long sessionId,
        final long correlationId,
        final ErrorCode result,
        final long grantedSessionId,
        final long tokenHigh,
        final long tokenLow,
        final long playerId,
        final long serverTimeNs,
        final long tickIntervalNs,
        final long tick)
    {
        final int index = claimSend(sessionId);
        final SessionResultEncoder e = sessionResultEncoder.wrapAndApplyHeader(
            buffer, index + SEND_MESSAGE_OFFSET, headerEncoder);
        e.sequence(0).correlationId(correlationId).result(result).sessionId(grantedSessionId);
        e.resumeToken().high(tokenHigh).low(tokenLow);
        e.playerId(playerId).serverTimeNs(serverTimeNs).tickIntervalNs(tickIntervalNs).tick(tick);
        commitSend(index, e.encodedLength());
    }

    /**
     * @return the record's body index, for {@link #patchRoomJoinedEntityId} once the entity id is known.
     */
    public int roomJoined(
        final long sessionId,
        final long correlationId,
        final long roomId,
        final int entityId,
        final int maxPlayers,
        final int playerCount,
        final long tick,
        final int roomStreamId,
        final String joinCode,
        final String gameType)
    {
        final int index = claimSend(sessionId);
        final RoomJoinedEncoder e = roomJoinedEncoder.wrapAndApplyHeader(buffer, index + SEND_MESSAGE_OFFSET, headerEncoder);
        e.sequence(0).correlationId(correlationId).roomId(roomId).entityId(entityId).maxPlayers(maxPlayers)
            .playerCount(playerCount).tick(tick).roomStreamId(roomStreamId).joinCode(null == joinCode ? "" : joinCode)
            .gameType(gameType);
        commitSend(index, e.encodedLength());
        return index;
    }

    /**
     * What a game that declares its state shows, for a client just seated in one of its rooms.
     *
     * @param schema the declaration's bytes ({@code StateSchemaCodec}).
     */
    public void roomStateSchema(final long sessionId, final long roomId, final byte[] schema)
    {
        final int index = claim(SEND, SEND_MESSAGE_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH +
            RoomStateSchemaEncoder.BLOCK_LENGTH + RoomStateSchemaEncoder.schemaHeaderLength() + schema.length);
        buffer.putLong(index + SEND_SESSION_ID_OFFSET, sessionId);
        roomStateSchemaEncoder.wrapAndApplyHeader(buffer, index + SEND_MESSAGE_OFFSET, headerEncoder)
            .sequence(0).roomId(roomId).putSchema(schema, 0, schema.length);
    }

    /**
     * A page of rooms for a client that asked (ListRooms).
     *
     * @param metadata each room's metadata ended by a newline, in page order; printable ASCII.
     */
    public void roomList(
        final long sessionId,
        final long correlationId,
        final long tick,
        final int matchingCount,
        final int firstRoom,
        final int count,
        final long[] roomIds,
        final int[] playerCounts,
        final int[] maxPlayers,
        final CharSequence metadata)
    {
        final int metadataLength = metadata.length();
        final int index = claim(SEND, SEND_MESSAGE_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH +
            RoomListEncoder.BLOCK_LENGTH + ProtocolLimits.GROUP_HEADER_LENGTH +
            count * RoomListEncoder.RoomsEncoder.sbeBlockLength() + RoomListEncoder.metadataHeaderLength() +
            metadataLength);
        buffer.putLong(index + SEND_SESSION_ID_OFFSET, sessionId);
        final RoomListEncoder e = roomListEncoder.wrapAndApplyHeader(buffer, index + SEND_MESSAGE_OFFSET, headerEncoder)
            .sequence(0).correlationId(correlationId).tick(tick).matchingCount(matchingCount).firstRoom(firstRoom);
        final RoomListEncoder.RoomsEncoder rooms = e.roomsCount(count);
        for (int i = 0; i < count; i++)
        {
            rooms.next().roomId(roomIds[i]).playerCount(playerCounts[i]).maxPlayers(maxPlayers[i]);
        }
        final int lengthAt = e.limit();
        buffer.putShort(lengthAt, (short)metadataLength, java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < metadataLength; i++)
        {
            buffer.putByte(lengthAt + RoomListEncoder.metadataHeaderLength() + i, (byte)metadata.charAt(i));
        }
    }

    public void patchRoomJoinedEntityId(final int roomJoinedIndex, final int entityId)
    {
        buffer.putInt(roomJoinedIndex + SEND_MESSAGE_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH +
            RoomJoinedEncoder.entityIdEncodingOffset(), entityId);
    }

    public void roomLeft(final long sessionId, final long correlationId, final long roomId, final long tick)
    {
        final int index = claimSend(sessionId);
        final RoomLeftEncoder e = roomLeftEncoder.wrapAndApplyHeader(buffer, index + SEND_MESSAGE_OFFSET, headerEncoder);
        e.sequence(0).correlationId(correlationId).roomId(roomId).tick(tick);
        commitSend(index, e.encodedLength());
    }

    public void pong(final long sessionId, final long pingId, final long clientTimestampNs, final long receiveTimeNs)
    {
        final int index = claimSend(sessionId);
        final PongEncoder e = pongEncoder.wrapAndApplyHeader(buffer, index + SEND_MESSAGE_OFFSET, headerEncoder);
        e.sequence(0).pingId(pingId).clientTimestampNs(clientTimestampNs).serverReceiveTimeNs(receiveTimeNs)
            .serverSendTimeNs(0);
        commitSend(index, e.encodedLength());
    }

    /**
     * Send a session to another engine: its endpoints and a join ticket (ASCII).
     */
    public void redirect(
        final long sessionId,
        final long correlationId,
        final long roomId,
        final int engineId,
        final long ticketExpiresEpochMs,
        final String aeronEndpoint,
        final String webSocketUrl,
        final String ticket)
    {
        // endpoints may be long (two medium strings): claimed at their exact size, not the common cap
        final int index = claim(SEND, SEND_MESSAGE_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH +
            RedirectEncoder.BLOCK_LENGTH + RedirectEncoder.aeronEndpointHeaderLength() + utf8Length(aeronEndpoint) +
            RedirectEncoder.webSocketUrlHeaderLength() + utf8Length(webSocketUrl) + RedirectEncoder.ticketHeaderLength() +
            ticket.length());
        buffer.putLong(index + SEND_SESSION_ID_OFFSET, sessionId);
        final RedirectEncoder e = redirectEncoder.wrapAndApplyHeader(buffer, index + SEND_MESSAGE_OFFSET, headerEncoder);
        e.sequence(0).correlationId(correlationId).roomId(roomId).engineId(engineId)
            .ticketExpiresEpochMs(ticketExpiresEpochMs).aeronEndpoint(aeronEndpoint).webSocketUrl(webSocketUrl);
        final int lengthAt = e.limit();
        final int ticketLength = ticket.length();
        buffer.putShort(lengthAt, (short)ticketLength, java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < ticketLength; i++)
        {
            buffer.putByte(lengthAt + RedirectEncoder.ticketHeaderLength() + i, (byte)ticket.charAt(i));
        }
        e.limit(lengthAt + RedirectEncoder.ticketHeaderLength() + ticketLength);
        commitSend(index, e.encodedLength());
    }

    private static int utf8Length(final String text)
    {
        return text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }

    public void error(final long sessionId, final long correlationId, final ErrorCode code, final String text)
    {
        final int index = claimSend(sessionId);
        final ErrorEncoder e = errorEncoder.wrapAndApplyHeader(buffer, index + SEND_MESSAGE_OFFSET, headerEncoder);
        e.sequence(0).correlationId(correlationId).code(code).text(text);
        commitSend(index, e.encodedLength());
    }

    public void gameEventTo(
        final long sessionId,
        final long tick,
        final long roomId,
        final GameEventType type,
        final int subjectId,
        final int objectId,
        final int value,
        final float x,
        final float y)
    {
        final int index = claim(SEND, SEND_MESSAGE_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH +
            GameEventEncoder.BLOCK_LENGTH);
        buffer.putLong(index + SEND_SESSION_ID_OFFSET, sessionId);
        gameEventEncoder.wrapAndApplyHeader(buffer, index + SEND_MESSAGE_OFFSET, headerEncoder)
            .sequence(0).tick(tick).roomId(roomId).eventType(type).subjectId(subjectId).objectId(objectId).value(value)
            .x(x).y(y);
    }

    // ------------------------------------------------------------------ messages to many sessions

    public void gameEventToRoom(
        final long tick,
        final long roomId,
        final GameEventType type,
        final int subjectId,
        final int objectId,
        final int value,
        final float x,
        final float y)
    {
        final int index = claim(ROOM_EVENT, ROOM_EVENT_MESSAGE_OFFSET + MessageHeaderEncoder.ENCODED_LENGTH +
            GameEventEncoder.BLOCK_LENGTH);
        buffer.putLong(index + ROOM_EVENT_ROOM_ID_OFFSET, roomId);
        buffer.putLong(index + ROOM_EVENT_EXCEPT_SESSION_ID_OFFSET, 0);
        gameEventEncoder.wrapAndApplyHeader(buffer, index + ROOM_EVENT_MESSAGE_OFFSET, headerEncoder)
            .sequence(0).tick(tick).roomId(roomId).eventType(type).subjectId(subjectId).objectId(objectId).value(value)
            .x(x).y(y);
    }

    /**
     * A game's message to one player.
     */
    public void roomMessageTo(
        final long sessionId,
        final long tick,
        final long roomId,
        final int opcode,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final int index = claim(SEND, SEND_MESSAGE_OFFSET + roomMessageLength(payloadLength));
        buffer.putLong(index + SEND_SESSION_ID_OFFSET, sessionId);
        encodeRoomMessage(index + SEND_MESSAGE_OFFSET, tick, roomId, opcode, payload, payloadOffset, payloadLength);
    }

    /**
     * A game's message to every member of a room but one.
     *
     * @param exceptSessionId the member left out, 0 for none.
     */
    public void roomMessageToRoom(
        final long tick,
        final long roomId,
        final long exceptSessionId,
        final int opcode,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        final int index = claim(ROOM_EVENT, ROOM_EVENT_MESSAGE_OFFSET + roomMessageLength(payloadLength));
        buffer.putLong(index + ROOM_EVENT_ROOM_ID_OFFSET, roomId);
        buffer.putLong(index + ROOM_EVENT_EXCEPT_SESSION_ID_OFFSET, exceptSessionId);
        encodeRoomMessage(index + ROOM_EVENT_MESSAGE_OFFSET, tick, roomId, opcode, payload, payloadOffset,
            payloadLength);
    }

    private static int roomMessageLength(final int payloadLength)
    {
        return MessageHeaderEncoder.ENCODED_LENGTH + RoomMessageEncoder.BLOCK_LENGTH +
            RoomMessageEncoder.payloadHeaderLength() + payloadLength;
    }

    private void encodeRoomMessage(
        final int index,
        final long tick,
        final long roomId,
        final int opcode,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        roomMessageEncoder.wrapAndApplyHeader(buffer, index, headerEncoder)
            .sequence(0).tick(tick).roomId(roomId).opcode(opcode).putPayload(payload, payloadOffset, payloadLength);
    }

    public void serverStatusToAll(final ServerState state, final long serverTimeNs, final String detail)
    {
        final int index = claim(SEND_ALL, MAX_MESSAGE_LENGTH);
        final ServerStatusEncoder e = serverStatusEncoder.wrapAndApplyHeader(buffer, index, headerEncoder);
        e.sequence(0).state(state).serverTimeNs(serverTimeNs).detail(detail);
        log.commit(index, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength());
    }

    // ------------------------------------------------------------------ room frames

    /**
     * Start the frame of one room at one tick; follow with {@link #frameEntity} calls, then {@link #frameMember}
     * calls, then {@link #endFrame()}.
     */
    public void beginFrame(
        final long roomId,
        final long tick,
        final long timeNs,
        final float viewRadius,
        final int roomStreamId,
        final int maxEntities,
        final int maxMembers)
    {
        final int index = claim(ROOM_FRAME,
            FRAME_ENTITIES_OFFSET + maxEntities * ENTITY_LENGTH + maxMembers * MEMBER_LENGTH);
        buffer.putLong(index + FRAME_ROOM_ID_OFFSET, roomId);
        buffer.putLong(index + FRAME_TICK_OFFSET, tick);
        buffer.putLong(index + FRAME_TIME_OFFSET, timeNs);
        buffer.putFloat(index + FRAME_VIEW_RADIUS_OFFSET, viewRadius);
        buffer.putInt(index + FRAME_ROOM_STREAM_ID_OFFSET, roomStreamId);
        frameIndex = index;
        frameEntitiesOffset = FRAME_ENTITIES_OFFSET;
        frameEntityLength = ENTITY_LENGTH;
        frameEntityCount = 0;
        frameMemberCount = 0;
        frameMaxEntities = maxEntities;
        frameMaxMembers = maxMembers;
    }

    /**
     * Start the frame of a room of a game that declares its state; follow with {@link #stateEntity} calls (writing
     * each entity's values into {@link #frameValues()}), then {@link #frameMember} calls, then {@link #endFrame()}.
     *
     * @param recordLength of each entity record, {@link OutputRecordDescriptor#stateRecordLength}.
     * @param viewRadius   the game's, for per-client views (interest) when the room has no room stream.
     */
    public void beginStateFrame(
        final long roomId,
        final long tick,
        final long timeNs,
        final int gameIndex,
        final int roomStreamId,
        final int maxEntities,
        final int maxMembers,
        final int recordLength,
        final float viewRadius)
    {
        final int index = claim(STATE_FRAME,
            STATE_FRAME_ENTITIES_OFFSET + maxEntities * recordLength + maxMembers * MEMBER_LENGTH);
        buffer.putLong(index + FRAME_ROOM_ID_OFFSET, roomId);
        buffer.putLong(index + FRAME_TICK_OFFSET, tick);
        buffer.putLong(index + FRAME_TIME_OFFSET, timeNs);
        buffer.putInt(index + STATE_FRAME_GAME_INDEX_OFFSET, gameIndex);
        buffer.putInt(index + FRAME_ROOM_STREAM_ID_OFFSET, roomStreamId);
        buffer.putInt(index + STATE_FRAME_RECORD_LENGTH_OFFSET, recordLength);
        buffer.putFloat(index + STATE_FRAME_VIEW_RADIUS_OFFSET, viewRadius);
        frameIndex = index;
        frameEntitiesOffset = STATE_FRAME_ENTITIES_OFFSET;
        frameEntityLength = recordLength;
        frameEntityCount = 0;
        frameMemberCount = 0;
        frameMaxEntities = maxEntities;
        frameMaxMembers = maxMembers;
    }

    /**
     * Add an entity to an open state frame, its values zeroed.
     *
     * @return the index in {@link #frameValues()} of its values, or -1 when the frame already holds as many entities
     * as it was begun with (the entity is not written).
     */
    /**
     * @param x where the entity is, for interest management; NaN (with y) for seen by every member.
     */
    public int stateEntity(final int entityId, final int typeId, final float x, final float y)
    {
        if (frameEntityCount == frameMaxEntities)
        {
            return -1;
        }
        final int at = frameIndex + frameEntitiesOffset + frameEntityCount * frameEntityLength;
        buffer.setMemory(at, frameEntityLength, (byte)0);
        buffer.putInt(at + STATE_ENTITY_ID_OFFSET, entityId);
        buffer.putInt(at + STATE_ENTITY_TYPE_OFFSET, typeId);
        buffer.putFloat(at + STATE_ENTITY_X_OFFSET, x);
        buffer.putFloat(at + STATE_ENTITY_Y_OFFSET, y);
        frameEntityCount++;
        return at + STATE_ENTITY_VALUES_OFFSET;
    }

    /**
     * @return where {@link #stateEntity} points: the values of an open state frame's entities, written in place.
     */
    public MutableDirectBuffer frameValues()
    {
        return buffer;
    }

    /**
     * @return false when the frame already holds as many entities as it was begun with (the entity is not written).
     */
    public boolean frameEntity(
        final int entityId,
        final EntityKind kind,
        final float x,
        final float y,
        final float rotation,
        final float vx,
        final float vy,
        final int health,
        final int score,
        final int state,
        final int ownerId)
    {
        if (frameEntityCount == frameMaxEntities)
        {
            return false;
        }
        final int at = frameIndex + FRAME_ENTITIES_OFFSET + frameEntityCount * ENTITY_LENGTH;
        buffer.putInt(at + ENTITY_ID_OFFSET, entityId);
        buffer.putInt(at + ENTITY_KIND_OFFSET, kind.value());
        buffer.putFloat(at + ENTITY_X_OFFSET, x);
        buffer.putFloat(at + ENTITY_Y_OFFSET, y);
        buffer.putFloat(at + ENTITY_ROTATION_OFFSET, rotation);
        buffer.putFloat(at + ENTITY_VX_OFFSET, vx);
        buffer.putFloat(at + ENTITY_VY_OFFSET, vy);
        buffer.putInt(at + ENTITY_HEALTH_OFFSET, health);
        buffer.putInt(at + ENTITY_SCORE_OFFSET, score);
        buffer.putInt(at + ENTITY_STATE_OFFSET, state);
        buffer.putInt(at + ENTITY_OWNER_OFFSET, ownerId);
        buffer.putInt(at + 44, 0);
        frameEntityCount++;
        return true;
    }

    public void frameMember(
        final long sessionId, final int entityId, final long lastInputSequence, final long lastInputTimeNs)
    {
        if (frameMemberCount == frameMaxMembers)
        {
            throw new IllegalStateException("more members than the frame was begun with: " + frameMaxMembers);
        }
        final int at = frameIndex + frameEntitiesOffset + frameEntityCount * frameEntityLength +
            frameMemberCount * MEMBER_LENGTH;
        buffer.putLong(at + MEMBER_SESSION_ID_OFFSET, sessionId);
        buffer.putInt(at + MEMBER_ENTITY_ID_OFFSET, entityId);
        buffer.putInt(at + MEMBER_ENTITY_ID_OFFSET + 4, 0);
        buffer.putLong(at + MEMBER_LAST_INPUT_SEQUENCE_OFFSET, lastInputSequence);
        buffer.putLong(at + MEMBER_LAST_INPUT_TIME_OFFSET, lastInputTimeNs);
        frameMemberCount++;
    }

    /**
     * Turn a frame that was begun and never ended (its room's game threw) into padding that readers skip.
     */
    /**
     * Take back everything written since {@code position} (an open frame included): the event that wrote it failed.
     */
    public void rewind(final long position)
    {
        frameIndex = -1;
        log.rewind(position);
    }

    public void abortOpenFrame()
    {
        if (frameIndex >= 0)
        {
            buffer.putInt(frameIndex - HEADER_LENGTH + TYPE_OFFSET, PADDING);
            frameIndex = -1;
        }
    }

    public void endFrame()
    {
        buffer.putInt(frameIndex + FRAME_ENTITY_COUNT_OFFSET, frameEntityCount);
        buffer.putInt(frameIndex + FRAME_MEMBER_COUNT_OFFSET, frameMemberCount);
        log.commit(frameIndex, frameEntitiesOffset + frameEntityCount * frameEntityLength +
            frameMemberCount * MEMBER_LENGTH);
        frameIndex = -1;
    }

    static
    {
        if (MAX_MESSAGE_LENGTH < ProtocolLimits.HEADER_LENGTH + Math.max(
            io.ringside.codec.MessageType.ERROR.maxEncodedLength(),
            io.ringside.codec.MessageType.ROOM_JOINED.maxEncodedLength()))
        {
            throw new IllegalStateException("MAX_MESSAGE_LENGTH too small");
        }
    }
}
