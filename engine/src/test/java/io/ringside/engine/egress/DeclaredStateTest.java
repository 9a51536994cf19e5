package io.ringside.engine.egress;

import io.ringside.codec.MessageType;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.RoomStateDecoder;
import io.ringside.codec.sbe.RoomStateSchemaDecoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.codec.state.StateSchema;
import io.ringside.codec.state.StateSchemaCodec;
import io.ringside.codec.state.StateWire;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.support.BeaconGame;
import io.ringside.engine.support.EngineHarness;
import io.ringside.engine.support.Received;
import io.ringside.transport.DeclaredState;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A game that declares its state, through the logic and egress by hand: every member gets the declaration when
 * seated, each room tick is one RoomState on the room stream (a keyframe with every field, then deltas with only the
 * fields whose bytes changed, removals listed), and a client's DeclaredState, fed those messages, holds the values
 * the game wrote, by type and field.
 */
class DeclaredStateTest
{
    private final BeaconGame game = new BeaconGame();
    private final EngineHarness engine = new EngineHarness(new GameRegistry().register(game), true,
        EngineHarness.defaultSettings().roomStreamMaxSeats(128), 128, 64 * 1024);

    DeclaredStateTest()
    {
        engine.transport.roomStreams(true);
        engine.egress.roomStreams(64 * 1024, 512, 10, 64 * 1024, new StateSchema[]{ BeaconGame.STATE });
    }

    private long seated(final long playerId)
    {
        final long session = engine.connect(playerId);
        engine.join(session, BeaconGame.NAME, 0, 7);
        return session;
    }

