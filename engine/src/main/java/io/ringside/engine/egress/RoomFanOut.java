package io.ringside.engine.egress;

import io.ringside.codec.sbe.EntityKind;
import io.ringside.codec.sbe.MessageHeaderEncoder;
import io.ringside.codec.sbe.RoomSnapshotEncoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.codec.state.StateSchema;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import static io.ringside.engine.output.OutputRecordDescriptor.*;

/**
 * Encodes a room's frame once per room tick as a RoomSnapshot and offers it on the room's stream, which every member
 * reads: the work and the bytes of a room tick no longer grow with its members. Each room stream has its own
 * sequence, one more per message taken; a DELTA is against the previous message taken (so the entities of the last
 * delivered picture are the baseline), a FULL keyframe goes out every {@code keyframeInterval} messages and after a
 * member joins. A tick the stream does not take (no reader yet, or every reader's window full) leaves the baseline
 * as it was and is declared in the next message's {@code skippedCount}. It keeps which session reads which room's
 * stream, for the members of every egress shard, and forgets a room's state with its last member. Owned by the
 * thread of egress shard 0; allocation-free once a room's state exists.
 */
final class RoomFanOut
{
    private static final int ADMIN_ACTION_RETRIES = 3;

    /**
     * One room's stream as egress keeps it.
     */
    static final class RoomStream
    {
        final long roomId;
        int memberCount;
        long nextSequence = 1;
        int sinceKeyframe;
        boolean needsFull = true;
        long skippedSinceDelivered;
        UnsafeBuffer baseline;
        int baselineCount;
        UnsafeBuffer current;
        int currentCount;
        int recordLength = ENTITY_LENGTH;

        RoomStream(final long roomId, final int maxEntities)
        {
            this.roomId = roomId;
            this.baseline = new UnsafeBuffer(new byte[maxEntities * ENTITY_LENGTH]);
            this.current = new UnsafeBuffer(new byte[maxEntities * ENTITY_LENGTH]);
        }

        /**
         * The room's frames carry records of this length (a game's declared state): the pictures are sized for them,
         * and a change of length (never within a room's life) starts over from a keyframe.
         */
        void recordLength(final int recordLength, final int maxEntities)
        {
            if (recordLength != this.recordLength)
            {
                this.recordLength = recordLength;
                baseline = new UnsafeBuffer(new byte[maxEntities * recordLength]);
                current = new UnsafeBuffer(new byte[maxEntities * recordLength]);
                baselineCount = 0;
                currentCount = 0;
                needsFull = true;
            }
        }

        long nextSequence()
        {
            return nextSequence;
        }

        void swapBaseline()
        {
            final UnsafeBuffer previous = baseline;
            baseline = current;
            baselineCount = currentCount;
            current = previous;
            currentCount = 0;
        }
    }

    private final EgressTransport transport;
    private final EgressCounters counters;
    private final StateSchema[] schemasByGame;
    private final DeclaredStateEncoder stateEncoder;
    private final int maxEntities;
    private final int keyframeInterval;
    private final EntityDiff diff;
    private final long[] keys;
    private final UnsafeBuffer sendBuffer;
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final RoomSnapshotEncoder encoder = new RoomSnapshotEncoder();
    private final EntityDiff.EntryWriter entryWriter = this::writeEntry;
    private RoomSnapshotEncoder.EntitiesEncoder entities;
    private final Long2ObjectHashMap<RoomStream> rooms = new Long2ObjectHashMap<>();
    private final Long2LongHashMap roomIdBySessionId = new Long2LongHashMap(0);
    private boolean muted;

    /**
     * @param schemasByGame       each registered game's declared state (null for the fixed view), by registry index.
     * @param maxFrameEntities    most entities a frame may carry.
     * @param maxEntities         most entities one RoomSnapshot shows (the rest are counted as left out).
     * @param keyframeInterval    every how many messages one is FULL.
     * @param maxMessageLength    the longest RoomSnapshot the room streams take.
     */
    RoomFanOut(
        final EgressTransport transport,
        final EgressCounters counters,
        final StateSchema[] schemasByGame,
        final int maxFrameEntities,
        final int maxEntities,
        final int keyframeInterval,
        final int maxMessageLength)
    {
        this.transport = transport;
        this.counters = counters;
        this.schemasByGame = schemasByGame;
        this.stateEncoder = new DeclaredStateEncoder(maxEntities);
        this.maxEntities = maxEntities;
        this.keyframeInterval = keyframeInterval;
        this.diff = new EntityDiff(maxEntities);
        this.keys = new long[maxFrameEntities];
        this.sendBuffer = new UnsafeBuffer(new byte[maxMessageLength]);
    }

    void muted(final boolean muted)
    {
        this.muted = muted;
    }

