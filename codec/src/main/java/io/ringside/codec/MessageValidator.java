package io.ringside.codec;

import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.CreateRoomDecoder;
import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.JoinRoomDecoder;
import io.ringside.codec.sbe.ListRoomsDecoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.ReconnectDecoder;
import io.ringside.codec.sbe.RedirectDecoder;
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
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.codec.sbe.StateViewDecoder;
import io.ringside.codec.sbe.TurnActionDecoder;
import io.ringside.codec.sbe.WatchRoomDecoder;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The one entry point for bytes that come from outside the process. Given {@code (buffer, offset, length)} it either
 * finds a complete, well-formed message of the protocol, ready to wrap with its generated decoder, or names the
 * {@link Rejection} that refuses it. It checks, in order: the header (length, schema id, version, template id,
 * direction), the root block length, every repeating group (header in bounds, entry block length, count cap,
 * entries in bounds), every var field (length prefix in bounds, under its cap, data in bounds), trailing bytes, and
 * then field values: defined enum and set values, finite floats and the ranges the schema declares.
 * <p>
 * It never throws for malformed bytes (every read is bounds-checked against {@code length} first), never allocates,
 * and counts every verdict. It is not thread-safe: one instance per reading thread.
 * <p>
 * Evolution: messages of a newer schema version are accepted when their blocks are at least as long as this
 * version's (fields are only ever appended), and their extra block bytes and trailing fields are skipped, as SBE's
 * acting-version rules intend. Messages claiming this version or older must match this version's layout exactly.
 */
public final class MessageValidator
{
    private static final ByteOrder ORDER = ByteOrder.LITTLE_ENDIAN;
    private static final int HEADER_LENGTH = ProtocolLimits.HEADER_LENGTH;

    private static final boolean[] BOOLEAN_VALUES = definedValues(BooleanType.values());
    private static final boolean[] ERROR_CODE_VALUES = definedValues(ErrorCode.values());
    private static final boolean[] SNAPSHOT_TYPE_VALUES = definedValues(SnapshotType.values());
    private static final boolean[] ENTITY_KIND_VALUES = definedValues(EntityKind.values());
    private static final boolean[] GAME_EVENT_TYPE_VALUES = definedValues(GameEventType.values());
    private static final boolean[] SERVER_STATE_VALUES = definedValues(ServerState.values());

    /**
     * Bits of the EntityFields set that have a choice in the schema.
     */
    private static final int ENTITY_FIELDS_DEFINED_BITS = 0b111_1111;

    static
    {
        if (SnapshotDecoder.EntitiesDecoder.sbeBlockLength() != RoomSnapshotDecoder.EntitiesDecoder.sbeBlockLength() ||
            SnapshotDecoder.EntitiesDecoder.vyEncodingOffset() != RoomSnapshotDecoder.EntitiesDecoder.vyEncodingOffset() ||
            SnapshotDecoder.EntitiesDecoder.ownerIdEncodingOffset() !=
                RoomSnapshotDecoder.EntitiesDecoder.ownerIdEncodingOffset())
        {
            throw new IllegalStateException("Snapshot and RoomSnapshot entity entries must have one layout");
        }
    }

    private final MessageType.Direction acceptedDirection;
    private final long[] counts = new long[Rejection.values().length];
    private boolean entryChecks = true;

    private MessageType messageType;
    private int templateId;
    private int actingBlockLength;
    private int actingVersion;
    private int messageLength;

    /**
     * @param acceptedDirection the direction of messages this reader expects; the other direction is rejected.
     */
    public MessageValidator(final MessageType.Direction acceptedDirection)
    {
        this.acceptedDirection = acceptedDirection;
    }

