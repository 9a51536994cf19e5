package io.ringside.engine.output;

/**
 * Layout of the records the logic thread writes into the {@link OutputLog} for the stages downstream of it.
 * <pre>
 *  every record:  0 int recordLength (header included, unaligned)   4 int type      8 body ...   (8-byte aligned)
 *
 *  SEND             body: 0 long sessionId  8 an SBE server message (header included; its sequence field is 0 and is
 *                   set by egress at delivery)
 *  SEND_ALL         body: 0 an SBE server message for every open session
 *  ROOM_EVENT       body: 0 long roomId  8 long exceptSessionId (0: none)  16 an SBE GameEvent or RoomMessage for
 *                   every member of the room but that one
 *  ROOM_FRAME       body: 0 long roomId  8 long tick  16 long timeNs  24 float viewRadius  28 int entityCount
 *                         32 int memberCount  36 int roomStreamId (0: per-client views)
 *                         40 entityCount * ENTITY, then memberCount * MEMBER
 *      ENTITY (48): 0 int id  4 int kind  8 float x  12 float y  16 float rotation  20 float vx  24 float vy
 *                   28 int health  32 int score  36 int state  40 int ownerId  44 int pad
 *      MEMBER (32): 0 long sessionId  8 int entityId  12 int pad  16 long lastInputSequence  24 long lastInputTimeNs
 *  STATE_FRAME      body: 0 long roomId  8 long tick  16 long timeNs  24 int gameIndex  28 int entityCount
 *                         32 int memberCount  36 int roomStreamId  40 int recordLength  44 float viewRadius
 *                         48 entityCount * recordLength, then memberCount * MEMBER (a room of a game that declares its
 *                         state: each entity 0 int id  4 int typeId  8 float x  12 float y (as ENTITY's: where it is,
 *                         for interest; NaN: seen by all)  16 its type's field bytes as the wire carries them, zero
 *                         padded to recordLength)
 *  MEMBER_JOINED    body: 0 long roomId  8 long sessionId  16 int entityId  20 int roomStreamId (0: none)
 *  MEMBER_LEFT      body: 0 long roomId  8 long sessionId
 *  SESSION_OPENED   body: 0 long sessionId  8 long sourceId (the ingress source a resumed session moves to, else 0)
 *                         16 int streamId  20 int resumed (0|1)  24 int channelLength  28 channel
 *  SESSION_CLOSED   body: 0 long sessionId  8 int reason (an ErrorCode value)  12 int forget (0: held for a
 *                   reconnect, egress keeps its sequence; 1: the session is gone)
 *  PLAYER_STATE     body: 0 long playerId  8 long roomId  16 int gameIndex (registry order)  20 int connected (0|1)
 *                         24 int stateLength  28 the game's saved bytes
 *  PADDING          fills the end of the buffer when the next record does not fit before it
 * </pre>
 */
public final class OutputRecordDescriptor
{
    public static final int ALIGNMENT = 8;
    public static final int HEADER_LENGTH = 8;
    public static final int LENGTH_OFFSET = 0;
    public static final int TYPE_OFFSET = 4;

    public static final int PADDING = 0;
    public static final int SEND = 1;
    public static final int SEND_ALL = 2;
    public static final int ROOM_EVENT = 3;
    public static final int ROOM_FRAME = 4;
    public static final int MEMBER_JOINED = 5;
    public static final int MEMBER_LEFT = 6;
    public static final int SESSION_OPENED = 7;
    public static final int SESSION_CLOSED = 8;
    public static final int PLAYER_STATE = 9;
    public static final int STATE_FRAME = 10;

    public static final int SEND_SESSION_ID_OFFSET = 0;
    public static final int SEND_MESSAGE_OFFSET = 8;

    public static final int ROOM_EVENT_ROOM_ID_OFFSET = 0;
    public static final int ROOM_EVENT_EXCEPT_SESSION_ID_OFFSET = 8;
    public static final int ROOM_EVENT_MESSAGE_OFFSET = 16;

    public static final int FRAME_ROOM_ID_OFFSET = 0;
    public static final int FRAME_TICK_OFFSET = 8;
    public static final int FRAME_TIME_OFFSET = 16;
    public static final int FRAME_VIEW_RADIUS_OFFSET = 24;
    public static final int FRAME_ENTITY_COUNT_OFFSET = 28;
    public static final int FRAME_MEMBER_COUNT_OFFSET = 32;
    public static final int FRAME_ROOM_STREAM_ID_OFFSET = 36;
    public static final int FRAME_ENTITIES_OFFSET = 40;

