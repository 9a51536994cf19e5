package io.ringside.engine.logic;

import io.ringside.codec.ha.CreateHaRoomEncoder;
import io.ringside.codec.ha.GatewayOpenedDecoder;
import io.ringside.codec.ha.HaCode;
import io.ringside.codec.ha.HaEventKind;
import io.ringside.codec.ha.HaFrameDecoder;
import io.ringside.codec.ha.HaInputsEncoder;
import io.ringside.codec.ha.HaJoinedDecoder;
import io.ringside.codec.ha.HaRefusedDecoder;
import io.ringside.codec.ha.HaRoomClosedDecoder;
import io.ringside.codec.ha.JoinHaRoomEncoder;
import io.ringside.codec.ha.LeaveHaRoomEncoder;
import io.ringside.codec.ha.MessageHeaderDecoder;
import io.ringside.codec.ha.MessageHeaderEncoder;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.ha.HaChannels;
import io.ringside.engine.output.OutputWriter;
import io.ringside.engine.ring.EngineEvent;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.concurrent.TimeUnit;

/**
 * This engine as the gateway of HA rooms, on the logic thread: what its players ask of HA rooms goes to the HA
 * cluster (creates, joins, leaves, and each room's inputs of a tick as one batch), and what the cluster answers comes
 * back through the ring (HA_MESSAGE events, journaled like every other input) to be applied here: a player seated
 * with the entity the cluster gave it, a room's frame applied to its mirror and fanned out to this engine's members
 * by egress as any room's is, a declared TICK_GAP when ticks went missing. The mirror rooms are never ticked here.
 * Logic thread only.
 */
final class HaRelay
{
    /**
     * A create or join the cluster has not answered in this long is refused SERVER_BUSY.
     */
    static final long REQUEST_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(5);

    /**
     * The room of a LeaveHaRoom that means "whatever HA room this session holds a seat in".
     */
    static final long ANY_ROOM = 0;

    /**
     * A room's player messages since its last batch: entity id, message length, message bytes, one after another.
     */
    static final class Batch
    {
        final ExpandableArrayBuffer staged = new ExpandableArrayBuffer(1024);
        int count;
        int length;
    }

    private final LogicContext settings;
    private final LogicState state;
    private final LogicCounters counters;
    private final SessionTable sessions;
    private final RoomDirectory rooms;
    private final RoomHost host;
    private final GameRegistry games;
    private final long requestTimeoutTicks;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final CreateHaRoomEncoder createEncoder = new CreateHaRoomEncoder();
    private final JoinHaRoomEncoder joinEncoder = new JoinHaRoomEncoder();
    private final LeaveHaRoomEncoder leaveEncoder = new LeaveHaRoomEncoder();
    private final HaInputsEncoder inputsEncoder = new HaInputsEncoder();
    private final GatewayOpenedDecoder openedDecoder = new GatewayOpenedDecoder();
    private final HaJoinedDecoder joinedDecoder = new HaJoinedDecoder();
    private final HaRefusedDecoder refusedDecoder = new HaRefusedDecoder();
    private final HaFrameDecoder frameDecoder = new HaFrameDecoder();
    private final HaRoomClosedDecoder closedDecoder = new HaRoomClosedDecoder();
    private final BufferStateReader stateReader = new BufferStateReader();
    private final ExpandableArrayBuffer outgoing = new ExpandableArrayBuffer(4096);
    private final ExpandableArrayBuffer assembly = new ExpandableArrayBuffer(16 * 1024);
    private final ExpandableArrayBuffer frameState = new ExpandableArrayBuffer(16 * 1024);
    private final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(1024);
    private final UnsafeBuffer currentMessage = new UnsafeBuffer(0, 0);
    private final ArrayList<Session> waiting = new ArrayList<>();
    private OutputWriter output;
    private HaChannels channels;
    private ErrorHandler faultHandler = ex -> {};
    private int assembled;
    private long batchSequence;