    /**
     * Whether the values in group entries are checked (enums and sets defined, floats finite). On by default. A reader
     * that never decodes the entries (a load generator that reads only a snapshot's header and its own
     * acknowledgement) may turn it off; the structure (block lengths, group counts and caps, var fields, the end of
     * the message) is checked either way, so a decoder still stays inside the message.
     *
     * @return this.
     */
    public MessageValidator entryChecks(final boolean entryChecks)
    {
        this.entryChecks = entryChecks;
        return this;
    }

    /**
     * @return a validator for the engine's ingress: accepts client-to-server messages only.
     */
    public static MessageValidator forServer()
    {
        return new MessageValidator(MessageType.Direction.CLIENT_TO_SERVER);
    }

    /**
     * @return a validator for a client: accepts server-to-client messages only.
     */
    public static MessageValidator forClient()
    {
        return new MessageValidator(MessageType.Direction.SERVER_TO_CLIENT);
    }

    /**
     * Validate one message.
     *
     * @param buffer holding the bytes.
     * @param offset of the message header.
     * @param length of the bytes received for this message.
     * @return {@link Rejection#NONE} when valid; then {@link #messageType()}, {@link #actingBlockLength()},
     * {@link #actingVersion()} and {@link #messageLength()} describe it.
     */
    public Rejection validate(final DirectBuffer buffer, final int offset, final int length)
    {
        messageType = null;
        templateId = -1;
        actingBlockLength = 0;
        actingVersion = 0;
        messageLength = 0;

        final Rejection rejection = check(buffer, offset, length);
        counts[rejection.ordinal()]++;
        return rejection;
    }