    public static final int STATE_FRAME_GAME_INDEX_OFFSET = 24;
    public static final int STATE_FRAME_RECORD_LENGTH_OFFSET = 40;
    public static final int STATE_FRAME_VIEW_RADIUS_OFFSET = 44;
    public static final int STATE_FRAME_ENTITIES_OFFSET = 48;
    public static final int STATE_ENTITY_ID_OFFSET = 0;
    public static final int STATE_ENTITY_TYPE_OFFSET = 4;
    public static final int STATE_ENTITY_X_OFFSET = 8;
    public static final int STATE_ENTITY_Y_OFFSET = 12;
    public static final int STATE_ENTITY_VALUES_OFFSET = 16;

    public static final int ENTITY_LENGTH = 48;
    public static final int ENTITY_ID_OFFSET = 0;
    public static final int ENTITY_KIND_OFFSET = 4;
    public static final int ENTITY_X_OFFSET = 8;
    public static final int ENTITY_Y_OFFSET = 12;
    public static final int ENTITY_ROTATION_OFFSET = 16;
    public static final int ENTITY_VX_OFFSET = 20;
    public static final int ENTITY_VY_OFFSET = 24;
    public static final int ENTITY_HEALTH_OFFSET = 28;
    public static final int ENTITY_SCORE_OFFSET = 32;
    public static final int ENTITY_STATE_OFFSET = 36;
    public static final int ENTITY_OWNER_OFFSET = 40;

    public static final int MEMBER_LENGTH = 32;
    public static final int MEMBER_SESSION_ID_OFFSET = 0;
    public static final int MEMBER_ENTITY_ID_OFFSET = 8;
    public static final int MEMBER_LAST_INPUT_SEQUENCE_OFFSET = 16;
    public static final int MEMBER_LAST_INPUT_TIME_OFFSET = 24;

    public static final int MEMBER_JOINED_ENTITY_ID_OFFSET = 16;
    public static final int MEMBER_JOINED_ROOM_STREAM_ID_OFFSET = 20;
    public static final int MEMBER_JOINED_LENGTH = 24;
    public static final int MEMBER_LEFT_LENGTH = 16;

    public static final int SESSION_OPENED_SOURCE_ID_OFFSET = 8;
    public static final int SESSION_OPENED_STREAM_ID_OFFSET = 16;
    public static final int SESSION_OPENED_RESUMED_OFFSET = 20;
    public static final int SESSION_OPENED_CHANNEL_LENGTH_OFFSET = 24;
    public static final int SESSION_OPENED_CHANNEL_OFFSET = 28;

    public static final int SESSION_CLOSED_LENGTH = 16;
    public static final int SESSION_CLOSED_REASON_OFFSET = 8;
    public static final int SESSION_CLOSED_FORGET_OFFSET = 12;

    public static final int PLAYER_STATE_ROOM_ID_OFFSET = 8;
    public static final int PLAYER_STATE_GAME_INDEX_OFFSET = 16;
    public static final int PLAYER_STATE_CONNECTED_OFFSET = 20;
    public static final int PLAYER_STATE_LENGTH_OFFSET = 24;
    public static final int PLAYER_STATE_BYTES_OFFSET = 28;

    private OutputRecordDescriptor()
    {
    }

    /**
     * @return the length of a STATE_FRAME's entity records for a game whose longest type record is that long.
     */
    public static int stateRecordLength(final int maxTypeRecordLength)
    {
        return align(STATE_ENTITY_VALUES_OFFSET + maxTypeRecordLength);
    }

    public static int align(final int length)
    {
        return (length + ALIGNMENT - 1) & -ALIGNMENT;
    }

    public static String typeName(final int type)
    {
        switch (type)
        {
            case PADDING: return "PADDING";
            case SEND: return "SEND";
            case SEND_ALL: return "SEND_ALL";
            case ROOM_EVENT: return "ROOM_EVENT";
            case ROOM_FRAME: return "ROOM_FRAME";
            case MEMBER_JOINED: return "MEMBER_JOINED";
            case MEMBER_LEFT: return "MEMBER_LEFT";
            case SESSION_OPENED: return "SESSION_OPENED";
            case SESSION_CLOSED: return "SESSION_CLOSED";
            case PLAYER_STATE: return "PLAYER_STATE";
            case STATE_FRAME: return "STATE_FRAME";
            default: return "UNKNOWN(" + type + ")";
        }
    }
}
