package io.ringside.engine.support;

import io.ringside.codec.MessageType;
import io.ringside.codec.MessageValidator;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.GameEventDecoder;
import io.ringside.codec.sbe.GameEventType;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.PongDecoder;
import io.ringside.codec.sbe.RoomJoinedDecoder;
import io.ringside.codec.sbe.RoomListDecoder;
import io.ringside.codec.sbe.RoomMessageDecoder;
import io.ringside.codec.sbe.RoomSnapshotDecoder;
import io.ringside.codec.sbe.ServerState;
import io.ringside.codec.sbe.ServerStatusDecoder;
import io.ringside.codec.sbe.SessionResultDecoder;
import io.ringside.codec.sbe.SnapshotDecoder;
import io.ringside.codec.sbe.SnapshotType;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * A server message decoded into plain fields, for assertions.
 */
public final class Received
{
    public record Entity(int id, int kind, int mask, float x, float y, int health, int score, int state, int ownerId)
    {
    }

    public record Member(int entityId, long lastInputSequence, long lastInputTimeNs)
    {
    }

    public record ListedRoom(long roomId, int players, int maxPlayers, String metadata)
    {
    }

    public MessageType type;
    public long sequence;
    public long correlationId;
    public ErrorCode code;
    public String text;
    public long sessionId;
    public long tokenHigh;
    public long tokenLow;
    public long playerId;
    public long roomId;
    public int entityId;
    public long tick;
    public SnapshotType snapshotType;
    public long baselineSequence;
    public long skippedCount;
    public long lastInputSequence;
    public long lastInputTimeNs;
    public final List<Entity> entities = new ArrayList<>();
    public final List<Integer> removed = new ArrayList<>();
    public final List<Member> members = new ArrayList<>();
    public int roomStreamId;
    public GameEventType eventType;
    public int subjectId;
    public int objectId;
    public int value;
    public float x;
    public float y;
    public long pingId;
    public long serverSendTimeNs;
    public ServerState serverState;
    public int opcode;
    public byte[] payload;
    public String joinCode;
    /**
     * A RoomList's page; its matching count is in {@link #value}, its first room's place in {@link #subjectId}.
     */
    public final List<ListedRoom> listedRooms = new ArrayList<>();

