package io.ringside.codec;

import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.CreateRoomDecoder;
import io.ringside.codec.sbe.CredentialsDataDecoder;
import io.ringside.codec.sbe.DisconnectDecoder;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.GameMessageDecoder;
import io.ringside.codec.sbe.GamePayloadDecoder;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.JoinByCodeDecoder;
import io.ringside.codec.sbe.JoinRoomDecoder;
import io.ringside.codec.sbe.LeaveRoomDecoder;
import io.ringside.codec.sbe.ListRoomsDecoder;
import io.ringside.codec.sbe.MatchRoomDecoder;
import io.ringside.codec.sbe.MediumStringDecoder;
import io.ringside.codec.sbe.PingDecoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.ReconnectDecoder;
import io.ringside.codec.sbe.RedirectDecoder;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.RoomLeftDecoder;
import io.ringside.codec.sbe.RoomListDecoder;
import io.ringside.codec.sbe.RoomListTextDecoder;
import io.ringside.codec.sbe.RoomMessageDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.RoomStateDecoder;
import io.ringside.codec.sbe.RoomStateSchemaDecoder;
import io.ringside.codec.sbe.ServerStatusDecoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.codec.sbe.ShortStringDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.codec.sbe.StateSchemaDataDecoder;
import io.ringside.codec.sbe.StateValuesDataDecoder;
import io.ringside.codec.sbe.StateViewDecoder;
import io.ringside.codec.sbe.TurnActionDecoder;
import io.ringside.codec.sbe.WatchRoomDecoder;
import io.ringside.codec.sbe.ViewValuesDataDecoder;

/**
 * Every message of the protocol with the layout facts a validator needs: root block length, the repeating groups
 * (entry block length and count cap, in schema order) and the caps of the var fields (in schema order). All numbers
 * come from the codecs generated from {@code schemas/ringside-protocol.xml}; none is written here by hand.
 */
