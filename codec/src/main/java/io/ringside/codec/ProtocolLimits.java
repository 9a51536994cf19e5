package io.ringside.codec;

import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.CredentialsDataDecoder;
import io.ringside.codec.sbe.GamePayloadDecoder;
import io.ringside.codec.sbe.GroupSizeEncodingDecoder;
import io.ringside.codec.sbe.JoinByCodeDecoder;
import io.ringside.codec.sbe.MediumStringDecoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.RoomListTextDecoder;
import io.ringside.codec.sbe.ShortStringDecoder;
import io.ringside.codec.sbe.StateSchemaDataDecoder;
import io.ringside.codec.sbe.TurnActionDecoder;

/**
 * The size caps and version facts of the protocol, as named constants for the rest of the engine. Every value is
 * read from the generated codecs, so the schema stays the one place where a cap is decided.
 */
public final class ProtocolLimits
{
    public static final int SCHEMA_ID = MessageHeaderDecoder.SCHEMA_ID;

    /**
     * The schema version this build encodes with.
     */
    public static final int SCHEMA_VERSION = MessageHeaderDecoder.SCHEMA_VERSION;

    /**
     * The oldest schema version this build still decodes. Version 1 is the first; there is nothing older.
     */
    public static final int MIN_SUPPORTED_VERSION = 1;

    public static final int HEADER_LENGTH = MessageHeaderDecoder.ENCODED_LENGTH;
    public static final int GROUP_HEADER_LENGTH = GroupSizeEncodingDecoder.ENCODED_LENGTH;
    public static final int VAR_HEADER_LENGTH = ConnectDecoder.playerNameHeaderLength();

    public static final int MAX_PLAYER_NAME_LENGTH = ShortStringDecoder.lengthMaxValue();
    public static final int MAX_GAME_TYPE_LENGTH = ShortStringDecoder.lengthMaxValue();
    public static final int MAX_CHANNEL_LENGTH = MediumStringDecoder.lengthMaxValue();
    public static final int MAX_TEXT_LENGTH = MediumStringDecoder.lengthMaxValue();
    public static final int MAX_CREDENTIALS_LENGTH = CredentialsDataDecoder.lengthMaxValue();
    public static final int MAX_GROUP_COUNT = GroupSizeEncodingDecoder.numInGroupMaxValue();
    public static final int MAX_TURN_CELL = TurnActionDecoder.cellMaxValue();
    /**
     * The longest room options, matchmaking filter or room metadata: a medium text.
     */
    public static final int MAX_ROOM_TEXT_LENGTH = MediumStringDecoder.lengthMaxValue();
    /**
     * Rooms on a RoomList page at most: as many as their metadata, each a medium text and a newline, fits.
     */
    public static final int MAX_ROOM_LIST_PAGE = RoomListTextDecoder.lengthMaxValue() / (MAX_ROOM_TEXT_LENGTH + 1);
    /**
     * The response channel a client names in Connect and Reconnect when its responses come back on the connection
     * it sends on (a WebSocket: each binary frame one message of this protocol, both ways), with response stream id
     * 0.
     */
    public static final String IN_BAND_RESPONSE_CHANNEL = "ws";

    /**
     * Characters of a private room's join code.
     */
    public static final int JOIN_CODE_LENGTH = JoinByCodeDecoder.joinCodeLength();
    /**
     * The longest payload of a GameMessage or RoomMessage; a game declares a cap per opcode at most this.
     */
    public static final int MAX_GAME_PAYLOAD_LENGTH = GamePayloadDecoder.lengthMaxValue();
    /**
     * The longest declaration of a game's state a RoomStateSchema carries.
     */
    public static final int MAX_STATE_SCHEMA_LENGTH = StateSchemaDataDecoder.lengthMaxValue();

    /**
     * The longest message a client may send in the current version (a Connect with every var field full).
     */
    public static final int MAX_CLIENT_MESSAGE_LENGTH;

    /**
     * The longest message the engine may send on a client's own stream in the current version (a Snapshot with both
     * groups full).
     */
    public static final int MAX_SERVER_MESSAGE_LENGTH;

    /**
     * The longest room stream message the protocol allows (every group and var field at its cap); an engine sends at
     * most what its room
     * stream's term length carries (a term / 8) and caps the groups to fit.
     */
    public static final int MAX_ROOM_MESSAGE_LENGTH =
        Math.max(MessageType.ROOM_SNAPSHOT.maxEncodedLength(), MessageType.ROOM_STATE.maxEncodedLength());

    /**
     * Room stream ids: {@code ROOM_STREAM_ID_BASE + (roomId & ROOM_STREAM_ID_MASK)}. The range is reserved: a client
     * may not name a response stream id in it.
     */
    public static final int ROOM_STREAM_ID_BASE = 0x4000_0000;
    public static final int ROOM_STREAM_ID_MASK = 0x0FFF_FFFF;

    static
    {
        int maxClient = 0;
        int maxServer = 0;
        for (final MessageType type : MessageType.values())
        {
            if (type.direction() == MessageType.Direction.CLIENT_TO_SERVER)
            {
                maxClient = Math.max(maxClient, type.maxEncodedLength());
            }
            else if (type.direction() == MessageType.Direction.SERVER_TO_CLIENT)
            {
                maxServer = Math.max(maxServer, type.maxEncodedLength());
            }
        }
        MAX_CLIENT_MESSAGE_LENGTH = maxClient;
        MAX_SERVER_MESSAGE_LENGTH = maxServer;
    }

    /**
     * @return the stream id of a room's stream: the same on every media, unique among the rooms alive unless a room
     * outlives 2^28 later ones.
     */
    public static int roomStreamId(final long roomId)
    {
        return ROOM_STREAM_ID_BASE + (int)(roomId & ROOM_STREAM_ID_MASK);
    }

    /**
     * @return true when a stream id is in the range reserved for room streams.
     */
    public static boolean isRoomStreamId(final int streamId)
    {
        return streamId >= ROOM_STREAM_ID_BASE && streamId <= ROOM_STREAM_ID_BASE + ROOM_STREAM_ID_MASK;
    }

    private ProtocolLimits()
    {
    }
}