    private List<RoomStateDecoder> roomStates(final long roomId)
    {
        final List<RoomStateDecoder> states = new ArrayList<>();
        for (final DirectBuffer message : engine.transport.roomMessages(roomId))
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
            assertEquals(RoomStateDecoder.TEMPLATE_ID, header.templateId());
            states.add(new RoomStateDecoder().wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                header.version()));
        }
        return states;
    }

    /**
     * @return each entry of the message's entities: {entity id, type id, changed-fields mask}.
     */
    private static List<int[]> entries(final RoomStateDecoder message)
    {
        message.members().forEach(m -> { });
        message.removedEntities().forEach(r -> { });
        final UnsafeBuffer values = new UnsafeBuffer(0, 0);
        final int length = message.entitiesLength();
        message.wrapEntities(values);
        final List<int[]> entries = new ArrayList<>();
        for (int at = 0; at < length; )
        {
            final int id = values.getInt(at, ByteOrder.LITTLE_ENDIAN);
            final StateSchema.EntityType type = BeaconGame.STATE.type(values.getByte(at + StateWire.TYPE_ID_OFFSET));
            final int mask = values.getInt(at + StateWire.CHANGED_FIELDS_OFFSET, ByteOrder.LITTLE_ENDIAN);
            entries.add(new int[]{ id, type.typeId(), mask });
            at += StateWire.ENTRY_HEADER_LENGTH;
            for (int f = 0; f < type.fieldCount(); f++)
            {
                at += 0 != (mask & (1 << f)) ? type.field(f).length() : 0;
            }
        }
        message.sbeRewind();
        return entries;
    }

    @Test
    void membersGetTheDeclarationAndEachRoomTickIsOneRoomStateWithOnlyTheChangedFields()
    {
        final long a = seated(1);
        final long b = seated(2);
        final Received joined = engine.last(a, MessageType.ROOM_JOINED);
        final long roomId = joined.roomId;
        final List<MessageType> aReceived = engine.received(a).stream().map(r -> r.type).toList();
        assertEquals(MessageType.ROOM_STATE_SCHEMA, aReceived.get(aReceived.indexOf(MessageType.ROOM_JOINED) + 1),
            "the declaration follows RoomJoined: " + aReceived);
        final DirectBuffer schemaMessage = engine.transport.messages(b).stream()
            .filter(m -> RoomStateSchemaDecoder.TEMPLATE_ID == new MessageHeaderDecoder().wrap(m, 0).templateId())
            .findFirst().orElseThrow();
        final RoomStateSchemaDecoder schemaDecoder = new RoomStateSchemaDecoder().wrap(schemaMessage,
            MessageHeaderDecoder.ENCODED_LENGTH, RoomStateSchemaDecoder.BLOCK_LENGTH, RoomStateSchemaDecoder.SCHEMA_VERSION);
        assertEquals(roomId, schemaDecoder.roomId());
        final byte[] schemaBytes = new byte[schemaDecoder.schemaLength()];
        schemaDecoder.getSchema(schemaBytes, 0, schemaBytes.length);
        final StateSchema received = StateSchemaCodec.decode(new UnsafeBuffer(schemaBytes), 0, schemaBytes.length);
        assertEquals(BeaconGame.STATE, received, "the client reads the game's declaration without its code");

        engine.ticks(3);
        final List<RoomStateDecoder> states = roomStates(roomId);
        assertEquals(3, states.size(), "one RoomState a room tick");
        assertEquals(SnapshotType.FULL, states.get(0).snapshotType());
        final List<int[]> keyframe = entries(states.get(0));
        assertEquals(3, keyframe.size(), "the match and two beacons");
        for (final int[] entry : keyframe)
        {
            assertEquals(StateWire.allFields(BeaconGame.STATE.type(entry[1])), entry[2], "a keyframe has every field");
        }
        assertEquals(SnapshotType.DELTA, states.get(1).snapshotType());
        final List<int[]> delta = entries(states.get(1));
        final int level = 1 << BeaconGame.STATE.type("beacon").field("level").index();
        final int ticks = 1 << BeaconGame.STATE.type("match").field("ticks").index();
        assertEquals(3, delta.size());
        assertEquals(ticks, delta.get(0)[2], "the match: only its tick count changed");
        assertEquals(level, delta.get(1)[2], "a beacon: only its level changed");
        assertEquals(level, delta.get(2)[2]);

        final DeclaredState client = new DeclaredState();
        client.reset(received, roomId);
        for (final RoomStateDecoder state : states)
        {
            assertTrue(client.apply(state));
        }
        final DeclaredState.Entity match = client.entity(BeaconGame.MATCH_ENTITY_ID);
        assertEquals("match", match.type().name());
        assertTrue(match.type().isRoomState());
        assertEquals(1, match.getInt("phase"));
        assertEquals(3, match.getInt("ticks"));
        final List<DeclaredState.Entity> beacons = client.entities("beacon");
        assertEquals(2, beacons.size());
        final DeclaredState.Entity first = beacons.get(0);
        assertEquals(100f, first.getFloat("x"), 1000f / 65535);
        assertEquals(900f, first.getFloat("y"), 1000f / 65535);
        assertEquals(3, first.getInt("level"));
        assertTrue(first.getBoolean("lit"));
        final byte[] tag = new byte[4];
        new UnsafeBuffer(tag).putInt(0, first.id() * 7);
        assertArrayEquals(tag, first.getBytes("tag"));
        assertEquals(3, first.getInt(BeaconGame.STATE.type("beacon").field("level")), "by the game's own Field too");
    }

    @Test
    void aToggleShowsAsItsOneFieldAndALeaveAsARemoval()
    {
        final long a = seated(1);
        final long b = seated(2);
        final long roomId = engine.last(a, MessageType.ROOM_JOINED).roomId;
        final int bEntity = engine.last(b, MessageType.ROOM_JOINED).entityId;
        engine.ticks(2);
        engine.input(b, 1, 0, 0, true);
        engine.tick();
        engine.leave(b);
        engine.tick();

        final List<RoomStateDecoder> states = roomStates(roomId);
        final List<int[]> toggled = entries(states.get(2));
        final int lit = 1 << BeaconGame.STATE.type("beacon").field("lit").index();
        final int[] bEntry = toggled.stream().filter(e -> e[0] == bEntity).findFirst().orElseThrow();
        assertEquals(lit, bEntry[2], "b went dark: its lit flag changed and its level stopped");

        final RoomStateDecoder afterLeave = states.get(3);
        final List<Integer> removed = new ArrayList<>();
        afterLeave.members().forEach(m -> { });
        afterLeave.removedEntities().forEach(r -> removed.add(r.entityId()));
        assertEquals(List.of(bEntity), removed);
        afterLeave.sbeRewind();

        final DeclaredState client = new DeclaredState();
        client.reset(BeaconGame.STATE, roomId);
        states.forEach(s -> assertTrue(client.apply(s)));
        assertNull(client.entity(bEntity), "removed");
        assertEquals(2, client.entityCount(), "the match and a's beacon");
    }

    @Test
    void aValueItsFieldCannotCarryFailsTheRoomsTickAndNothingOfItIsSent()
    {
        final long a = seated(1);
        final long roomId = engine.last(a, MessageType.ROOM_JOINED).roomId;
        engine.tick();
        game.breakTick = true;
        engine.ticks(2);

        assertEquals(1, roomStates(roomId).size(), "the failing ticks wrote no frame");
        assertEquals(ErrorCode.GAME_FAULT, engine.last(a, MessageType.ERROR).code, "told once");
        assertEquals(2, engine.logic.counters().gameFaults());

        game.breakTick = false;
        engine.tick();
        assertEquals(2, roomStates(roomId).size(), "back once the game is");
    }

    @Test
    void aClientRefusesEntriesItsDeclarationDoesNotHave()
    {
        final long a = seated(1);
        final long roomId = engine.last(a, MessageType.ROOM_JOINED).roomId;
        engine.ticks(2);
        final List<RoomStateDecoder> states = roomStates(roomId);

        final DeclaredState other = new DeclaredState();
        other.reset(StateSchema.builder().entity("only").uint8("one").build(), roomId);
        assertFalse(other.apply(states.get(0)), "types it does not declare");
        assertEquals(0, other.entityCount(), "nothing applied");

        final DeclaredState wrongRoom = new DeclaredState();
        wrongRoom.reset(BeaconGame.STATE, roomId + 1);
        assertFalse(wrongRoom.apply(states.get(0)));

        final DeclaredState none = new DeclaredState();
        assertFalse(none.apply(states.get(0)), "no declaration yet");
        assertNotNull(states.get(1));
    }

    @Test
    void theArenaCanBeWrittenOnDeclaredStateAndDecodedLikeAnyGame()
    {
        final io.ringside.engine.game.arena.ArenaGame arena = new io.ringside.engine.game.arena.ArenaGame(
            new io.ringside.engine.game.arena.ArenaSettings().maxPlayers(8).declaredState(true));
        final EngineHarness h = new EngineHarness(new GameRegistry().register(arena), true,
            EngineHarness.defaultSettings().roomStreamMaxSeats(128), 128, 64 * 1024);
        h.transport.roomStreams(true);
        h.egress.roomStreams(64 * 1024, 512, 10, 64 * 1024, new StateSchema[]{ arena.state() });
        final long[] sessions = new long[4];
        for (int p = 0; p < sessions.length; p++)
        {
            sessions[p] = h.connect(p + 1);
            h.join(sessions[p], "arena", 0, 3);
        }
        final long roomId = h.last(sessions[0], MessageType.ROOM_JOINED).roomId;
        for (int t = 1; t <= 120; t++)
        {
            for (int p = 0; p < sessions.length; p++)
            {
                h.input(sessions[p], t, 1, p % 2 == 0 ? 0.5f : -0.5f, 0 == t % 10);
            }
            h.tick();
        }

        assertEquals(0, h.logic.counters().gameFaults(), "every value fits its field");
        final DeclaredState client = new DeclaredState();
        client.reset(arena.state(), roomId);
        final List<RoomStateDecoder> states = new ArrayList<>();
        for (final DirectBuffer message : h.transport.roomMessages(roomId))
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
            states.add(new RoomStateDecoder().wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                header.version()));
        }
        assertEquals(120, states.size());
        states.forEach(state -> assertTrue(client.apply(state)));
        final List<DeclaredState.Entity> ships = client.entities("ship");
        assertEquals(4, ships.size());
        assertTrue(client.entities("projectile").size() > 0, "they fired");
        for (final DeclaredState.Entity ship : ships)
        {
            final float x = ship.getFloat("x");
            assertTrue(x > 0 && x < 2000, "inside the world: " + x);
            assertTrue(Math.abs(ship.getFloat("rotation")) <= Math.PI + 1e-3);
        }
    }
}