public enum MessageType
{
    CONNECT(ConnectDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, ConnectDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.MEDIUM_TEXT, Layout.SHORT_TEXT, Layout.CREDENTIALS }),
    RECONNECT(ReconnectDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, ReconnectDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.MEDIUM_TEXT }),
    JOIN_ROOM(JoinRoomDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, JoinRoomDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.SHORT_TEXT }),
    LEAVE_ROOM(LeaveRoomDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, LeaveRoomDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE),
    INPUT(InputDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, InputDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE),
    TURN_ACTION(TurnActionDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, TurnActionDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE),
    PING(PingDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, PingDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE),
    DISCONNECT(DisconnectDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, DisconnectDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE),
    GAME_MESSAGE(GameMessageDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, GameMessageDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.GAME_PAYLOAD }, GameMessageDecoder.correlationIdSinceVersion()),
    CREATE_ROOM(CreateRoomDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, CreateRoomDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.SHORT_TEXT, Layout.MEDIUM_TEXT },
        CreateRoomDecoder.correlationIdSinceVersion()),
    MATCH_ROOM(MatchRoomDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, MatchRoomDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.SHORT_TEXT, Layout.MEDIUM_TEXT, Layout.MEDIUM_TEXT },
        MatchRoomDecoder.correlationIdSinceVersion()),
    JOIN_BY_CODE(JoinByCodeDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, JoinByCodeDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE, JoinByCodeDecoder.correlationIdSinceVersion()),
    LIST_ROOMS(ListRoomsDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, ListRoomsDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.SHORT_TEXT, Layout.MEDIUM_TEXT },
        ListRoomsDecoder.correlationIdSinceVersion()),
    WATCH_ROOM(WatchRoomDecoder.TEMPLATE_ID, Direction.CLIENT_TO_SERVER, WatchRoomDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE, WatchRoomDecoder.correlationIdSinceVersion()),

    SESSION_RESULT(SessionResultDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, SessionResultDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE),
    ROOM_JOINED(RoomJoinedDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, RoomJoinedDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.SHORT_TEXT }),
    ROOM_LEFT(RoomLeftDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, RoomLeftDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE),
    SNAPSHOT(SnapshotDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, SnapshotDecoder.BLOCK_LENGTH,
        new int[]{ SnapshotDecoder.EntitiesDecoder.sbeBlockLength(), SnapshotDecoder.RemovedEntitiesDecoder.sbeBlockLength() },
        new int[]{ SnapshotDecoder.EntitiesDecoder.countMaxValue(), SnapshotDecoder.RemovedEntitiesDecoder.countMaxValue() },
        Layout.NONE),
    GAME_EVENT(GameEventDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, GameEventDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE),
    PONG(PongDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, PongDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, Layout.NONE),
    ERROR(ErrorDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, ErrorDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.MEDIUM_TEXT }),
    SERVER_STATUS(ServerStatusDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, ServerStatusDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.MEDIUM_TEXT }),
    ROOM_STATE_SCHEMA(RoomStateSchemaDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT,
        RoomStateSchemaDecoder.BLOCK_LENGTH, Layout.NONE, Layout.NONE, new int[]{ Layout.STATE_SCHEMA },
        RoomStateSchemaDecoder.sequenceSinceVersion()),
    STATE_VIEW(StateViewDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, StateViewDecoder.BLOCK_LENGTH,
        new int[]{ StateViewDecoder.RemovedEntitiesDecoder.sbeBlockLength() },
        new int[]{ StateViewDecoder.RemovedEntitiesDecoder.countMaxValue() }, new int[]{ Layout.VIEW_VALUES },
        StateViewDecoder.sequenceSinceVersion()),
    ROOM_LIST(RoomListDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, RoomListDecoder.BLOCK_LENGTH,
        new int[]{ RoomListDecoder.RoomsDecoder.sbeBlockLength() }, new int[]{ Layout.ROOM_LIST_PAGE },
        new int[]{ Layout.ROOM_LIST_TEXT }, RoomListDecoder.sequenceSinceVersion()),
    REDIRECT(RedirectDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, RedirectDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.MEDIUM_TEXT, Layout.MEDIUM_TEXT, Layout.CREDENTIALS },
        RedirectDecoder.sequenceSinceVersion()),
    ROOM_MESSAGE(RoomMessageDecoder.TEMPLATE_ID, Direction.SERVER_TO_CLIENT, RoomMessageDecoder.BLOCK_LENGTH,
        Layout.NONE, Layout.NONE, new int[]{ Layout.GAME_PAYLOAD }, RoomMessageDecoder.sequenceSinceVersion()),
    ROOM_SNAPSHOT(RoomSnapshotDecoder.TEMPLATE_ID, Direction.ROOM_STREAM, RoomSnapshotDecoder.BLOCK_LENGTH,
        new int[]{ RoomSnapshotDecoder.MembersDecoder.sbeBlockLength(), RoomSnapshotDecoder.EntitiesDecoder.sbeBlockLength(),
            RoomSnapshotDecoder.RemovedEntitiesDecoder.sbeBlockLength() },
        new int[]{ RoomSnapshotDecoder.MembersDecoder.countMaxValue(), RoomSnapshotDecoder.EntitiesDecoder.countMaxValue(),
            RoomSnapshotDecoder.RemovedEntitiesDecoder.countMaxValue() },
        Layout.NONE, RoomJoinedDecoder.roomStreamIdSinceVersion()),
    ROOM_STATE(RoomStateDecoder.TEMPLATE_ID, Direction.ROOM_STREAM, RoomStateDecoder.BLOCK_LENGTH,
        new int[]{ RoomStateDecoder.MembersDecoder.sbeBlockLength(), RoomStateDecoder.RemovedEntitiesDecoder.sbeBlockLength() },
        new int[]{ RoomStateDecoder.MembersDecoder.countMaxValue(), RoomStateDecoder.RemovedEntitiesDecoder.countMaxValue() },
        new int[]{ Layout.STATE_VALUES }, RoomStateDecoder.roomSequenceSinceVersion());

    /**
     * Constants the enum constants above refer to; a nested class so that they exist before the constants do.
     */
    private static final class Layout
    {
        static final int[] NONE = {};
        static final int SHORT_TEXT = ShortStringDecoder.lengthMaxValue();
        static final int MEDIUM_TEXT = MediumStringDecoder.lengthMaxValue();
        static final int CREDENTIALS = CredentialsDataDecoder.lengthMaxValue();
        static final int GAME_PAYLOAD = GamePayloadDecoder.lengthMaxValue();
        static final int STATE_SCHEMA = StateSchemaDataDecoder.lengthMaxValue();
        static final int STATE_VALUES = StateValuesDataDecoder.lengthMaxValue();
        static final int VIEW_VALUES = ViewValuesDataDecoder.lengthMaxValue();
        static final int ROOM_LIST_TEXT = RoomListTextDecoder.lengthMaxValue();
        /**
         * Rooms on a RoomList page: as many as their metadata, each at most a medium text and a newline, fits.
         */
        static final int ROOM_LIST_PAGE = ROOM_LIST_TEXT / (MEDIUM_TEXT + 1);
        /**
         * The first schema version; the generated codecs carry no message-level sinceVersion, so a message added
         * later names the sinceVersion of its first field (or, for RoomSnapshot, of the field added with it).
         */
        static final int FIRST_VERSION = 1;
    }

    /**
     * Which way a message travels.
     */
    public enum Direction
    {
        CLIENT_TO_SERVER,
        SERVER_TO_CLIENT,
        /**
         * Server to client on a room's stream, encoded once for every member (not on the client's own stream).
         */
        ROOM_STREAM
    }

    /**
     * Highest template id of the protocol plus one: the size of the lookup table.
     */
    private static final int MAX_TEMPLATE_ID = 256;
    private static final MessageType[] BY_TEMPLATE_ID = new MessageType[MAX_TEMPLATE_ID];

    static
    {
        for (final MessageType type : values())
        {
            if (null != BY_TEMPLATE_ID[type.templateId])
            {
                throw new IllegalStateException("template id used twice: " + type.templateId);
            }
            BY_TEMPLATE_ID[type.templateId] = type;
        }
    }

    private final int templateId;
    private final Direction direction;
    private final int blockLength;
    private final int[] groupEntryBlockLengths;
    private final int[] groupCountCaps;
    private final int[] varFieldCaps;
    private final int sinceVersion;

    MessageType(
        final int templateId,
        final Direction direction,
        final int blockLength,
        final int[] groupEntryBlockLengths,
        final int[] groupCountCaps,
        final int[] varFieldCaps)
    {
        this(templateId, direction, blockLength, groupEntryBlockLengths, groupCountCaps, varFieldCaps,
            Layout.FIRST_VERSION);
    }

    MessageType(
        final int templateId,
        final Direction direction,
        final int blockLength,
        final int[] groupEntryBlockLengths,
        final int[] groupCountCaps,
        final int[] varFieldCaps,
        final int sinceVersion)
    {
        this.sinceVersion = sinceVersion;
        this.templateId = templateId;
        this.direction = direction;
        this.blockLength = blockLength;
        this.groupEntryBlockLengths = groupEntryBlockLengths;
        this.groupCountCaps = groupCountCaps;
        this.varFieldCaps = varFieldCaps;
    }

    /**
     * @param templateId from a message header.
     * @return the message type, or null when the protocol has no such template.
     */
    public static MessageType get(final int templateId)
    {
        return templateId >= 0 && templateId < MAX_TEMPLATE_ID ? BY_TEMPLATE_ID[templateId] : null;
    }

    public int templateId()
    {
        return templateId;
    }

    public Direction direction()
    {
        return direction;
    }

    /**
     * @return the schema version that added this message: a header claiming an older version cannot carry it.
     */
    public int sinceVersion()
    {
        return sinceVersion;
    }

    /**
     * @return root block length in the current schema version.
     */
    public int blockLength()
    {
        return blockLength;
    }

    /**
     * @param version an older schema version than this build's.
     * @return the root block length a message of that version has: fields appended since then are absent.
     */
    public int blockLengthAt(final int version)
    {
        if (ROOM_JOINED == this && version < RoomJoinedDecoder.roomStreamIdSinceVersion())
        {
            return RoomJoinedDecoder.roomStreamIdEncodingOffset();
        }
        if (ROOM_JOINED == this && version < RoomJoinedDecoder.joinCodeSinceVersion())
        {
            return RoomJoinedDecoder.joinCodeEncodingOffset();
        }
        return blockLength;
    }

    public int groupCount()
    {
        return groupEntryBlockLengths.length;
    }

    public int groupEntryBlockLength(final int groupIndex)
    {
        return groupEntryBlockLengths[groupIndex];
    }

    public int groupCountCap(final int groupIndex)
    {
        return groupCountCaps[groupIndex];
    }

    public int varFieldCount()
    {
        return varFieldCaps.length;
    }

    public int varFieldCap(final int varIndex)
    {
        return varFieldCaps[varIndex];
    }

    /**
     * @return the longest encoding of this message in the current version, every group and var field full.
     */
    public int maxEncodedLength()
    {
        int length = ProtocolLimits.HEADER_LENGTH + blockLength;
        for (int i = 0; i < groupEntryBlockLengths.length; i++)
        {
            length += ProtocolLimits.GROUP_HEADER_LENGTH + groupEntryBlockLengths[i] * groupCountCaps[i];
        }
        for (final int cap : varFieldCaps)
        {
            length += ProtocolLimits.VAR_HEADER_LENGTH + cap;
        }
        return length;
    }
}
