package io.ringside.codec;

import io.ringside.codec.sbe.ConnectDecoder;
import io.ringside.codec.sbe.CreateRoomDecoder;
import io.ringside.codec.sbe.DisconnectDecoder;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.GameMessageDecoder;
import io.ringside.codec.sbe.InputDecoder;
import io.ringside.codec.sbe.JoinByCodeDecoder;
import io.ringside.codec.sbe.JoinRoomDecoder;
import io.ringside.codec.sbe.LeaveRoomDecoder;
import io.ringside.codec.sbe.ListRoomsDecoder;
import io.ringside.codec.sbe.MatchRoomDecoder;
import io.ringside.codec.sbe.PingDecoder;
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
import io.ringside.codec.sbe.ServerStatusDecoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.codec.sbe.StateViewDecoder;
import io.ringside.codec.sbe.TurnActionDecoder;
import io.ringside.codec.sbe.WatchRoomDecoder;
import org.agrona.DirectBuffer;
import org.agrona.sbe.MessageDecoderFlyweight;

/**
 * Turns a message of either direction into text, for tools (journal dumps, debugging), never for the hot path: the
 * text form allocates. Bytes are validated first, so a malformed message prints as its rejection, never as garbage
 * and never as an exception.
 */
public final class MessagePrinter
{
    private final MessageValidator serverBound = MessageValidator.forServer();
    private final MessageValidator clientBound = MessageValidator.forClient();
    private final MessageDecoderFlyweight[] decoders = new MessageDecoderFlyweight[MessageType.values().length];

    public MessagePrinter()
    {
        decoders[MessageType.CONNECT.ordinal()] = new ConnectDecoder();
        decoders[MessageType.RECONNECT.ordinal()] = new ReconnectDecoder();
        decoders[MessageType.JOIN_ROOM.ordinal()] = new JoinRoomDecoder();
        decoders[MessageType.LEAVE_ROOM.ordinal()] = new LeaveRoomDecoder();
        decoders[MessageType.INPUT.ordinal()] = new InputDecoder();
        decoders[MessageType.TURN_ACTION.ordinal()] = new TurnActionDecoder();
        decoders[MessageType.PING.ordinal()] = new PingDecoder();
        decoders[MessageType.DISCONNECT.ordinal()] = new DisconnectDecoder();
        decoders[MessageType.GAME_MESSAGE.ordinal()] = new GameMessageDecoder();
        decoders[MessageType.CREATE_ROOM.ordinal()] = new CreateRoomDecoder();
        decoders[MessageType.MATCH_ROOM.ordinal()] = new MatchRoomDecoder();
        decoders[MessageType.JOIN_BY_CODE.ordinal()] = new JoinByCodeDecoder();
        decoders[MessageType.LIST_ROOMS.ordinal()] = new ListRoomsDecoder();
        decoders[MessageType.WATCH_ROOM.ordinal()] = new WatchRoomDecoder();
        decoders[MessageType.ROOM_LIST.ordinal()] = new RoomListDecoder();
        decoders[MessageType.STATE_VIEW.ordinal()] = new StateViewDecoder();
        decoders[MessageType.REDIRECT.ordinal()] = new RedirectDecoder();
        decoders[MessageType.SESSION_RESULT.ordinal()] = new SessionResultDecoder();
        decoders[MessageType.ROOM_JOINED.ordinal()] = new RoomJoinedDecoder();
        decoders[MessageType.ROOM_LEFT.ordinal()] = new RoomLeftDecoder();
        decoders[MessageType.SNAPSHOT.ordinal()] = new SnapshotDecoder();
        decoders[MessageType.ROOM_SNAPSHOT.ordinal()] = new RoomSnapshotDecoder();
        decoders[MessageType.GAME_EVENT.ordinal()] = new GameEventDecoder();
        decoders[MessageType.PONG.ordinal()] = new PongDecoder();
        decoders[MessageType.ERROR.ordinal()] = new ErrorDecoder();
        decoders[MessageType.SERVER_STATUS.ordinal()] = new ServerStatusDecoder();
        decoders[MessageType.ROOM_MESSAGE.ordinal()] = new RoomMessageDecoder();
        decoders[MessageType.ROOM_STATE_SCHEMA.ordinal()] = new RoomStateSchemaDecoder();
        decoders[MessageType.ROOM_STATE.ordinal()] = new RoomStateDecoder();
    }

    /**
     * Wrap the generated decoder of a validated message.
     *
     * @param validator that has just returned {@link Rejection#NONE} for the message at {@code offset}.
     * @param buffer    holding the message.
     * @param offset    of the message header.
     * @return the decoder of the message's type, wrapped over its body with the acting block length and version.
     */
    public MessageDecoderFlyweight wrap(final MessageValidator validator, final DirectBuffer buffer, final int offset)
    {
        final MessageDecoderFlyweight decoder = decoders[validator.messageType().ordinal()];
        decoder.wrap(
            buffer, offset + ProtocolLimits.HEADER_LENGTH, validator.actingBlockLength(), validator.actingVersion());
        return decoder;
    }

    /**
     * Append a message of either direction as text.
     *
     * @return {@code builder}, with the message or {@code INVALID(reason)} appended.
     */
    public StringBuilder print(final DirectBuffer buffer, final int offset, final int length, final StringBuilder builder)
    {
        MessageValidator validator = serverBound;
        Rejection rejection = serverBound.validate(buffer, offset, length);
        if (Rejection.WRONG_DIRECTION == rejection)
        {
            validator = clientBound;
            rejection = clientBound.validate(buffer, offset, length);
        }

        if (Rejection.NONE != rejection)
        {
            return builder.append("INVALID(").append(rejection.name()).append(": ").append(rejection.text()).append(')');
        }

        return wrap(validator, buffer, offset).appendTo(builder);
    }
}