    private Rejection check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < HEADER_LENGTH || offset < 0 || offset > buffer.capacity() - length)
        {
            return Rejection.TOO_SHORT;
        }

        final int blockLength = buffer.getShort(offset + MessageHeaderDecoder.blockLengthEncodingOffset(), ORDER) & 0xFFFF;
        templateId = buffer.getShort(offset + MessageHeaderDecoder.templateIdEncodingOffset(), ORDER) & 0xFFFF;
        final int schemaId = buffer.getShort(offset + MessageHeaderDecoder.schemaIdEncodingOffset(), ORDER) & 0xFFFF;
        final int version = buffer.getShort(offset + MessageHeaderDecoder.versionEncodingOffset(), ORDER) & 0xFFFF;

        if (schemaId != ProtocolLimits.SCHEMA_ID)
        {
            return Rejection.WRONG_SCHEMA_ID;
        }
        if (version < ProtocolLimits.MIN_SUPPORTED_VERSION)
        {
            return Rejection.UNSUPPORTED_VERSION;
        }

        final MessageType type = MessageType.get(templateId);
        if (null == type || version < type.sinceVersion())
        {
            return Rejection.UNKNOWN_TEMPLATE;
        }
        if (type.direction() != acceptedDirection &&
            !(MessageType.Direction.ROOM_STREAM == type.direction() && MessageType.Direction.SERVER_TO_CLIENT == acceptedDirection))
        {
            return Rejection.WRONG_DIRECTION;
        }

        final boolean newerVersion = version > ProtocolLimits.SCHEMA_VERSION;
        final int expectedBlockLength = version < ProtocolLimits.SCHEMA_VERSION ?
            type.blockLengthAt(version) : type.blockLength();
        if (!blockLengthFits(blockLength, expectedBlockLength, newerVersion) || blockLength > length - HEADER_LENGTH)
        {
            return Rejection.BLOCK_LENGTH_OUT_OF_RANGE;
        }

        final int end = offset + length;
        final int body = offset + HEADER_LENGTH;
        int limit = body + blockLength;

        final Rejection rootRejection = checkRootFields(type, buffer, body);
        if (Rejection.NONE != rootRejection)
        {
            return rootRejection;
        }

        for (int g = 0, groupCount = type.groupCount(); g < groupCount; g++)
        {
            if (limit > end - ProtocolLimits.GROUP_HEADER_LENGTH)
            {
                return Rejection.GROUP_OUT_OF_RANGE;
            }
            final int entryLength = buffer.getShort(limit, ORDER) & 0xFFFF;
            final int count = buffer.getShort(limit + 2, ORDER) & 0xFFFF;
            limit += ProtocolLimits.GROUP_HEADER_LENGTH;

            if (!blockLengthFits(entryLength, type.groupEntryBlockLength(g), newerVersion))
            {
                return Rejection.GROUP_OUT_OF_RANGE;
            }
            if (count > type.groupCountCap(g))
            {
                return Rejection.GROUP_COUNT_OVER_CAP;
            }
            if ((long)entryLength * count > end - limit)
            {
                return Rejection.GROUP_OUT_OF_RANGE;
            }

            if (!entryChecks)
            {
                limit += entryLength * count;
                continue;
            }
            for (int i = 0; i < count; i++)
            {
                final Rejection entryRejection = checkGroupEntry(type, g, buffer, limit);
                if (Rejection.NONE != entryRejection)
                {
                    return entryRejection;
                }
                limit += entryLength;
            }
        }

        for (int v = 0, varCount = type.varFieldCount(); v < varCount; v++)
        {
            if (limit > end - ProtocolLimits.VAR_HEADER_LENGTH)
            {
                return Rejection.VAR_FIELD_PAST_END;
            }
            final int varLength = buffer.getShort(limit, ORDER) & 0xFFFF;
            limit += ProtocolLimits.VAR_HEADER_LENGTH;

            if (varLength > type.varFieldCap(v))
            {
                return Rejection.VAR_FIELD_OVER_CAP;
            }
            if (varLength > end - limit)
            {
                return Rejection.VAR_FIELD_PAST_END;
            }
            limit += varLength;
        }

        if (limit != end && !newerVersion)
        {
            return Rejection.TRAILING_BYTES;
        }

        messageType = type;
        actingBlockLength = blockLength;
        actingVersion = version;
        messageLength = limit - offset;

        return Rejection.NONE;
    }

    private static boolean blockLengthFits(final int actual, final int expected, final boolean newerVersion)
    {
        return newerVersion ? actual >= expected : actual == expected;
    }

    private static Rejection checkRootFields(final MessageType type, final DirectBuffer buffer, final int body)
    {
        switch (type)
        {
            case RECONNECT:
                return nonNegative(buffer.getLong(body + ReconnectDecoder.lastSequenceSeenEncodingOffset(), ORDER));

            case JOIN_ROOM:
                return nonNegative(buffer.getLong(body + JoinRoomDecoder.roomIdEncodingOffset(), ORDER));

            case WATCH_ROOM:
                return nonNegative(buffer.getLong(body + WatchRoomDecoder.roomIdEncodingOffset(), ORDER));

            case CREATE_ROOM:
                return defined(BOOLEAN_VALUES, buffer.getByte(body + CreateRoomDecoder.privateRoomEncodingOffset()));

            case LIST_ROOMS:
            {
                final int pageSize = buffer.getByte(body + ListRoomsDecoder.pageSizeEncodingOffset()) & 0xFF;
                return buffer.getInt(body + ListRoomsDecoder.firstRoomEncodingOffset(), ORDER) < 0 || pageSize < 1 ||
                    pageSize > ProtocolLimits.MAX_ROOM_LIST_PAGE ? Rejection.VALUE_OUT_OF_RANGE : Rejection.NONE;
            }

            case INPUT:
            {
                Rejection r = nonNegative(buffer.getLong(body + InputDecoder.inputSequenceEncodingOffset(), ORDER));
                if (Rejection.NONE == r)
                {
                    r = nonNegative(buffer.getLong(body + InputDecoder.lastServerSequenceEncodingOffset(), ORDER));
                }
                if (Rejection.NONE == r)
                {
                    r = inRange(buffer.getFloat(body + InputDecoder.thrustEncodingOffset(), ORDER),
                        InputDecoder.thrustMinValue(), InputDecoder.thrustMaxValue());
                }
                if (Rejection.NONE == r)
                {
                    r = inRange(buffer.getFloat(body + InputDecoder.turnEncodingOffset(), ORDER),
                        InputDecoder.turnMinValue(), InputDecoder.turnMaxValue());
                }
                if (Rejection.NONE == r)
                {
                    r = defined(BOOLEAN_VALUES, buffer.getByte(body + InputDecoder.fireEncodingOffset()));
                }
                return r;
            }

            case TURN_ACTION:
            {
                final int cell = buffer.getShort(body + TurnActionDecoder.cellEncodingOffset(), ORDER) & 0xFFFF;
                return cell <= TurnActionDecoder.cellMaxValue() ? Rejection.NONE : Rejection.VALUE_OUT_OF_RANGE;
            }

            case SESSION_RESULT:
            {
                final Rejection r = sequence(buffer, body + SessionResultDecoder.sequenceEncodingOffset());
                return Rejection.NONE != r ? r :
                    defined(ERROR_CODE_VALUES, buffer.getByte(body + SessionResultDecoder.resultEncodingOffset()));
            }

            case ROOM_JOINED:
                return sequence(buffer, body + RoomJoinedDecoder.sequenceEncodingOffset());

            case ROOM_LEFT:
                return sequence(buffer, body + RoomLeftDecoder.sequenceEncodingOffset());

            case ROOM_LIST:
                return sequence(buffer, body + RoomListDecoder.sequenceEncodingOffset());

            case REDIRECT:
                return sequence(buffer, body + RedirectDecoder.sequenceEncodingOffset());

            case SNAPSHOT:
            {
                Rejection r = sequence(buffer, body + SnapshotDecoder.sequenceEncodingOffset());
                if (Rejection.NONE == r)
                {
                    r = defined(SNAPSHOT_TYPE_VALUES, buffer.getByte(body + SnapshotDecoder.snapshotTypeEncodingOffset()));
                }
                if (Rejection.NONE == r)
                {
                    r = nonNegative(buffer.getLong(body + SnapshotDecoder.baselineSequenceEncodingOffset(), ORDER));
                }
                return r;
            }

            case STATE_VIEW:
            {
                Rejection r = sequence(buffer, body + StateViewDecoder.sequenceEncodingOffset());
                if (Rejection.NONE == r)
                {
                    r = defined(SNAPSHOT_TYPE_VALUES, buffer.getByte(body + StateViewDecoder.snapshotTypeEncodingOffset()));
                }
                if (Rejection.NONE == r)
                {
                    r = nonNegative(buffer.getLong(body + StateViewDecoder.baselineSequenceEncodingOffset(), ORDER));
                }
                return r;
            }

            case GAME_EVENT:
            {
                Rejection r = sequence(buffer, body + GameEventDecoder.sequenceEncodingOffset());
                if (Rejection.NONE == r)
                {
                    r = defined(GAME_EVENT_TYPE_VALUES, buffer.getByte(body + GameEventDecoder.eventTypeEncodingOffset()));
                }
                if (Rejection.NONE == r)
                {
                    r = finite(buffer.getFloat(body + GameEventDecoder.xEncodingOffset(), ORDER));
                }
                if (Rejection.NONE == r)
                {
                    r = finite(buffer.getFloat(body + GameEventDecoder.yEncodingOffset(), ORDER));
                }
                return r;
            }

            case PONG:
                return sequence(buffer, body + PongDecoder.sequenceEncodingOffset());

            case ROOM_MESSAGE:
                return sequence(buffer, body + RoomMessageDecoder.sequenceEncodingOffset());

            case ROOM_STATE_SCHEMA:
                return sequence(buffer, body + RoomStateSchemaDecoder.sequenceEncodingOffset());

            case ROOM_STATE:
            {
                Rejection r = sequence(buffer, body + RoomStateDecoder.roomSequenceEncodingOffset());
                if (Rejection.NONE == r)
                {
                    r = defined(SNAPSHOT_TYPE_VALUES, buffer.getByte(body + RoomStateDecoder.snapshotTypeEncodingOffset()));
                }
                if (Rejection.NONE == r)
                {
                    r = nonNegative(buffer.getLong(body + RoomStateDecoder.baselineSequenceEncodingOffset(), ORDER));
                }
                return r;
            }

            case ERROR:
            {
                final Rejection r = sequence(buffer, body + ErrorDecoder.sequenceEncodingOffset());
                return Rejection.NONE != r ? r :
                    defined(ERROR_CODE_VALUES, buffer.getByte(body + ErrorDecoder.codeEncodingOffset()));
            }

            case ROOM_SNAPSHOT:
            {
                Rejection r = sequence(buffer, body + RoomSnapshotDecoder.roomSequenceEncodingOffset());
                if (Rejection.NONE == r)
                {
                    r = defined(SNAPSHOT_TYPE_VALUES, buffer.getByte(body + RoomSnapshotDecoder.snapshotTypeEncodingOffset()));
                }
                if (Rejection.NONE == r)
                {
                    r = nonNegative(buffer.getLong(body + RoomSnapshotDecoder.baselineSequenceEncodingOffset(), ORDER));
                }
                return r;
            }

            case SERVER_STATUS:
            {
                final Rejection r = sequence(buffer, body + ServerStatusDecoder.sequenceEncodingOffset());
                return Rejection.NONE != r ? r :
                    defined(SERVER_STATE_VALUES, buffer.getByte(body + ServerStatusDecoder.stateEncodingOffset()));
            }

            default:
                return Rejection.NONE;
        }
    }

    private static Rejection checkGroupEntry(
        final MessageType type, final int groupIndex, final DirectBuffer buffer, final int entry)
    {
        if (MessageType.SNAPSHOT == type && 0 == groupIndex)
        {
            return checkEntity(buffer, entry);
        }
        if (MessageType.ROOM_SNAPSHOT == type && 0 == groupIndex)
        {
            return nonNegative(buffer.getLong(
                entry + RoomSnapshotDecoder.MembersDecoder.lastInputSequenceEncodingOffset(), ORDER));
        }
        if (MessageType.ROOM_STATE == type && 0 == groupIndex)
        {
            return nonNegative(buffer.getLong(
                entry + RoomStateDecoder.MembersDecoder.lastInputSequenceEncodingOffset(), ORDER));
        }
        if (MessageType.ROOM_SNAPSHOT == type && 1 == groupIndex)
        {
            return checkEntity(buffer, entry);
        }

        return Rejection.NONE;
    }

    /**
     * An entity entry of a Snapshot or a RoomSnapshot: the two groups have the same fields at the same offsets (the
     * static initialiser checks it).
     */
    private static Rejection checkEntity(final DirectBuffer buffer, final int entry)
    {
        Rejection r = defined(ENTITY_KIND_VALUES, buffer.getByte(entry + SnapshotDecoder.EntitiesDecoder.kindEncodingOffset()));
        if (Rejection.NONE == r)
        {
            final int fields = buffer.getShort(entry + SnapshotDecoder.EntitiesDecoder.changedFieldsEncodingOffset(), ORDER);
            r = 0 == (fields & ~ENTITY_FIELDS_DEFINED_BITS & 0xFFFF) ? Rejection.NONE : Rejection.ENUM_VALUE_UNDEFINED;
        }
        if (Rejection.NONE == r)
        {
            r = finite(buffer.getFloat(entry + SnapshotDecoder.EntitiesDecoder.xEncodingOffset(), ORDER));
        }
        if (Rejection.NONE == r)
        {
            r = finite(buffer.getFloat(entry + SnapshotDecoder.EntitiesDecoder.yEncodingOffset(), ORDER));
        }
        if (Rejection.NONE == r)
        {
            r = finite(buffer.getFloat(entry + SnapshotDecoder.EntitiesDecoder.rotationEncodingOffset(), ORDER));
        }
        if (Rejection.NONE == r)
        {
            r = finite(buffer.getFloat(entry + SnapshotDecoder.EntitiesDecoder.vxEncodingOffset(), ORDER));
        }
        if (Rejection.NONE == r)
        {
            r = finite(buffer.getFloat(entry + SnapshotDecoder.EntitiesDecoder.vyEncodingOffset(), ORDER));
        }
        return r;
    }

    private static Rejection sequence(final DirectBuffer buffer, final int index)
    {
        return nonNegative(buffer.getLong(index, ORDER));
    }

    private static Rejection nonNegative(final long value)
    {
        return value >= 0 ? Rejection.NONE : Rejection.VALUE_OUT_OF_RANGE;
    }

    private static Rejection finite(final float value)
    {
        return Float.isFinite(value) ? Rejection.NONE : Rejection.FLOAT_NOT_FINITE;
    }

    private static Rejection inRange(final float value, final float min, final float max)
    {
        if (!Float.isFinite(value))
        {
            return Rejection.FLOAT_NOT_FINITE;
        }
        return value >= min && value <= max ? Rejection.NONE : Rejection.VALUE_OUT_OF_RANGE;
    }

    private static Rejection defined(final boolean[] definedValues, final byte rawValue)
    {
        return definedValues[rawValue & 0xFF] ? Rejection.NONE : Rejection.ENUM_VALUE_UNDEFINED;
    }

    /**
     * A table of the raw uint8 values an SBE enum defines, without its NULL_VAL.
     */
    private static boolean[] definedValues(final Enum<?>[] constants)
    {
        final boolean[] defined = new boolean[256];
        for (final Enum<?> constant : constants)
        {
            if (!"NULL_VAL".equals(constant.name()))
            {
                defined[rawValue(constant)] = true;
            }
        }
        return defined;
    }

    private static int rawValue(final Enum<?> constant)
    {
        if (constant instanceof BooleanType)
        {
            return ((BooleanType)constant).value();
        }
        if (constant instanceof ErrorCode)
        {
            return ((ErrorCode)constant).value();
        }
        if (constant instanceof SnapshotType)
        {
            return ((SnapshotType)constant).value();
        }
        if (constant instanceof EntityKind)
        {
            return ((EntityKind)constant).value();
        }
        if (constant instanceof GameEventType)
        {
            return ((GameEventType)constant).value();
        }
        if (constant instanceof ServerState)
        {
            return ((ServerState)constant).value();
        }
        throw new IllegalArgumentException("not a protocol enum: " + constant);
    }

    /**
     * @return the type of the last valid message, or null after a rejection.
     */
    public MessageType messageType()
    {
        return messageType;
    }

    /**
     * @return the template id read from the last header, or -1 when there was no header.
     */
    public int templateId()
    {
        return templateId;
    }

    /**
     * @return the root block length to pass to the decoder's {@code wrap}.
     */
    public int actingBlockLength()
    {
        return actingBlockLength;
    }

    /**
     * @return the schema version to pass to the decoder's {@code wrap}.
     */
    public int actingVersion()
    {
        return actingVersion;
    }

    /**
     * @return the length of the last valid message, header included.
     */
    public int messageLength()
    {
        return messageLength;
    }

    /**
     * @param rejection a verdict.
     * @return how many messages got that verdict from this validator.
     */
    public long count(final Rejection rejection)
    {
        return counts[rejection.ordinal()];
    }

    /**
     * @return how many messages this validator has rejected, for any reason.
     */
    public long rejectedCount()
    {
        long total = 0;
        for (int i = 1; i < counts.length; i++)
        {
            total += counts[i];
        }
        return total;
    }

    public String toString()
    {
        return "MessageValidator{" + acceptedDirection + ", counts=" + Arrays.toString(counts) + '}';
    }
}