    /**
     * A session became a member of the room (again, after a resume): the next message is a keyframe, so the newcomer
     * has a whole picture at once. A member of another room leaves that one first.
     */
    void onMemberJoined(final long roomId, final long sessionId)
    {
        final long previousRoomId = roomIdBySessionId.put(sessionId, roomId);
        final RoomStream room = room(roomId);
        if (previousRoomId != roomId)
        {
            if (0 != previousRoomId)
            {
                leave(previousRoomId);
            }
            room.memberCount++;
        }
        room.needsFull = true;
    }

    /**
     * A session left the room; the room's state goes with its last member.
     *
     * @return whether the session was a member of that room's stream.
     */
    boolean onMemberLeft(final long roomId, final long sessionId)
    {
        if (roomIdBySessionId.get(sessionId) != roomId || 0 == roomId)
        {
            return false;
        }
        roomIdBySessionId.remove(sessionId);
        leave(roomId);
        return true;
    }

    /**
     * A session is gone for good: it leaves whatever room stream it read.
     */
    void onSessionForgotten(final long sessionId)
    {
        final long roomId = roomIdBySessionId.remove(sessionId);
        if (0 != roomId)
        {
            leave(roomId);
        }
    }

    private void leave(final long roomId)
    {
        final RoomStream room = rooms.get(roomId);
        if (null != room && --room.memberCount <= 0)
        {
            rooms.remove(roomId);
        }
    }

    RoomStream stream(final long roomId)
    {
        return rooms.get(roomId);
    }

    int roomCount()
    {
        return rooms.size();
    }

    /**
     * Encode the frame at {@code offset} once and offer it to the room's stream.
     */
    void onFrame(final DirectBuffer buffer, final int offset)
    {
        if (muted)
        {
            return;
        }
        final long roomId = buffer.getLong(offset + FRAME_ROOM_ID_OFFSET);
        final RoomStream room = rooms.get(roomId);
        if (null == room)
        {
            // seats egress has not seen join (after a recovery, until their players come back): no stream to take it
            counters.roomSnapshotsSkipped.incrementRelease();
            return;
        }
        final int entityCount = buffer.getInt(offset + FRAME_ENTITY_COUNT_OFFSET);
        final int memberCount = buffer.getInt(offset + FRAME_MEMBER_COUNT_OFFSET);
        final int entitiesOffset = offset + FRAME_ENTITIES_OFFSET;
        final int membersOffset = entitiesOffset + entityCount * ENTITY_LENGTH;

        room.recordLength(ENTITY_LENGTH, maxEntities);
        selectById(room, buffer, entitiesOffset, entityCount, maxEntities);

        final boolean full = room.needsFull || room.sinceKeyframe >= keyframeInterval;
        diff.diff(room.current, room.currentCount, room.baseline, room.baselineCount, full);

        final RoomSnapshotEncoder e = encoder.wrapAndApplyHeader(sendBuffer, 0, headerEncoder);
        e.roomSequence(room.nextSequence)
            .tick(buffer.getLong(offset + FRAME_TICK_OFFSET))
            .serverTimeNs(buffer.getLong(offset + FRAME_TIME_OFFSET))
            .roomId(roomId)
            .snapshotType(full ? SnapshotType.FULL : SnapshotType.DELTA)
            .baselineSequence(full ? 0 : room.nextSequence - 1)
            .skippedCount(Math.min(room.skippedSinceDelivered, 0xFFFF_FFFFL));

        final RoomSnapshotEncoder.MembersEncoder members = e.membersCount(memberCount);
        for (int m = 0; m < memberCount; m++)
        {
            final int at = membersOffset + m * MEMBER_LENGTH;
            members.next()
                .entityId(buffer.getInt(at + MEMBER_ENTITY_ID_OFFSET))
                .lastInputSequence(buffer.getLong(at + MEMBER_LAST_INPUT_SEQUENCE_OFFSET))
                .lastInputClientTimestampNs(buffer.getLong(at + MEMBER_LAST_INPUT_TIME_OFFSET));
        }

        entities = e.entitiesCount(diff.changedCount);
        diff.writeChanged(room.current, room.currentCount, entryWriter);

        final int removed = diff.removedCount;
        final int[] removedIds = diff.removedIds;
        final RoomSnapshotEncoder.RemovedEntitiesEncoder removedEntities = e.removedEntitiesCount(removed);
        for (int r = 0; r < removed; r++)
        {
            removedEntities.next().entityId(removedIds[r]);
        }

        deliver(room, MessageHeaderEncoder.ENCODED_LENGTH + e.encodedLength(), full);
    }

