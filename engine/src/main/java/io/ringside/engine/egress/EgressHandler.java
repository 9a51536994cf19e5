package io.ringside.engine.egress;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.Sequence;
import io.ringside.codec.ProtocolLimits;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.state.StateSchema;
import io.ringside.codec.sbe.ErrorEncoder;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.PongEncoder;
import io.ringside.engine.metrics.EngineCounters;
import io.ringside.engine.metrics.EngineHistograms;
import io.ringside.engine.output.OutputLog;
import io.ringside.engine.ring.EngineEvent;
import io.ringside.engine.ring.ProducerCommandQueue;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.LongArrayList;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;

import static io.ringside.engine.output.OutputRecordDescriptor.*;

/**
 * Stage 2 of the ring, beside the journal: reads what the logic thread wrote for each event from the output log and
 * delivers it to clients through an {@link EgressTransport}, numbering every delivered message with the client's
 * sequence.
 * <ul>
 *     <li>Reliable messages (session results, room changes, game events, pongs, errors, status) go out in order. When
 *     the transport pushes back they wait in the client's bounded queue; when the queue overflows, the client is
 *     disconnected with SLOW_CONSUMER (told first, if it can be told), and the producer is asked to put a
 *     SESSION_LOST event in the ring so that the logic thread learns of it in order.</li>
 *     <li>Snapshots are worth nothing late: one that cannot be offered (or that would overtake queued reliable
 *     messages) is skipped and counted, and the next delivered one is FULL and declares how many were skipped.</li>
 * </ul>
 * Rooms with a stream (see {@link #roomStreams}) are broadcast instead: {@link RoomFanOut} encodes each room tick
 * once for every member; their members' own streams carry only the reliable messages.
 * <p>
 * Egress may be split into shards, each a handler of its own on its own thread, in parallel after the logic: every
 * shard reads every record, and each serves only the clients it owns ({@link #shardOf}: the session id modulo the
 * shard count), with its own transport, counters and client books, so per-client work (interest views, encoding,
 * reliable queues) spreads over the shards and no client is touched by two threads. Room streams are shard 0's, for
 * the members of every shard: it alone encodes room ticks, and it learns the response channel of every session.
 * When muted (journal replay), egress consumes the log and keeps its books but offers nothing.
 */
public final class EgressHandler implements EventHandler<EngineEvent>, OutputLog.OutputRecordHandler
{
    private static final int SEQUENCE_OFFSET = MessageHeaderEncoder.ENCODED_LENGTH;
    private static final int PONG_SEND_TIME_OFFSET =
        MessageHeaderEncoder.ENCODED_LENGTH + PongEncoder.serverSendTimeNsEncodingOffset();
    private static final int ADMIN_ACTION_RETRIES = 3;
    /**
     * How long a closing stream waits to deliver what is queued for it (a refusal, the reason for a disconnect). Long
     * enough for a storm of refused connects: each needs a publication of its own, and thousands at once take the
     * media driver seconds to make. What is still queued then is discarded and counted.
     */
    private static final long CLOSE_LINGER_NS = java.util.concurrent.TimeUnit.SECONDS.toNanos(10);

    private final OutputLog log;
    private final Sequence consumed;
    private final EgressTransport transport;
    private final ProducerCommandQueue producerCommands;
    private final NanoClock clock;
    private final EngineHistograms histograms;
    private final int reliableQueueCapacityBytes;
    private final int maxSnapshotEntities;
    private final InterestSelector interest;
    private final SnapshotBuilder snapshotBuilder;
    private final StateViewBuilder stateViewBuilder;
    private StateSchema[] schemasByGame = new StateSchema[0];
    private final EgressCounters counters;
    private final int shard;
    private final int shardCount;

