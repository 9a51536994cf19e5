package io.ringside.engine.egress;

import io.ringside.codec.MessageValidator;
import io.ringside.codec.Rejection;
import io.ringside.codec.sbe.MessageHeaderDecoder;
import io.ringside.codec.sbe.SnapshotType;
import io.ringside.codec.sbe.StateViewDecoder;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.support.BeaconGame;
import io.ringside.engine.support.EngineHarness;
import io.ringside.transport.DeclaredState;
import org.agrona.DirectBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A game that declares its state in a room too big to broadcast (no room stream): each member gets a StateView of
 * its own on its own stream, with what is within the game's view radius of its entity (and what has no position,
 * such as the room's own state), deltas against what that member was last shown, and removals when an entity leaves
 * its view; a client's DeclaredState, fed them, holds exactly that.
 */
class DeclaredStateViewTest
{
    private static final int MATCH = BeaconGame.MATCH_ENTITY_ID;

    private final EngineHarness engine = new EngineHarness(new GameRegistry().register(new BeaconGame(150)), true,
        EngineHarness.defaultSettings().roomStreamMaxSeats(0), 128, 64 * 1024);

    private long seated(final long playerId)
    {
        final long session = engine.connect(playerId);
        engine.join(session, BeaconGame.NAME, 0, 7);
        return session;
    }

    private List<StateViewDecoder> views(final long sessionId)
    {
        final List<StateViewDecoder> views = new ArrayList<>();
        final MessageValidator validator = MessageValidator.forClient();
        for (final DirectBuffer message : engine.transport.messages(sessionId))
        {
            final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(message, 0);
            if (StateViewDecoder.TEMPLATE_ID == header.templateId())
            {
                assertEquals(Rejection.NONE, validator.validate(message, 0, message.capacity()));
                views.add(new StateViewDecoder().wrap(message, MessageHeaderDecoder.ENCODED_LENGTH, header.blockLength(),
                    header.version()));
            }
        }
        return views;
    }

    /**
     * @return the entity ids the client holds after applying every view it was sent.
     */
    private Set<Integer> seenBy(final long sessionId, final long roomId)
    {
        final DeclaredState state = new DeclaredState();
        state.reset(BeaconGame.STATE, roomId);
        for (final StateViewDecoder view : views(sessionId))
        {
            assertTrue(state.apply(view), "every view applies");
            view.sbeRewind();
        }
        final Set<Integer> ids = new TreeSet<>();
        for (final String type : new String[]{ "beacon", "match" })
        {
            state.entities(type).forEach(entity -> ids.add(entity.id()));
        }
        return ids;
    }

    @Test
    void eachMemberSeesWhatIsNearItsOwnEntityAndTheRoomState()
    {
        final long a = seated(1);
        final long b = seated(2);
        final long c = seated(3);
        final long d = seated(4);
        final long roomId = engine.last(a, io.ringside.codec.MessageType.ROOM_JOINED).roomId;
        engine.ticks(3);

        // beacons 100..103 stand 141 apart in seat order; the view radius is 150
        assertEquals(Set.of(MATCH, 100, 101), seenBy(a, roomId));
        assertEquals(Set.of(MATCH, 100, 101, 102), seenBy(b, roomId));
        assertEquals(Set.of(MATCH, 101, 102, 103), seenBy(c, roomId));
        assertEquals(Set.of(MATCH, 102, 103), seenBy(d, roomId));
        assertTrue(engine.transport.roomMessages(roomId).isEmpty(), "no room stream");

        final List<StateViewDecoder> views = views(a);
        assertEquals(3, views.size(), "one view a tick");
        assertEquals(SnapshotType.FULL, views.get(0).snapshotType());
        final StateViewDecoder delta = views.get(2);
        assertEquals(SnapshotType.DELTA, delta.snapshotType());
        assertEquals(delta.sequence() - 1, delta.baselineSequence(), "against the view before");
        assertEquals(0, delta.removedEntities().count());
        delta.sbeRewind();

        // b leaves: the beacons after it move up a seat, so a now stands next to c's beacon
        engine.leave(b);
        engine.ticks(2);
        assertEquals(Set.of(MATCH, 100, 102), seenBy(a, roomId), "101 removed from a's view, 102 added");
        final StateViewDecoder afterLeave = views(a).get(views(a).size() - 2);
        final List<Integer> removed = new ArrayList<>();
        afterLeave.removedEntities().forEach(r -> removed.add(r.entityId()));
        assertEquals(List.of(101), removed);
    }

    @Test
    void aClientsDeclaredStateHoldsTheValuesOfWhatItSees()
    {
        final long a = seated(1);
        seated(2);
        seated(3);
        final long roomId = engine.last(a, io.ringside.codec.MessageType.ROOM_JOINED).roomId;
        engine.ticks(5);

        final DeclaredState state = new DeclaredState();
        state.reset(BeaconGame.STATE, roomId);
        for (final StateViewDecoder view : views(a))
        {
            assertTrue(state.apply(view));
        }
        final DeclaredState.Entity own = state.entity(100);
        assertNotNull(own);
        assertEquals(100f, own.getFloat("x"), 0.1f);
        assertEquals(5, own.getInt("level"), "lit five ticks");
        assertEquals(1, state.entity(MATCH).getInt("phase"));
        assertEquals(null, state.entity(102), "beyond the view radius");
    }
}
