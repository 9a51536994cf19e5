package io.ringside.games.pig;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.sbe.ErrorDecoder;
import io.ringside.codec.sbe.RoomListDecoder;
import io.ringside.codec.sbe.RoomMessageDecoder;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.transport.IngressContext;
import io.ringside.engine.transport.NetworkFixture;
import io.ringside.transport.DeclaredState;
import io.ringside.transport.GameClient;
import io.ringside.transport.GameClientListener;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ringside.engine.transport.NetworkFixture.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pig over real Aeron, found on the class path as bin/engine finds it, played from the Java client with no code of
 * the game's: moves are game messages, rolls come back as room messages, and the table and scores are read from the
 * declared state by type and field.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PigOverAeronTest
{
    private NetworkFixture network;

    @AfterEach
    void close()
    {
        if (null != network)
        {
            network.close();
        }
    }

    /**
     * Keeps the dice a client has seen and the errors it was told.
     */
    static final class Player implements GameClientListener
    {
        final List<Integer> dice = new ArrayList<>();
        final List<ErrorCode> errors = new ArrayList<>();

        public void onRoomMessage(final RoomMessageDecoder message)
        {
            if (PigGame.ROLLED == message.opcode())
            {
                final UnsafeBuffer payload = new UnsafeBuffer(new byte[message.payloadLength()]);
                message.getPayload(payload, 0, payload.capacity());
                dice.add((int)payload.getByte(4));
            }
        }

        public void onError(final ErrorDecoder error)
        {
            errors.add(error.code());
        }
    }

    @ParameterizedTest(name = "ipc={0}")
    @ValueSource(booleans = { false, true })
    void twoPlayersRollAndHoldAndBothSeeTheTable(final boolean ipc)
    {
        network = new NetworkFixture(ipc, NetworkFixture.defaultGamesContext()
            .games(GameRegistry.discover(getClass().getClassLoader(), List.of(PigGame.NAME))), new IngressContext());
        final Player aEars = new Player();
        final Player bEars = new Player();
        final GameClient a = network.seat(network.client(aEars), "a", PigGame.NAME);
        final GameClient b = network.seat(network.client(bEars), "b", PigGame.NAME);
        final UnsafeBuffer none = new UnsafeBuffer(new byte[0]);

        network.pollUntil("the table shows a game with a on turn", 10_000, () -> null != table(a) &&
            PigRoom.PHASE_PLAYING == table(a).getInt("phase") && a.entityId() == table(a).getInt("turn"));
        send(() -> b.gameMessage(PigGame.ROLL, none, 0, 0));
        network.pollUntil("b told it is not its turn", 10_000, () -> bEars.errors.contains(ErrorCode.NOT_YOUR_TURN));

        send(() -> a.gameMessage(PigGame.ROLL, none, 0, 0));
        network.pollUntil("both hear the roll", 10_000, () -> 1 == aEars.dice.size() && 1 == bEars.dice.size());
        final int die = aEars.dice.get(0);
        assertEquals(die, (int)bEars.dice.get(0));
        network.pollUntil("the table shows it", 10_000, () -> die == table(b).getInt("lastRoll"));
        if (1 != die)
        {
            assertEquals(die, table(b).getInt("turnTotal"));
            send(() -> a.gameMessage(PigGame.HOLD, none, 0, 0));
            network.pollUntil("b sees a's score", 10_000, () ->
                die == b.declaredState().entity(a.entityId()).getInt("score"));
        }
        network.pollUntil("b's turn", 10_000, () -> b.entityId() == table(a).getInt("turn"));
        assertEquals(2, a.declaredState().entities("player").size());
        assertEquals(0, a.roomStateInvalid() + b.roomStateInvalid());
        assertEquals(0, a.sequenceViolations() + b.sequenceViolations());
        assertTrue(aEars.errors.isEmpty(), aEars.errors.toString());
    }

    @Test
    void tablesAreCreatedWithATargetFoundByItAndPrivateOnesJoinedByCode()
    {
        network = new NetworkFixture(true, NetworkFixture.defaultGamesContext()
            .games(GameRegistry.discover(getClass().getClassLoader(), List.of(PigGame.NAME))), new IngressContext());
        final Player hostEars = new Player();
        final List<String> listings = new ArrayList<>();
        final GameClient host = network.connect(network.client(hostEars), "host");
        final GameClient friend = network.connect(network.client(new Player()), "friend");
        final GameClient stranger = network.connect(network.client(new Player()), "stranger");
        final GameClient browser = network.connect(network.client(new GameClientListener()
        {
            public void onRoomList(final RoomListDecoder list)
            {
                final StringBuilder page = new StringBuilder().append(list.matchingCount()).append(':');
                for (final RoomListDecoder.RoomsDecoder room : list.rooms())
                {
                    page.append(room.roomId()).append('/').append(room.playerCount()).append('/')
                        .append(room.maxPlayers()).append(' ');
                }
                listings.add(page.append(list.metadata().replace('\n', ';')).toString());
            }
        }), "browser");

        send(() -> host.createRoom(PigGame.NAME, "target=1001", true));
        network.pollUntil("a target past the maximum refused", 10_000,
            () -> hostEars.errors.contains(ErrorCode.INVALID_INPUT));
        send(() -> host.createRoom(PigGame.NAME, "target=20", true));
        network.pollUntil("host seated", 10_000, () -> host.entityId() > 0);
        assertEquals(8, host.joinCode().length());
        send(() -> friend.joinByCode(host.joinCode()));
        network.pollUntil("friend seated by code", 10_000, () -> friend.roomId() == host.roomId());

        send(() -> stranger.matchRoom(PigGame.NAME, "target=20", "target=20"));
        network.pollUntil("stranger seated", 10_000, () -> stranger.entityId() > 0);
        assertTrue(stranger.roomId() != host.roomId(), "a private table is never matched");
        assertEquals("", stranger.joinCode());

        send(() -> browser.listRooms(PigGame.NAME, "target=20", 0, 16));
        network.pollUntil("a listing", 10_000, () -> !listings.isEmpty());
        assertEquals("1:" + stranger.roomId() + "/1/4 target=20;", listings.get(0));
        assertEquals(0, host.sequenceViolations() + friend.sequenceViolations() + stranger.sequenceViolations() +
            browser.sequenceViolations());
    }

    private static DeclaredState.Entity table(final GameClient client)
    {
        return client.declaredState().entity(PigRoom.TABLE_ENTITY_ID);
    }
}