    private final Long2ObjectHashMap<ClientState> clientsBySessionId = new Long2ObjectHashMap<>();
    private final ArrayList<ClientState> clients = new ArrayList<>();
    private final Long2ObjectHashMap<ArrayList<ClientState>> roomMembers = new Long2ObjectHashMap<>();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[ProtocolLimits.MAX_SERVER_MESSAGE_LENGTH]);
    private final UnsafeBuffer channelView = new UnsafeBuffer(0, 0);
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final ErrorEncoder errorEncoder = new ErrorEncoder();
    private final ExpandableQueueDrainer drainer = new ExpandableQueueDrainer();
    /**
     * Commands for the producer that found its queue full, in order: (type, sessionId, argument) triples.
     */
    private final LongArrayList pendingCommands = new LongArrayList();
    private final ArrayList<ClientState> waitingQueues = new ArrayList<>();

    private boolean muted;
    private int maxSkippedSnapshots;
    private boolean roomStreams;
    private RoomFanOut roomFanOut;

    public EgressHandler(
        final OutputLog log,
        final EgressTransport transport,
        final ProducerCommandQueue producerCommands,
        final NanoClock clock,
        final int maxFrameEntities,
        final int maxSnapshotEntities,
        final int reliableQueueCapacityBytes)
    {
        this(log, transport, producerCommands, clock, maxFrameEntities, maxSnapshotEntities, reliableQueueCapacityBytes,
            new EngineHistograms(), EngineCounters.inMemory(), 0, 1);
    }

    /**
     * @param shard      which egress shard this is, from 0.
     * @param shardCount how many egress shards share the clients.
     */
    public EgressHandler(
        final OutputLog log,
        final EgressTransport transport,
        final ProducerCommandQueue producerCommands,
        final NanoClock clock,
        final int maxFrameEntities,
        final int maxSnapshotEntities,
        final int reliableQueueCapacityBytes,
        final EngineHistograms histograms,
        final EngineCounters counters,
        final int shard,
        final int shardCount)
    {
        if (shardCount < 1 || shard < 0 || shard >= shardCount)
        {
            throw new IllegalArgumentException("egress shard " + shard + " of " + shardCount);
        }
        if (histograms.egressShards() < shardCount || counters.egressShards() < shardCount)
        {
            throw new IllegalArgumentException("histograms and counters for " + histograms.egressShards() + " and " +
                counters.egressShards() + " egress shards, not " + shardCount);
        }
        this.shard = shard;
        this.shardCount = shardCount;
        this.counters = new EgressCounters(counters, shard);
        this.log = log;
        this.consumed = log.addConsumer();
        this.transport = transport;
        this.producerCommands = producerCommands;
        this.clock = clock;
        this.histograms = histograms;
        this.maxSnapshotEntities = maxSnapshotEntities;
        this.reliableQueueCapacityBytes = reliableQueueCapacityBytes;
        this.interest = new InterestSelector(maxFrameEntities);
        this.snapshotBuilder = new SnapshotBuilder(maxSnapshotEntities);
        this.stateViewBuilder = new StateViewBuilder(maxSnapshotEntities);
    }

    /**
     * The registered games' declared states, for per-client views of the rooms of games that declare theirs and
     * have no room stream.
     *
     * @param schemasByGame each game's {@code Game.state()} (null for the fixed view), by registry index.
     * @return this.
     */
    public EgressHandler declaredStates(final StateSchema[] schemasByGame)
    {
        this.schemasByGame = schemasByGame.clone();
        return this;
    }

    public EgressCounters counters()
    {
        return counters;
    }

    /**
     * Mute or unmute delivery (muted while the journal is replayed).
     */
    public void muted(final boolean muted)
    {
        this.muted = muted;
        if (null != roomFanOut)
        {
            roomFanOut.muted(muted);
        }
    }

    /**
     * @return the egress shard that owns a session: its id modulo the shard count.
     */
    public static int shardOf(final long sessionId, final int shardCount)
    {
        return (int)Long.remainderUnsigned(sessionId, shardCount);
    }

    private boolean owns(final long sessionId)
    {
        return 1 == shardCount || shardOf(sessionId, shardCount) == shard;
    }

    /**
     * Broadcast the frames of rooms that have a stream on it, encoded once per room tick, when the transport carries
     * room streams; otherwise (and for rooms without a stream) every member gets its own snapshot. With several
     * shards, call it on every shard when shard 0's transport carries room streams: shard 0 encodes them, the others
     * leave those rooms' frames to it.
     *
     * @param maxFrameEntities most entities a frame may carry.
     * @param maxEntities      most entities one RoomSnapshot shows.
     * @param keyframeInterval every how many room messages one is FULL.
     * @param maxMessageLength the longest RoomSnapshot the room streams take.
     * @return this.
     */
    public EgressHandler roomStreams(
        final int maxFrameEntities, final int maxEntities, final int keyframeInterval, final int maxMessageLength)
    {
        return roomStreams(maxFrameEntities, maxEntities, keyframeInterval, maxMessageLength, new StateSchema[0]);
    }

    /**
     * Broadcast the frames of rooms that have a room stream, as {@link #roomStreams(int, int, int, int)}, with the
     * registered games' declared states for the frames of games that declare theirs.
     *
     * @param schemasByGame each game's {@code Game.state()} (null for the fixed view), by registry index.
     * @return this.
     */
    public EgressHandler roomStreams(
        final int maxFrameEntities,
        final int maxEntities,
        final int keyframeInterval,
        final int maxMessageLength,
        final StateSchema[] schemasByGame)
    {
        if (0 != shard)
        {
            roomStreams = true;
        }
        else if (transport.supportsRoomStreams())
        {
            roomStreams = true;
            roomFanOut = new RoomFanOut(transport, counters, schemasByGame.clone(), maxFrameEntities, maxEntities,
                keyframeInterval, maxMessageLength);
            roomFanOut.muted(muted);
        }
        return this;
    }

    RoomFanOut roomFanOut()
    {
        return roomFanOut;
    }

    /**
     * @return the clients this shard owns.
     */
    public int clientCount()
    {
        return clients.size();
    }

    /**
     * Make every client's next snapshot a FULL one (a resync, a keyframe). Egress thread only (or before the
     * pipeline starts).
     */
    public void requestFullSnapshots()
    {
        for (int i = 0, size = clients.size(); i < size; i++)
        {
            clients.get(i).needsFull = true;
        }
    }

    /**
     * Names the stage's thread after its job, so per-thread CPU (top -H, /proc, JFR) says which stage spent it.
     */
    @Override
    public void onStart()
    {
        Thread.currentThread().setName(1 == shardCount ? "ringside-egress" : "ringside-egr-" + shard);
    }

    public void onEvent(final EngineEvent event, final long sequence, final boolean endOfBatch)
    {
        if (event.outputEnd > event.outputStart)
        {
            log.read(event.outputStart, event.outputEnd, this);
        }
        consumed.set(event.outputEnd);

        if (endOfBatch)
        {
            retryPendingCommands();
            transport.doWork();
            retryWaitingQueues();
        }
    }

    public void onRecord(final int type, final DirectBuffer buffer, final int offset, final int length)
    {
        switch (type)
        {
            case SEND:
            {
                final long sessionId = buffer.getLong(offset + SEND_SESSION_ID_OFFSET);
                if (owns(sessionId))
                {
                    send(clientsBySessionId.get(sessionId),
                        buffer, offset + SEND_MESSAGE_OFFSET, length - SEND_MESSAGE_OFFSET);
                }
                break;
            }

            case SEND_ALL:
                for (int i = 0, size = clients.size(); i < size; i++)
                {
                    final ClientState client = clients.get(i);
                    if (!client.lost)
                    {
                        send(client, buffer, offset, length);
                    }
                }
                break;

            case ROOM_EVENT:
            {
                final ArrayList<ClientState> members = roomMembers.get(buffer.getLong(offset + ROOM_EVENT_ROOM_ID_OFFSET));
                if (null != members)
                {
                    final long exceptSessionId = buffer.getLong(offset + ROOM_EVENT_EXCEPT_SESSION_ID_OFFSET);
                    for (int i = 0, size = members.size(); i < size; i++)
                    {
                        final ClientState member = members.get(i);
                        if (member.sessionId != exceptSessionId)
                        {
                            send(member, buffer, offset + ROOM_EVENT_MESSAGE_OFFSET, length - ROOM_EVENT_MESSAGE_OFFSET);
                        }
                    }
                }
                break;
            }

            case ROOM_FRAME:
                onFrame(buffer, offset);
                break;

            case STATE_FRAME:
                onStateFrame(buffer, offset);
                break;

            case MEMBER_JOINED:
                onMemberJoined(buffer.getLong(offset), buffer.getLong(offset + 8),
                    buffer.getInt(offset + MEMBER_JOINED_ROOM_STREAM_ID_OFFSET));
                break;

            case MEMBER_LEFT:
            {
                final long roomId = buffer.getLong(offset);
                final long sessionId = buffer.getLong(offset + 8);
                if (owns(sessionId))
                {
                    onMemberLeft(roomId, sessionId);
                }
                else if (null != roomFanOut)
                {
                    leaveRoomStream(roomId, sessionId);
                }
                break;
            }

            case SESSION_OPENED:
                onSessionOpened(buffer, offset);
                break;

            case SESSION_CLOSED:
                onSessionClosed(buffer.getLong(offset), 0 != buffer.getInt(offset + SESSION_CLOSED_FORGET_OFFSET));
                break;

            default:
                break;
        }
    }

    // ------------------------------------------------------------------ sessions and rooms

    private void onSessionOpened(final DirectBuffer buffer, final int offset)
    {
        final long sessionId = buffer.getLong(offset);
        final long sourceId = buffer.getLong(offset + SESSION_OPENED_SOURCE_ID_OFFSET);
        final boolean resumed = 0 != buffer.getInt(offset + SESSION_OPENED_RESUMED_OFFSET);
        final int streamId = buffer.getInt(offset + SESSION_OPENED_STREAM_ID_OFFSET);
        final int channelLength = buffer.getInt(offset + SESSION_OPENED_CHANNEL_LENGTH_OFFSET);
        if (!owns(sessionId))
        {
            if (null != roomFanOut && !muted)
            {
                transport.onOtherShardSessionOpened(sessionId, streamId, buffer, offset + SESSION_OPENED_CHANNEL_OFFSET,
                    channelLength);
            }
            return;
        }

        ClientState client = clientsBySessionId.get(sessionId);
        if (null == client)
        {
            client = new ClientState(sessionId, maxSnapshotEntities, reliableQueueCapacityBytes);
            client.index = clients.size();
            clients.add(client);
            clientsBySessionId.put(sessionId, client);
        }
        else
        {
            counters.reliableDiscarded.getAndAddRelease(drainer.discard(client.reliableQueue));
            client.clearBaseline();
            client.skippedSinceDelivered = 0;
            client.closing = false;
            client.forgetOnClose = false;
        }
        client.lost = false;

        if (!muted)
        {
            if (resumed)
            {
                // before the SessionResult goes out: the client's next messages must find the session bound
                command(ProducerCommandQueue.SESSION_BOUND, sessionId, sourceId);
            }
            channelView.wrap(buffer, offset + SESSION_OPENED_CHANNEL_OFFSET, channelLength);
            transport.onSessionOpened(sessionId, streamId, channelView, 0, channelLength);
        }
    }

    /**
     * Close a client's stream. A held session (it may reconnect) keeps its state, detached, so that its sequence
     * carries on; a forgotten one is removed. What is still queued for the client (a refusal, the reason for a
     * disconnect) is sent first: the close waits, at most {@link #CLOSE_LINGER_NS}, until the queue is empty.
     */
    private void onSessionClosed(final long sessionId, final boolean forget)
    {
        if (!owns(sessionId))
        {
            if (null != roomFanOut)
            {
                if (forget)
                {
                    roomFanOut.onSessionForgotten(sessionId);
                }
                if (!muted)
                {
                    transport.onOtherShardSessionClosed(sessionId);
                }
            }
            return;
        }
        final ClientState client = clientsBySessionId.get(sessionId);
        if (null == client)
        {
            return;
        }
        if (!client.lost && !drainQueue(client) && !client.lost && !muted)
        {
            client.closing = true;
            client.forgetOnClose |= forget;
            client.closeDeadlineNs = clock.nanoTime() + CLOSE_LINGER_NS;
            if (!client.waiting)
            {
                client.waiting = true;
                waitingQueues.add(client);
            }
            return;
        }
        finishClose(client, forget);
    }

    private void finishClose(final ClientState client, final boolean forget)
    {
        final long sessionId = client.sessionId;
        client.closing = false;
        if (!client.lost)
        {
            client.lost = true;
            if (!muted)
            {
                transport.onSessionClosed(sessionId);
            }
        }
        counters.reliableDiscarded.getAndAddRelease(drainer.discard(client.reliableQueue));
        client.clearBaseline();
        if (!forget)
        {
            return;
        }

        clientsBySessionId.remove(sessionId);
        if (!muted)
        {
            command(ProducerCommandQueue.SESSION_FORGOTTEN, sessionId, 0);
        }
        if (0 != client.roomId)
        {
            onMemberLeft(client.roomId, sessionId);
        }
        if (null != roomFanOut)
        {
            roomFanOut.onSessionForgotten(sessionId);
        }
        final int last = clients.size() - 1;
        final ClientState moved = clients.get(last);
        clients.set(client.index, moved);
        moved.index = client.index;
        clients.remove(last);
        if (client.waiting)
        {
            client.waiting = false;
            waitingQueues.remove(client);
        }
    }

    private void onMemberJoined(final long roomId, final long sessionId, final int roomStreamId)
    {
        final boolean owned = owns(sessionId);
        final ClientState client = owned ? clientsBySessionId.get(sessionId) : null;
        if (owned && null == client)
        {
            counters.sendsToUnknownSessions.incrementRelease();
            return;
        }
        if (null != roomFanOut && 0 != roomStreamId)
        {
            roomFanOut.onMemberJoined(roomId, sessionId);
            if (!muted)
            {
                transport.onRoomMemberJoined(roomId, roomStreamId, sessionId);
            }
        }
        if (!owned)
        {
            return;
        }
        if (roomId == client.roomId)
        {
            client.clearBaseline();
            return;
        }
        if (0 != client.roomId)
        {
            onMemberLeft(client.roomId, sessionId);
        }
        ArrayList<ClientState> members = roomMembers.get(roomId);
        if (null == members)
        {
            members = new ArrayList<>();
            roomMembers.put(roomId, members);
        }
        members.add(client);
        client.roomId = roomId;
        client.clearBaseline();
    }

    private void onMemberLeft(final long roomId, final long sessionId)
    {
        final ArrayList<ClientState> members = roomMembers.get(roomId);
        if (null != members)
        {
            for (int i = 0, size = members.size(); i < size; i++)
            {
                final ClientState member = members.get(i);
                if (member.sessionId == sessionId)
                {
                    members.remove(i);
                    member.roomId = 0;
                    member.clearBaseline();
                    break;
                }
            }
            if (members.isEmpty())
            {
                roomMembers.remove(roomId);
            }
        }
        if (null != roomFanOut)
        {
            leaveRoomStream(roomId, sessionId);
        }
    }

    /**
     * Shard 0: a session (of any shard) left a room; if it read the room's stream, it no longer does.
     */
    private void leaveRoomStream(final long roomId, final long sessionId)
    {
        if (roomFanOut.onMemberLeft(roomId, sessionId) && !muted)
        {
            transport.onRoomMemberLeft(roomId, sessionId);
        }
    }

    // ------------------------------------------------------------------ snapshots

    /**
     * A room of a game that declares its state: broadcast on its room stream by the shard that runs the room
     * streams when it has one; otherwise a StateView for each member this shard owns.
     */
    private void onStateFrame(final DirectBuffer buffer, final int offset)
    {
        if (roomStreams && 0 != buffer.getInt(offset + FRAME_ROOM_STREAM_ID_OFFSET))
        {
            if (null != roomFanOut)
            {
                final long encodeStartNs = clock.nanoTime();
                roomFanOut.onStateFrame(buffer, offset);
                histograms.record(EngineHistograms.Metric.SNAPSHOT_ENCODE, shard, clock.nanoTime() - encodeStartNs);
            }
            return;
        }
        final int gameIndex = buffer.getInt(offset + STATE_FRAME_GAME_INDEX_OFFSET);
        final StateSchema schema = gameIndex < schemasByGame.length ? schemasByGame[gameIndex] : null;
        if (null == schema)
        {
            throw new IllegalStateException("a frame of declared state of game #" + gameIndex +
                ", whose declaration this egress was not given (declaredStates)");
        }
        final int recordLength = buffer.getInt(offset + STATE_FRAME_RECORD_LENGTH_OFFSET);
        final int entityCount = buffer.getInt(offset + FRAME_ENTITY_COUNT_OFFSET);
        final int entitiesOffset = offset + STATE_FRAME_ENTITIES_OFFSET;
        final long roomId = buffer.getLong(offset + FRAME_ROOM_ID_OFFSET);
        if (shardCount > 1 && !roomMembers.containsKey(roomId))
        {
            return; // none of the room's members is this shard's
        }
        interest.beginFrame(buffer, entitiesOffset, entityCount, recordLength,
            buffer.getFloat(offset + STATE_FRAME_VIEW_RADIUS_OFFSET));
        sendViews(buffer, offset, entitiesOffset + entityCount * recordLength, schema, recordLength,
            StateViewBuilder.entityBudget(Math.min(sendBuffer.capacity(), transport.maxMessageLength()),
            maxSnapshotEntities, recordLength));
    }

    private void onFrame(final DirectBuffer buffer, final int offset)
    {
        if (roomStreams && 0 != buffer.getInt(offset + FRAME_ROOM_STREAM_ID_OFFSET))
        {
            if (null != roomFanOut)
            {
                final long encodeStartNs = clock.nanoTime();
                roomFanOut.onFrame(buffer, offset);
                histograms.record(EngineHistograms.Metric.SNAPSHOT_ENCODE, shard, clock.nanoTime() - encodeStartNs);
            }
            return;
        }
        final long roomId = buffer.getLong(offset + FRAME_ROOM_ID_OFFSET);
        final int entityCount = buffer.getInt(offset + FRAME_ENTITY_COUNT_OFFSET);
        final int membersOffset = offset + FRAME_ENTITIES_OFFSET + entityCount * ENTITY_LENGTH;
        if (shardCount > 1 && !roomMembers.containsKey(roomId))
        {
            return; // none of the room's members is this shard's
        }

        interest.beginFrame(buffer, offset + FRAME_ENTITIES_OFFSET, entityCount, ENTITY_LENGTH,
            buffer.getFloat(offset + FRAME_VIEW_RADIUS_OFFSET));
        sendViews(buffer, offset, membersOffset, null, ENTITY_LENGTH, maxSnapshotEntities);
    }

    /**
     * Each member this shard owns gets its view of the frame the {@link #interest} selector was given: a Snapshot of
     * fixed entities, or a StateView of a declared state's records ({@code schema} not null); skipped, and declared
     * in the next, when its reliable messages cannot all go first or its stream does not take it.
     *
     * @param cap the most entities one view holds.
     */
    private void sendViews(
        final DirectBuffer buffer,
        final int offset,
        final int membersOffset,
        final StateSchema schema,
        final int recordLength,
        final int cap)
    {
        final long roomId = buffer.getLong(offset + FRAME_ROOM_ID_OFFSET);
        final long tick = buffer.getLong(offset + FRAME_TICK_OFFSET);
        final long timeNs = buffer.getLong(offset + FRAME_TIME_OFFSET);
        final int memberCount = buffer.getInt(offset + FRAME_MEMBER_COUNT_OFFSET);
        for (int m = 0; m < memberCount; m++)
        {
            final int at = membersOffset + m * MEMBER_LENGTH;
            final long sessionId = buffer.getLong(at + MEMBER_SESSION_ID_OFFSET);
            if (!owns(sessionId))
            {
                continue;
            }
            final ClientState client = clientsBySessionId.get(sessionId);
            if (null == client || client.lost)
            {
                continue;
            }

            if (!drainQueue(client))
            {
                skipSnapshot(client);
                counters.snapshotsSkippedForQueue.incrementRelease();
                if (EgressTransport.BACK_PRESSURED == client.lastOfferResult)
                {
                    stalled(client);
                }
                continue;
            }

            final int leftOut = interest.select(client, buffer.getInt(at + MEMBER_ENTITY_ID_OFFSET), cap);
            counters.entitiesOutOfView.getAndAddRelease(leftOut);
            final boolean full = client.needsFull;
            final long encodeStartNs = clock.nanoTime();
            final long lastInputSequence = buffer.getLong(at + MEMBER_LAST_INPUT_SEQUENCE_OFFSET);
            final long lastInputTimeNs = buffer.getLong(at + MEMBER_LAST_INPUT_TIME_OFFSET);
            final int length = null == schema ?
                snapshotBuilder.encode(client, sendBuffer, client.nextSequence, tick, timeNs, roomId, lastInputSequence,
                    lastInputTimeNs) :
                stateViewBuilder.encode(client, schema, recordLength, sendBuffer, client.nextSequence, tick, timeNs,
                    roomId, lastInputSequence, lastInputTimeNs);
            histograms.record(EngineHistograms.Metric.SNAPSHOT_ENCODE, shard, clock.nanoTime() - encodeStartNs);

            final long result = offer(client, sendBuffer, 0, length);
            if (result >= 0)
            {
                client.lastSnapshotSequence = client.nextSequence++;
                client.swapBaseline();
                client.needsFull = false;
                client.skippedSinceDelivered = 0;
                client.stalledSkips = 0;
                counters.snapshotsSent.incrementRelease();
                counters.entitiesSent.getAndAddRelease(client.baselineCount);
                if (full)
                {
                    counters.fullSnapshots.incrementRelease();
                }
                else
                {
                    counters.deltaSnapshots.incrementRelease();
                }
            }
            else
            {
                skipSnapshot(client);
                if (EgressTransport.BACK_PRESSURED == result)
                {
                    stalled(client);
                }
                if (EgressTransport.CLOSED == result || EgressTransport.MAX_POSITION_EXCEEDED == result)
                {
                    lose(client, ErrorCode.SLOW_CONSUMER);
                }
            }
        }
    }

    private void skipSnapshot(final ClientState client)
    {
        client.skippedSinceDelivered++;
        client.needsFull = true;
        counters.snapshotsSkipped.incrementRelease();
    }

    /**
     * A snapshot was skipped because the client's stream is connected but full (its own offer, or the reliable
     * messages queued before it, met back pressure): the client is not reading. Only these count towards letting it
     * go (a stream still connecting is not the client's fault).
     */
    private void stalled(final ClientState client)
    {
        client.stalledSkips++;
        if (maxSkippedSnapshots > 0 && client.stalledSkips >= maxSkippedSnapshots && !client.lost)
        {
            slowConsumer(client, "no snapshot taken for too long: disconnected");
        }
    }

    /**
     * @param maxSkippedSnapshots snapshots skipped in a row, its stream connected but full, after which a client is
     *                            disconnected as a slow consumer (it reads nothing: a frozen process); 0 never.
     * @return this.
     */
    public EgressHandler maxSkippedSnapshots(final int maxSkippedSnapshots)
    {
        this.maxSkippedSnapshots = maxSkippedSnapshots;
        return this;
    }

    // ------------------------------------------------------------------ reliable messages

    private void send(final ClientState client, final DirectBuffer buffer, final int offset, final int length)
    {
        if (null == client)
        {
            counters.sendsToUnknownSessions.incrementRelease();
            return;
        }
        if (client.lost)
        {
            counters.reliableDiscarded.incrementRelease();
            return;
        }

        if (client.reliableQueue.isEmpty() || drainQueue(client))
        {
            final long result = offerNumbered(client, buffer, offset, length);
            if (result >= 0)
            {
                return;
            }
            if (EgressTransport.CLOSED == result || EgressTransport.MAX_POSITION_EXCEEDED == result)
            {
                lose(client, ErrorCode.SLOW_CONSUMER);
                counters.reliableDiscarded.incrementRelease();
                return;
            }
        }

        if (client.lost)
        {
            counters.reliableDiscarded.incrementRelease();
            return;
        }
        if (client.reliableQueue.append(buffer, offset, length))
        {
            counters.reliableQueued.incrementRelease();
            if (!client.waiting)
            {
                client.waiting = true;
                waitingQueues.add(client);
            }
        }
        else
        {
            slowConsumer(client);
            counters.reliableDiscarded.incrementRelease();
        }
    }

    /**
     * Offer queued reliable messages in order until the queue is empty or the transport pushes back.
     *
     * @return true when the queue is empty.
     */
    private boolean drainQueue(final ClientState client)
    {
        if (client.reliableQueue.isEmpty())
        {
            return true;
        }
        drainer.begin(this, client);
        client.reliableQueue.consume(drainer, Integer.MAX_VALUE);
        if (drainer.lostClient())
        {
            lose(client, ErrorCode.SLOW_CONSUMER);
            return false;
        }
        return client.reliableQueue.isEmpty();
    }

    /**
     * Number the message with the client's next sequence (and stamp a Pong's send time), then offer it.
     */
    long offerNumbered(final ClientState client, final DirectBuffer buffer, final int offset, final int length)
    {
        sendBuffer.putBytes(0, buffer, offset, length);
        sendBuffer.putLong(SEQUENCE_OFFSET, client.nextSequence);
        headerDecoder.wrap(sendBuffer, 0);
        if (PongEncoder.TEMPLATE_ID == headerDecoder.templateId())
        {
            sendBuffer.putLong(PONG_SEND_TIME_OFFSET, clock.nanoTime());
        }

        final long result = offer(client, sendBuffer, 0, length);
        if (result >= 0)
        {
            client.nextSequence++;
            counters.reliableSent.incrementRelease();
        }
        return result;
    }

    private long offer(final ClientState client, final MutableDirectBuffer buffer, final int offset, final int length)
    {
        if (muted)
        {
            return 0;
        }

        long result = 0;
        for (int attempt = 0; attempt <= ADMIN_ACTION_RETRIES; attempt++)
        {
            result = transport.offer(client.sessionId, buffer, offset, length);
            client.lastOfferResult = result;
            if (result >= 0)
            {
                counters.bytesSent.getAndAddRelease(length);
                return result;
            }
            if (EgressTransport.ADMIN_ACTION != result)
            {
                break;
            }
            counters.adminActions.incrementRelease();
        }

        if (EgressTransport.NOT_CONNECTED == result)
        {
            counters.notConnected.incrementRelease();
        }
        else if (EgressTransport.BACK_PRESSURED == result)
        {
            counters.backPressured.incrementRelease();
        }
        else if (EgressTransport.CLOSED == result)
        {
            counters.closed.incrementRelease();
        }
        else if (EgressTransport.MAX_POSITION_EXCEEDED == result)
        {
            counters.maxPositionExceeded.incrementRelease();
        }
        return result;
    }

    /**
     * The client's reliable queue overflowed, or it took no snapshot for too long: tell it why if possible, close its
     * stream, and have the loss enter the ring.
     */
    private void slowConsumer(final ClientState client)
    {
        slowConsumer(client, "reliable queue overflow: disconnected");
    }

    private void slowConsumer(final ClientState client, final String why)
    {
        counters.slowConsumerDisconnects.incrementRelease();
        final ErrorEncoder e = errorEncoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder);
        e.sequence(client.nextSequence).correlationId(0).code(ErrorCode.SLOW_CONSUMER).text(why);
        if (offer(client, sendBuffer, 0, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength()) >= 0)
        {
            client.nextSequence++;
        }
        lose(client, ErrorCode.SLOW_CONSUMER);
    }

    void lose(final ClientState client, final ErrorCode reason)
    {
        if (client.lost)
        {
            return;
        }
        client.lost = true;
        counters.clientsLost.incrementRelease();
        counters.reliableDiscarded.getAndAddRelease(drainer.discard(client.reliableQueue));
        if (!muted)
        {
            transport.onSessionClosed(client.sessionId);
        }
        command(ProducerCommandQueue.SESSION_LOST, client.sessionId, reason.value());
    }

    /**
     * Send a command to the producer, or keep it (in order) until the queue has room.
     */
    private void command(final int type, final long sessionId, final long argument)
    {
        if (pendingCommands.isEmpty() && offerCommand(type, sessionId, argument))
        {
            return;
        }
        counters.sessionLostRequestsDeferred.incrementRelease();
        pendingCommands.addLong(type);
        pendingCommands.addLong(sessionId);
        pendingCommands.addLong(argument);
    }

    private boolean offerCommand(final int type, final long sessionId, final long argument)
    {
        switch (type)
        {
            case ProducerCommandQueue.SESSION_LOST:
                return producerCommands.offerSessionLost(shard, sessionId, ErrorCode.get((short)argument));
            case ProducerCommandQueue.SESSION_FORGOTTEN:
                return producerCommands.offerSessionForgotten(shard, sessionId);
            case ProducerCommandQueue.SESSION_BOUND:
                return producerCommands.offerSessionBound(shard, sessionId, argument);
            default:
                throw new IllegalArgumentException("unknown producer command " + type);
        }
    }

    /**
     * Offer what waits in clients' queues (a publication that was not connected yet, a transport that pushed back)
     * without waiting for more traffic to that client; runs at the end of every batch, so at least once a tick.
     */
    private void retryWaitingQueues()
    {
        for (int i = waitingQueues.size() - 1; i >= 0; i--)
        {
            final ClientState client = waitingQueues.get(i);
            final boolean drained = client.lost || drainQueue(client);
            if (client.closing && (drained || clock.nanoTime() > client.closeDeadlineNs))
            {
                finishClose(client, client.forgetOnClose);
                continue;
            }
            if (drained)
            {
                client.waiting = false;
                final int last = waitingQueues.size() - 1;
                waitingQueues.set(i, waitingQueues.get(last));
                waitingQueues.remove(last);
            }
        }
    }

    private void retryPendingCommands()
    {
        int sent = 0;
        final int size = pendingCommands.size();
        while (sent < size && offerCommand((int)pendingCommands.getLong(sent), pendingCommands.getLong(sent + 1),
            pendingCommands.getLong(sent + 2)))
        {
            sent += 3;
        }
        if (sent == size)
        {
            pendingCommands.clear();
        }
        else if (sent > 0)
        {
            final LongArrayList rest = pendingCommands;
            for (int i = sent; i < size; i++)
            {
                rest.setLong(i - sent, rest.getLong(i));
            }
            for (int i = 0; i < sent; i++)
            {
                rest.removeAt(rest.size() - 1);
            }
        }
    }
}