    HaRelay(
        final LogicContext settings,
        final LogicState state,
        final LogicCounters counters,
        final SessionTable sessions,
        final RoomDirectory rooms,
        final RoomHost host,
        final GameRegistry games)
    {
        this.settings = settings;
        this.state = state;
        this.counters = counters;
        this.sessions = sessions;
        this.rooms = rooms;
        this.host = host;
        this.games = games;
        this.requestTimeoutTicks = Math.max(1, REQUEST_TIMEOUT_NS / settings.tickIntervalNs);
    }

    void output(final OutputWriter output)
    {
        this.output = output;
    }

    void faultHandler(final ErrorHandler faultHandler)
    {
        this.faultHandler = faultHandler;
    }

    /**
     * @param channels where messages for the cluster go; null while recovery replays (what was sent then is not
     *                 sent again).
     */
    void channels(final HaChannels channels)
    {
        this.channels = channels;
    }

    boolean isGateway()
    {
        return settings.haGateway;
    }

    /**
     * The client message being handled, as its player sent it: what an HA room's batch carries.
     */
    void currentMessage(final DirectBuffer buffer, final int offset, final int length)
    {
        currentMessage.wrap(buffer, offset, length);
    }

    // ------------------------------------------------------------------ to the cluster

    /**
     * Ask the cluster for a new HA room with the session in it.
     *
     * @param options the room's options without {@code ha}.
     */
    void create(final Session session, final Game game, final RoomOptions options, final long correlationId)
    {
        if (!await(session, correlationId))
        {
            return;
        }
        createEncoder.wrapAndApplyHeader(outgoing, 0, headerEncoder).sessionId(session.sessionId)
            .playerId(session.playerId).correlationId(correlationId).game(game.name()).options(options.text());
        send(MessageHeaderEncoder.ENCODED_LENGTH + createEncoder.encodedLength());
        counters.haRequests.incrementRelease();
    }

    /**
     * Ask the cluster for a seat in an HA room.
     */
    void join(final Session session, final long roomId, final long correlationId)
    {
        if (!await(session, correlationId))
        {
            return;
        }
        joinEncoder.wrapAndApplyHeader(outgoing, 0, headerEncoder).roomId(roomId).sessionId(session.sessionId)
            .playerId(session.playerId).correlationId(correlationId);
        send(MessageHeaderEncoder.ENCODED_LENGTH + joinEncoder.encodedLength());
        counters.haRequests.incrementRelease();
    }

    private boolean await(final Session session, final long correlationId)
    {
        if (session.haRequestPending)
        {
            host.refuse(session, correlationId, ErrorCode.INVALID_INPUT, "an HA room request is already in flight");
            return false;
        }
        session.haRequestPending = true;
        session.haRequestCorrelationId = correlationId;
        session.haRequestSinceTick = state.tick;
        waiting.add(session);
        return true;
    }

    /**
     * A member leaves its HA room (the room's seat here is freed by the caller).
     */
    void leave(final Room room, final Session session, final LeaveReason reason)
    {
        flush(room); // what it sent before leaving goes first
        leaveEncoder.wrapAndApplyHeader(outgoing, 0, headerEncoder).roomId(room.roomId)
            .sessionId(session.sessionId).reason((short)reason.ordinal());
        send(MessageHeaderEncoder.ENCODED_LENGTH + leaveEncoder.encodedLength());
    }

    private void leaveUnseated(final long roomId, final long sessionId)
    {
        leaveEncoder.wrapAndApplyHeader(outgoing, 0, headerEncoder).roomId(roomId).sessionId(sessionId)
            .reason((short)LeaveReason.DROPPED.ordinal());
        send(MessageHeaderEncoder.ENCODED_LENGTH + leaveEncoder.encodedLength());
    }