    public static Received decode(final DirectBuffer buffer)
    {
        final MessageValidator validator = MessageValidator.forClient();
        final Rejection rejection = validator.validate(buffer, 0, buffer.capacity());
        if (Rejection.NONE != rejection)
        {
            throw new AssertionError("invalid server message: " + rejection);
        }
        final Received r = new Received();
        r.type = validator.messageType();
        final int body = MessageHeaderDecoder.ENCODED_LENGTH;
        final int blockLength = validator.actingBlockLength();
        final int version = validator.actingVersion();
        switch (r.type)
        {
            case SESSION_RESULT:
            {
                final SessionResultDecoder d = new SessionResultDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.sequence();
                r.correlationId = d.correlationId();
                r.code = d.result();
                r.sessionId = d.sessionId();
                r.tokenHigh = d.resumeToken().high();
                r.tokenLow = d.resumeToken().low();
                r.playerId = d.playerId();
                r.tick = d.tick();
                break;
            }
            case ROOM_JOINED:
            {
                final RoomJoinedDecoder d = new RoomJoinedDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.sequence();
                r.correlationId = d.correlationId();
                r.roomId = d.roomId();
                r.entityId = d.entityId();
                r.tick = d.tick();
                r.roomStreamId = d.roomStreamId();
                r.joinCode = d.joinCode();
                r.text = d.gameType();
                break;
            }
            case SNAPSHOT:
            {
                final SnapshotDecoder d = new SnapshotDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.sequence();
                r.tick = d.tick();
                r.roomId = d.roomId();
                r.lastInputSequence = d.lastInputSequence();
                r.lastInputTimeNs = d.lastInputClientTimestampNs();
                r.snapshotType = d.snapshotType();
                r.baselineSequence = d.baselineSequence();
                r.skippedCount = d.skippedCount();
                for (final SnapshotDecoder.EntitiesDecoder e : d.entities())
                {
                    r.entities.add(new Entity(e.entityId(), e.kind().value(), e.changedFields().buffer()
                        .getShort(e.changedFields().offset(), java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
                        e.x(), e.y(), e.health(), e.score(), e.state(), e.ownerId()));
                }
                for (final SnapshotDecoder.RemovedEntitiesDecoder e : d.removedEntities())
                {
                    r.removed.add(e.entityId());
                }
                break;
            }
            case ROOM_SNAPSHOT:
            {
                final RoomSnapshotDecoder d = new RoomSnapshotDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.roomSequence();
                r.tick = d.tick();
                r.roomId = d.roomId();
                r.snapshotType = d.snapshotType();
                r.baselineSequence = d.baselineSequence();
                r.skippedCount = d.skippedCount();
                for (final RoomSnapshotDecoder.MembersDecoder m : d.members())
                {
                    r.members.add(new Member(m.entityId(), m.lastInputSequence(), m.lastInputClientTimestampNs()));
                }
                for (final RoomSnapshotDecoder.EntitiesDecoder e : d.entities())
                {
                    r.entities.add(new Entity(e.entityId(), e.kind().value(), e.changedFields().buffer()
                        .getShort(e.changedFields().offset(), java.nio.ByteOrder.LITTLE_ENDIAN) & 0xFFFF,
                        e.x(), e.y(), e.health(), e.score(), e.state(), e.ownerId()));
                }
                for (final RoomSnapshotDecoder.RemovedEntitiesDecoder e : d.removedEntities())
                {
                    r.removed.add(e.entityId());
                }
                break;
            }
            case GAME_EVENT:
            {
                final GameEventDecoder d = new GameEventDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.sequence();
                r.tick = d.tick();
                r.roomId = d.roomId();
                r.eventType = d.eventType();
                r.subjectId = d.subjectId();
                r.objectId = d.objectId();
                r.value = d.value();
                r.x = d.x();
                r.y = d.y();
                break;
            }
            case ROOM_LIST:
            {
                final RoomListDecoder d = new RoomListDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.sequence();
                r.correlationId = d.correlationId();
                r.tick = d.tick();
                r.value = d.matchingCount();
                r.subjectId = d.firstRoom();
                for (final RoomListDecoder.RoomsDecoder room : d.rooms())
                {
                    r.listedRooms.add(new ListedRoom(room.roomId(), room.playerCount(), room.maxPlayers(), null));
                }
                final String[] metadata = d.metadata().split("\n", -1);
                for (int i = 0; i < r.listedRooms.size(); i++)
                {
                    final ListedRoom room = r.listedRooms.get(i);
                    r.listedRooms.set(i, new ListedRoom(room.roomId(), room.players(), room.maxPlayers(), metadata[i]));
                }
                if (metadata.length != r.listedRooms.size() + 1 || !metadata[metadata.length - 1].isEmpty())
                {
                    throw new AssertionError("metadata lines do not match the rooms: " + d.metadata());
                }
                break;
            }
            case ROOM_MESSAGE:
            {
                final RoomMessageDecoder d = new RoomMessageDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.sequence();
                r.tick = d.tick();
                r.roomId = d.roomId();
                r.opcode = d.opcode();
                r.payload = new byte[d.payloadLength()];
                d.getPayload(r.payload, 0, r.payload.length);
                break;
            }
            case PONG:
            {
                final PongDecoder d = new PongDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.sequence();
                r.pingId = d.pingId();
                r.serverSendTimeNs = d.serverSendTimeNs();
                break;
            }
            case ERROR:
            {
                final ErrorDecoder d = new ErrorDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.sequence();
                r.correlationId = d.correlationId();
                r.code = d.code();
                r.text = d.text();
                break;
            }
            case SERVER_STATUS:
            {
                final ServerStatusDecoder d = new ServerStatusDecoder().wrap(buffer, body, blockLength, version);
                r.sequence = d.sequence();
                r.serverState = d.state();
                break;
            }
            default:
                r.sequence = buffer.getLong(body, java.nio.ByteOrder.LITTLE_ENDIAN);
                break;
        }
        return r;
    }

    public static List<Received> decodeAll(final List<? extends DirectBuffer> buffers)
    {
        final List<Received> all = new ArrayList<>();
        for (final DirectBuffer buffer : buffers)
        {
            all.add(decode(buffer));
        }
        return all;
    }

    public Entity entity(final int id)
    {
        for (final Entity e : entities)
        {
            if (e.id() == id)
            {
                return e;
            }
        }
        return null;
    }

    public String toString()
    {
        return type + "#" + sequence + (null != code ? " " + code : "") +
            (MessageType.SNAPSHOT == type || MessageType.ROOM_SNAPSHOT == type ? " " + snapshotType + " tick=" + tick + " skipped=" + skippedCount +
            " entities=" + entities.size() + " removed=" + removed.size() : "") +
            (null != eventType ? " " + eventType : "");
    }
}