    /**
     * Encode the state frame of a room of a game that declares its state, at {@code offset}, once, and offer it to
     * the room's stream as a RoomState.
     */
    void onStateFrame(final DirectBuffer buffer, final int offset)
    {
        if (muted)
        {
            return;
        }
        final long roomId = buffer.getLong(offset + FRAME_ROOM_ID_OFFSET);
        final RoomStream room = rooms.get(roomId);
        if (null == room)
        {
            counters.roomSnapshotsSkipped.incrementRelease();
            return;
        }
        final StateSchema schema = schemasByGame[buffer.getInt(offset + STATE_FRAME_GAME_INDEX_OFFSET)];
        final int recordLength = buffer.getInt(offset + STATE_FRAME_RECORD_LENGTH_OFFSET);
        final int entityCount = buffer.getInt(offset + FRAME_ENTITY_COUNT_OFFSET);
        final int memberCount = buffer.getInt(offset + FRAME_MEMBER_COUNT_OFFSET);
        final int entitiesOffset = offset + STATE_FRAME_ENTITIES_OFFSET;
        final int membersOffset = entitiesOffset + entityCount * recordLength;

        room.recordLength(recordLength, maxEntities);
        selectById(room, buffer, entitiesOffset, entityCount, Math.min(maxEntities,
            DeclaredStateEncoder.entityBudget(sendBuffer.capacity(), memberCount, maxEntities, recordLength)));

        final boolean full = room.needsFull || room.sinceKeyframe >= keyframeInterval;
        final int length = stateEncoder.encode(sendBuffer, schema, recordLength, room.current, room.currentCount,
            room.baseline, room.baselineCount, full, room.nextSequence, room.skippedSinceDelivered, buffer, offset,
            membersOffset, memberCount);
        deliver(room, length, full);
    }

    /**
     * Offer the message in the send buffer to the room's stream: taken, it is the new baseline; not taken, the tick
     * is declared in the next message.
     */
    private void deliver(final RoomStream room, final int length, final boolean full)
    {
        final long result = offer(room.roomId, length);
        if (result >= 0)
        {
            room.nextSequence++;
            room.swapBaseline();
            room.needsFull = false;
            room.sinceKeyframe = full ? 1 : room.sinceKeyframe + 1;
            room.skippedSinceDelivered = 0;
            counters.roomSnapshotsSent.incrementRelease();
            counters.roomStreamBytesSent.getAndAddRelease(length);
            if (full)
            {
                counters.roomKeyframes.incrementRelease();
            }
        }
        else
        {
            room.skippedSinceDelivered++;
            counters.roomSnapshotsSkipped.incrementRelease();
        }
    }

    private void writeEntry(
        final int id, final EntityKind kind, final int mask, final float x, final float y, final float rotation,
        final float vx, final float vy, final short health, final int score, final int state, final int ownerId)
    {
        entities.next().entityId(id).kind(kind);
        EntityDiff.applyMask(entities.changedFields(), mask);
        entities.x(x).y(y).rotation(rotation).vx(vx).vy(vy).health(health).score(score).state(state).ownerId(ownerId);
    }

    private long offer(final long roomId, final int length)
    {
        long result = EgressTransport.NOT_CONNECTED;
        for (int attempt = 0; attempt <= ADMIN_ACTION_RETRIES; attempt++)
        {
            result = transport.offerRoom(roomId, sendBuffer, 0, length);
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
        return result;
    }

    /**
     * The frame's entities, sorted by id, into {@code room.current}; those past {@code cap} are counted as left out.
     */
    private void selectById(
        final RoomStream room, final DirectBuffer buffer, final int entitiesOffset, final int count, final int cap)
    {
        final int recordLength = room.recordLength;
        final int frameCount = Math.min(count, keys.length);
        for (int i = 0; i < frameCount; i++)
        {
            // the entity id leads both kinds of record
            keys[i] = ((long)buffer.getInt(entitiesOffset + i * recordLength + ENTITY_ID_OFFSET) << 32) | i;
        }
        PrimitiveSort.sort(keys, 0, frameCount);

        final int shown = Math.min(frameCount, cap);
        final UnsafeBuffer current = room.current;
        for (int k = 0; k < shown; k++)
        {
            final int i = (int)(keys[k] & 0xFFFF_FFFFL);
            current.putBytes(k * recordLength, buffer, entitiesOffset + i * recordLength, recordLength);
        }
        room.currentCount = shown;
        if (count > shown)
        {
            counters.roomEntitiesLeftOut.getAndAddRelease(count - shown);
        }
    }

    private RoomStream room(final long roomId)
    {
        RoomStream room = rooms.get(roomId);
        if (null == room)
        {
            room = new RoomStream(roomId, maxEntities);
            rooms.put(roomId, room);
        }
        return room;
    }
}