    /**
     * Put the current client message into its room's batch, for the member's entity.
     */
    void forward(final Room room, final Session session)
    {
        final Batch batch = room.haBatch;
        final int length = currentMessage.capacity();
        batch.staged.putInt(batch.length, session.entityId);
        batch.staged.putShort(batch.length + Integer.BYTES, (short)length);
        batch.staged.putBytes(batch.length + Integer.BYTES + Short.BYTES, currentMessage, 0, length);
        batch.length += Integer.BYTES + Short.BYTES + length;
        batch.count++;
        counters.haInputsForwarded.incrementRelease();
        if (batch.count == 4096 || batch.length > 32 * 1024)
        {
            flush(room);
        }
    }

    /**
     * Every tick: each HA room's batch goes to the cluster as one message, and requests unanswered too long are
     * refused.
     */
    void onTick()
    {
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.at(i);
            if (room.ha)
            {
                flush(room);
            }
        }
        for (int i = waiting.size() - 1; i >= 0; i--)
        {
            final Session session = waiting.get(i);
            if (!session.haRequestPending)
            {
                waiting.remove(i);
            }
            else if (state.tick - session.haRequestSinceTick >= requestTimeoutTicks)
            {
                waiting.remove(i);
                final long correlationId = session.haRequestCorrelationId;
                session.haRequestPending = false;
                counters.haRequestTimeouts.incrementRelease();
                // its answer may have been lost with a leader: any seat the cluster gave it is given back
                leaveUnseated(ANY_ROOM, session.sessionId);
                if (session.isActive())
                {
                    host.refuse(session, correlationId, ErrorCode.SERVER_BUSY, "the HA cluster did not answer");
                }
            }
        }
    }

    private void flush(final Room room)
    {
        final Batch batch = room.haBatch;
        if (0 == batch.count)
        {
            return;
        }
        final HaInputsEncoder encoder = inputsEncoder.wrapAndApplyHeader(outgoing, 0, headerEncoder)
            .roomId(room.roomId).batchSequence(++batchSequence);
        final HaInputsEncoder.MessagesEncoder messages = encoder.messagesCount(batch.count);
        int at = 0;
        for (int i = 0; i < batch.count; i++)
        {
            final int entityId = batch.staged.getInt(at);
            final int length = batch.staged.getShort(at + Integer.BYTES) & 0xFFFF;
            messages.next().entityId(entityId).putMessage(batch.staged, at + Integer.BYTES + Short.BYTES, length);
            at += Integer.BYTES + Short.BYTES + length;
        }
        batch.count = 0;
        batch.length = 0;
        send(MessageHeaderEncoder.ENCODED_LENGTH + encoder.encodedLength());
        counters.haBatches.incrementRelease();
    }

    private void send(final int length)
    {
        if (null != channels && !channels.sendToCluster(outgoing, 0, length))
        {
            counters.haChannelFull.incrementRelease();
        }
    }

    // ------------------------------------------------------------------ from the cluster

    /**
     * One part of a message from the cluster (ingress cuts messages longer than a ring slot into parts, published in
     * a row): {@link EngineEvent#reason} is the part's index, {@link EngineEvent#seed} how many there are.
     */
    void onPart(final EngineEvent event)
    {
        if (0 == event.reason)
        {
            assembled = 0;
        }
        assembly.putBytes(assembled, event.payload, 0, event.payloadLength);
        assembled += event.payloadLength;
        if (event.reason == event.seed - 1)
        {
            onMessage(assembly, assembled);
        }
    }

    private void onMessage(final ExpandableArrayBuffer buffer, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            counters.haUnmatched.incrementRelease();
            return;
        }
        headerDecoder.wrap(buffer, 0);
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = headerDecoder.blockLength();
        final int version = headerDecoder.version();
        switch (headerDecoder.templateId())
        {
            case HaJoinedDecoder.TEMPLATE_ID -> onJoined(joinedDecoder.wrap(buffer, body, blockLength, version));
            case HaRefusedDecoder.TEMPLATE_ID -> onRefused(refusedDecoder.wrap(buffer, body, blockLength, version));
            case HaFrameDecoder.TEMPLATE_ID -> onFrame(frameDecoder.wrap(buffer, body, blockLength, version));
            case HaRoomClosedDecoder.TEMPLATE_ID ->
                onRoomClosed(closedDecoder.wrap(buffer, body, blockLength, version).roomId());
            case GatewayOpenedDecoder.TEMPLATE_ID -> onOpened(openedDecoder.wrap(buffer, body, blockLength, version));
            default -> counters.haUnmatched.incrementRelease();
        }
    }

    private void onJoined(final HaJoinedDecoder joined)
    {
        final long roomId = joined.roomId();
        final long sessionId = joined.sessionId();
        final long correlationId = joined.correlationId();
        final int entityId = joined.entityId();
        final long tick = joined.tick();
        joined.maxPlayers();
        joined.memberCount();
        final String gameName = joined.game();
        final String options = joined.options();
        final Session session = sessions.get(sessionId);
        final boolean awaited = null != session && session.haRequestPending &&
            session.haRequestCorrelationId == correlationId;
        if (awaited)
        {
            session.haRequestPending = false;
        }
        final Game game = games.get(gameName);
        if (!awaited || !session.isActive() || null != session.room || null != session.watching || null == game)
        {
            // gone, or seated elsewhere meanwhile: the seat the cluster gave is given back
            counters.haUnmatched.incrementRelease();
            leaveUnseated(roomId, sessionId);
            return;
        }
        Room room = rooms.get(roomId);
        if (null == room)
        {
            room = rooms.newMirror(game, roomId, state.tick);
            room.state.onCreate(RoomOptions.parse(options));
            room.lastMirroredTick = tick;
        }
        else if (room.game != game || room.isFull())
        {
            counters.haUnmatched.incrementRelease();
            leaveUnseated(roomId, sessionId);
            host.refuse(session, correlationId, ErrorCode.ROOM_FULL, "the room's mirror here has no seat");
            return;
        }
        else if (0 == room.memberCount)
        {
            room.lastMirroredTick = tick; // frames stopped while nobody here sat in it: no gap to declare
        }
        host.seatMirrored(session, room, entityId, correlationId, tick);
    }

    private void onRefused(final HaRefusedDecoder refused)
    {
        final long sessionId = refused.sessionId();
        final long correlationId = refused.correlationId();
        final ErrorCode code = ErrorCode.get(refused.errorCode());
        final String text = refused.text();
        final Session session = sessions.get(sessionId);
        if (null == session || !session.haRequestPending || session.haRequestCorrelationId != correlationId)
        {
            counters.haUnmatched.incrementRelease();
            return;
        }
        session.haRequestPending = false;
        if (session.isActive())
        {
            host.refuse(session, correlationId, ErrorCode.NULL_VAL == code ? ErrorCode.SERVER_BUSY : code, text);
        }
    }

    private void onFrame(final HaFrameDecoder frame)
    {
        final long roomId = frame.roomId();
        final long tick = frame.tick();
        frame.timeMs();
        frame.stateHash();
        final Room room = rooms.get(roomId);
        if (null == room || !room.ha || 0 == room.memberCount || tick <= room.lastMirroredTick)
        {
            // no mirror here, nobody in it, or a frame older than one applied (an old leader's, late)
            counters.haUnmatched.incrementRelease();
            return;
        }
        final long mark = output.position();
        try
        {
            final GameEvents events = host.mirroredEvents(room, tick);
            final long expected = room.lastMirroredTick + room.tickDivisor;
            if (room.lastMirroredTick > 0 && tick > expected)
            {
                final long missed = tick - expected;
                counters.haTickGaps.incrementRelease();
                counters.haTicksMissed.getAndAddRelease(missed);
                events.toRoom(GameEventType.TICK_GAP, 0, 0, (int)Math.min(Integer.MAX_VALUE, missed), 0, 0);
            }
            room.lastMirroredTick = Math.max(room.lastMirroredTick, tick);
            for (final HaFrameDecoder.EventsDecoder event : frame.events())
            {
                final HaEventKind kind = event.kind();
                final int recipient = event.recipient();
                event.tick();
                final GameEventType type = GameEventType.get(event.eventType());
                final int subjectId = event.subjectId();
                final int objectId = event.objectId();
                final int value = event.value();
                final float x = event.x();
                final float y = event.y();
                final int opcode = event.opcode();
                final int payloadLength = event.getPayload(payload, 0, event.payloadLength());
                switch (kind)
                {
                    case EVENT_TO_ROOM -> events.toRoom(type, subjectId, objectId, value, x, y);
                    case EVENT_TO_PLAYER -> events.toPlayer(recipient, type, subjectId, objectId, value, x, y);
                    case MESSAGE_TO_ROOM -> events.messageToRoomExcept(recipient, opcode, payload, 0, payloadLength);
                    case MESSAGE_TO_PLAYER -> events.messageToPlayer(recipient, opcode, payload, 0, payloadLength);
                    default -> counters.haUnmatched.incrementRelease();
                }
            }
            for (final HaFrameDecoder.AcksDecoder ack : frame.acks())
            {
                // a player's input counts as taken when the cluster applied it, not when it left this engine
                final Session member = room.membersByEntityId.get(ack.entityId());
                final long sequence = ack.lastInputSequence();
                final long clientTimeNs = ack.lastInputClientTimeNs();
                if (null != member && sequence > member.lastInputSequence)
                {
                    member.lastInputSequence = sequence;
                    member.lastInputTimeNs = clientTimeNs;
                }
            }
            final int stateLength = frame.getState(frameState, 0, frame.stateLength());
            room.state.readState(stateReader.wrap(frameState, 0, stateLength));
            host.mirroredFrame(room, tick);
            counters.haFrames.incrementRelease();
        }
        catch (final RuntimeException ex)
        {
            // a frame this engine cannot apply (another version of the game, a message it does not declare): its
            // output is taken back, the next frame may apply
            output.rewind(mark);
            counters.gameFaults.incrementRelease();
            faultHandler.onError(ex);
        }
    }

    private void onRoomClosed(final long roomId)
    {
        final Room room = rooms.get(roomId);
        if (null == room || !room.ha)
        {
            counters.haUnmatched.incrementRelease();
            return;
        }
        unseatAll(room, ErrorCode.ROOM_GONE);
    }

    /**
     * The gateway opened again: when the cluster kept fewer of this engine's players than are seated here (it
     * dropped them after the gateway's grace, or the engine restarted), every HA member here is told its room is
     * gone.
     */
    private void onOpened(final GatewayOpenedDecoder opened)
    {
        final HaCode code = opened.code();
        final int kept = opened.membersKept();
        if (HaCode.OK != code)
        {
            return;
        }
        int seated = 0;
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.at(i);
            seated += room.ha ? room.memberCount : 0;
        }
        if (kept >= seated)
        {
            return;
        }
        for (int i = 0, size = rooms.size(); i < size; i++)
        {
            final Room room = rooms.at(i);
            if (room.ha)
            {
                // any seat the cluster still holds for them is given back
                for (int m = 0; m < room.memberCount; m++)
                {
                    leaveUnseated(room.roomId, room.members[m].sessionId);
                }
                unseatAll(room, ErrorCode.ROOM_GONE);
            }
        }
    }

    private void unseatAll(final Room room, final ErrorCode code)
    {
        for (int m = room.memberCount - 1; m >= 0; m--)
        {
            final Session member = room.members[m];
            host.unseat(member);
            if (member.isActive())
            {
                output.roomLeft(member.sessionId, 0, room.roomId, state.tick);
                host.refuse(member, 0, code, "the HA room is gone");
            }
        }
    }
}
