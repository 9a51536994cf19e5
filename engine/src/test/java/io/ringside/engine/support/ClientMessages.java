package io.ringside.engine.support;

import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.BooleanType;
import io.ringside.codec.sbe.ConnectEncoder;
import io.ringside.codec.sbe.CreateRoomEncoder;
import io.ringside.codec.sbe.DisconnectEncoder;
import io.ringside.codec.sbe.GameMessageEncoder;
import io.ringside.codec.sbe.InputEncoder;
import io.ringside.codec.sbe.JoinByCodeEncoder;
import io.ringside.codec.sbe.JoinRoomEncoder;
import io.ringside.codec.sbe.LeaveRoomEncoder;
import io.ringside.codec.sbe.ListRoomsEncoder;
import io.ringside.codec.sbe.MatchRoomEncoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PingEncoder;
import io.ringside.codec.sbe.ReconnectEncoder;
import io.ringside.codec.sbe.TurnActionEncoder;
import io.ringside.codec.sbe.WatchRoomEncoder;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Encodes client-to-server messages into one reusable buffer, as a client would send them.
 */
public final class ClientMessages
{
    public final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    public int length;
    public int templateId;

    private final MessageHeaderEncoder header = new MessageHeaderEncoder();
    private final ConnectEncoder connect = new ConnectEncoder();
    private final ReconnectEncoder reconnect = new ReconnectEncoder();
    private final JoinRoomEncoder joinRoom = new JoinRoomEncoder();
    private final LeaveRoomEncoder leaveRoom = new LeaveRoomEncoder();
    private final InputEncoder input = new InputEncoder();
    private final TurnActionEncoder turnAction = new TurnActionEncoder();
    private final PingEncoder ping = new PingEncoder();
    private final DisconnectEncoder disconnect = new DisconnectEncoder();
    private final GameMessageEncoder gameMessage = new GameMessageEncoder();
    private final CreateRoomEncoder createRoom = new CreateRoomEncoder();
    private final MatchRoomEncoder matchRoom = new MatchRoomEncoder();
    private final JoinByCodeEncoder joinByCode = new JoinByCodeEncoder();
    private final ListRoomsEncoder listRooms = new ListRoomsEncoder();
    private final WatchRoomEncoder watchRoom = new WatchRoomEncoder();

    public ClientMessages connect(final long correlationId, final String channel, final int streamId)
    {
        connect.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId)
            .protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(streamId)
            .responseChannel(channel).playerName("player").putCredentials(new byte[0], 0, 0);
        return done(ConnectEncoder.TEMPLATE_ID, connect.encodedLength());
    }

    public ClientMessages reconnect(
        final long correlationId, final long sessionId, final long tokenHigh, final long tokenLow, final String channel,
        final int streamId)
    {
        reconnect.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId);
        reconnect.resumeToken().high(tokenHigh).low(tokenLow);
        reconnect.lastSequenceSeen(0).protocolVersion(ProtocolLimits.SCHEMA_VERSION).responseStreamId(streamId)
            .responseChannel(channel);
        return done(ReconnectEncoder.TEMPLATE_ID, reconnect.encodedLength());
    }

    public ClientMessages joinRoom(final long correlationId, final long sessionId, final long roomId, final String game)
    {
        joinRoom.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId).roomId(roomId)
            .gameType(game);
        return done(JoinRoomEncoder.TEMPLATE_ID, joinRoom.encodedLength());
    }

    public ClientMessages leaveRoom(final long correlationId, final long sessionId)
    {
        leaveRoom.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId);
        return done(LeaveRoomEncoder.TEMPLATE_ID, leaveRoom.encodedLength());
    }

    public ClientMessages input(
        final long sessionId, final long inputSequence, final long clientTimeNs, final float thrust, final float turn,
        final boolean fire)
    {
        input.wrapAndApplyHeader(buffer, 0, header).sessionId(sessionId).inputSequence(inputSequence)
            .clientTimestampNs(clientTimeNs).lastServerSequence(0).thrust(thrust).turn(turn)
            .fire(fire ? BooleanType.TRUE : BooleanType.FALSE);
        return done(InputEncoder.TEMPLATE_ID, input.encodedLength());
    }

    public ClientMessages turnAction(final long correlationId, final long sessionId, final int cell)
    {
        turnAction.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId).cell(cell);
        return done(TurnActionEncoder.TEMPLATE_ID, turnAction.encodedLength());
    }

    public ClientMessages ping(final long sessionId, final long pingId, final long clientTimeNs)
    {
        ping.wrapAndApplyHeader(buffer, 0, header).sessionId(sessionId).pingId(pingId).clientTimestampNs(clientTimeNs);
        return done(PingEncoder.TEMPLATE_ID, ping.encodedLength());
    }

    public ClientMessages gameMessage(
        final long correlationId, final long sessionId, final int opcode, final byte[] payload)
    {
        gameMessage.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId)
            .opcode(opcode).putPayload(payload, 0, payload.length);
        return done(GameMessageEncoder.TEMPLATE_ID, gameMessage.encodedLength());
    }

    public ClientMessages createRoom(
        final long correlationId, final long sessionId, final String game, final String options, final boolean privateRoom)
    {
        createRoom.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId)
            .privateRoom(privateRoom ? BooleanType.TRUE : BooleanType.FALSE).gameType(game).options(options);
        return done(CreateRoomEncoder.TEMPLATE_ID, createRoom.encodedLength());
    }

    public ClientMessages matchRoom(
        final long correlationId, final long sessionId, final String game, final String filter, final String options)
    {
        matchRoom.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId)
            .gameType(game).filter(filter).options(options);
        return done(MatchRoomEncoder.TEMPLATE_ID, matchRoom.encodedLength());
    }

    public ClientMessages joinByCode(final long correlationId, final long sessionId, final String code)
    {
        joinByCode.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId)
            .joinCode(code);
        return done(JoinByCodeEncoder.TEMPLATE_ID, joinByCode.encodedLength());
    }

    public ClientMessages watchRoom(final long correlationId, final long sessionId, final long roomId)
    {
        watchRoom.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId).roomId(roomId);
        return done(WatchRoomEncoder.TEMPLATE_ID, watchRoom.encodedLength());
    }

    public ClientMessages listRooms(
        final long correlationId, final long sessionId, final String game, final String filter, final int firstRoom,
        final int pageSize)
    {
        listRooms.wrapAndApplyHeader(buffer, 0, header).correlationId(correlationId).sessionId(sessionId)
            .firstRoom(firstRoom).pageSize((short)pageSize).gameType(game).filter(filter);
        return done(ListRoomsEncoder.TEMPLATE_ID, listRooms.encodedLength());
    }

    public ClientMessages disconnect(final long sessionId)
    {
        disconnect.wrapAndApplyHeader(buffer, 0, header).sessionId(sessionId);
        return done(DisconnectEncoder.TEMPLATE_ID, disconnect.encodedLength());
    }

    private ClientMessages done(final int templateId, final int bodyLength)
    {
        this.templateId = templateId;
        this.length = MessageHeaderEncoder.ENCODED_LENGTH + bodyLength;
        return this;
    }
}
