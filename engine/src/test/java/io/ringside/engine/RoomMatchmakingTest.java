package io.ringside.engine;

import io.ringside.codec.MessageType;
import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.game.GameRegistry;
import io.ringside.engine.game.Matchmaker;
import io.ringside.engine.game.RoomOptions;
import io.ringside.engine.logic.BufferStateReader;
import io.ringside.engine.logic.BufferStateWriter;
import io.ringside.engine.ring.RoomRequests;
import io.ringside.engine.support.EngineHarness;
import io.ringside.engine.support.Received;
import io.ringside.engine.support.TableGame;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rooms made and found over the protocol, through the logic handler: create with options (which the game takes or
 * refuses), private rooms joined by code only, join-or-create with metadata filters through the game's matchmaker,
 * paged listings, and all of it kept across a checkpoint.
 */
class RoomMatchmakingTest
{
    private static EngineHarness engine(final TableGame game)
    {
        return new EngineHarness(new GameRegistry().register(game), true);
    }

    /**
     * An engine whose rooms are broadcast on room streams, as the binary's small rooms are (and only those can be
     * watched).
     */
    private static EngineHarness broadcastingEngine(final TableGame game)
    {
        return new EngineHarness(new GameRegistry().register(game), true,
            EngineHarness.defaultSettings().roomStreamMaxSeats(128), 128, 64 * 1024);
    }

    /**
     * @return the last answer to a request for a seat, which must be RoomJoined.
     */
    private static Received joined(final EngineHarness engine, final long sessionId)
    {
        final List<Received> received = engine.received(sessionId);
        for (int i = received.size() - 1; i >= 0; i--)
        {
            final Received answer = received.get(i);
            if (MessageType.ERROR == answer.type)
            {
                throw new AssertionError("expected RoomJoined, got " + answer.code + " " + answer.text);
            }
            if (MessageType.ROOM_JOINED == answer.type)
            {
                return answer;
            }
        }
        throw new AssertionError("no answer");
    }

    private static Received refused(final EngineHarness engine, final long sessionId)
    {
        return engine.last(sessionId, MessageType.ERROR);
    }

    @Test
    void aRoomCreatedWithOptionsListsWhatItsGameMadeOfThem()
    {
        final EngineHarness engine = engine(new TableGame(2));
        final long alice = engine.connect(1);
        final long bob = engine.connect(2);
        engine.createRoom(alice, TableGame.NAME, "mode=coop", false, 11);
        engine.tick();
        final Received created = joined(engine, alice);
        assertEquals("", created.joinCode, "a public room has no code");

        engine.listRooms(bob, TableGame.NAME, "", 0, 16);
        final Received list = engine.last(bob, MessageType.ROOM_LIST);
        assertEquals(1, list.value);
        assertEquals(List.of(new Received.ListedRoom(created.roomId, 1, 2, "mode=coop,seats=1")), list.listedRooms);

        engine.join(bob, TableGame.NAME, created.roomId, 0);
        assertEquals(created.roomId, joined(engine, bob).roomId, "a public room is joined by id");
    }

    @Test
    void optionsTheGameRefusesOrThatAreNotPairsMakeNoRoom()
    {
        final EngineHarness engine = engine(new TableGame(2));
        final long alice = engine.connect(1);
        engine.createRoom(alice, TableGame.NAME, "mode=battle", false, 11);
        assertEquals(ErrorCode.INVALID_INPUT, refused(engine, alice).code, "the game refused the value");
        engine.createRoom(alice, TableGame.NAME, "mode", false, 11);
        assertEquals(ErrorCode.INVALID_INPUT, refused(engine, alice).code, "not a pair");
        assertTrue(refused(engine, alice).text.contains("key=value"), refused(engine, alice).text);
        engine.createRoom(alice, "nope", "", false, 11);
        assertEquals(ErrorCode.NO_SUCH_GAME, refused(engine, alice).code);

        engine.listRooms(alice, TableGame.NAME, "", 0, 16);
        assertEquals(0, engine.last(alice, MessageType.ROOM_LIST).value, "no room was made");
        engine.createRoom(alice, TableGame.NAME, "", false, 11);
        assertEquals(1, joined(engine, alice).roomId, "and no room id was used up");
    }

    @Test
    void aPrivateRoomIsJoinedByItsCodeOnly()
    {
        final EngineHarness engine = engine(new TableGame(3));
        final long host = engine.connect(1);
        final long friend = engine.connect(2);
        final long stranger = engine.connect(3);
        engine.createRoom(host, TableGame.NAME, "", true, 11);
        final Received created = joined(engine, host);
        assertEquals(8, created.joinCode.length());
        assertTrue(created.joinCode.chars().allMatch(c -> "ABCDEFGHJKLMNPQRSTUVWXYZ23456789".indexOf(c) >= 0),
            created.joinCode);

        engine.join(stranger, TableGame.NAME, created.roomId, 0);
        assertEquals(ErrorCode.NO_SUCH_ROOM, refused(engine, stranger).code, "not by id");
        engine.join(stranger, TableGame.NAME, 0, 0);
        assertNotEquals(created.roomId, joined(engine, stranger).roomId, "not matched");
        engine.listRooms(friend, TableGame.NAME, "", 0, 16);
        assertEquals(1, engine.last(friend, MessageType.ROOM_LIST).value, "not listed: only the stranger's room");

        engine.joinByCode(friend, "ZZZZZZZZ");
        assertEquals(ErrorCode.NO_SUCH_ROOM, refused(engine, friend).code, "not by another code");
        engine.joinByCode(friend, created.joinCode);
        final Received seated = joined(engine, friend);
        assertEquals(created.roomId, seated.roomId);
        assertEquals(created.joinCode, seated.joinCode, "every member is told the code");
    }

    @Test
    void aSessionGuessingJoinCodesIsLetGo()
    {
        final EngineHarness engine = engine(new TableGame(2));
        final long host = engine.connect(1);
        engine.createRoom(host, TableGame.NAME, "", true, 11);
        final String code = joined(engine, host).joinCode;
        final long guesser = engine.connect(2);
        for (int i = 0; i < 9; i++)
        {
            engine.joinByCode(guesser, "ZZZZZZZ" + (char)('2' + i));
            assertEquals(ErrorCode.NO_SUCH_ROOM, refused(engine, guesser).code);
        }
        engine.joinByCode(guesser, "YYYYYYYY");
        final Received last = refused(engine, guesser);
        assertEquals(ErrorCode.RATE_LIMITED, last.code, "the tenth wrong code ends the session");
        engine.joinByCode(guesser, code);
        assertEquals(ErrorCode.RATE_LIMITED, refused(engine, guesser).code, "the session is gone: no seat");
        assertEquals(1, engine.logic.counters().sessionsKicked());
    }

    @Test
    void joinOrCreateMatchesMetadataAndCreatesWithTheOptionsWhenNothingMatches()
    {
        final EngineHarness engine = engine(new TableGame(2));
        final long[] players = new long[5];
        for (int i = 0; i < players.length; i++)
        {
            players[i] = engine.connect(i + 1);
        }
        engine.matchRoom(players[0], TableGame.NAME, "mode=coop", "mode=coop", 1);
        final long coop = joined(engine, players[0]).roomId;
        engine.matchRoom(players[1], TableGame.NAME, "mode=duel", "", 2);
        final long duel = joined(engine, players[1]).roomId;
        assertNotEquals(coop, duel, "the coop room does not hold mode=duel");

        engine.matchRoom(players[2], TableGame.NAME, "mode=coop", "mode=coop", 3);
        assertEquals(coop, joined(engine, players[2]).roomId, "matched by metadata");
        engine.matchRoom(players[3], TableGame.NAME, "mode=coop", "mode=coop", 4);
        final long secondCoop = joined(engine, players[3]).roomId;
        assertFalse(secondCoop == coop || secondCoop == duel, "the coop room is full: a new one");
        engine.matchRoom(players[4], TableGame.NAME, "seats=1", "", 5);
        assertEquals(duel, joined(engine, players[4]).roomId, "any pair of the metadata filters: the oldest with one seat");

        engine.listRooms(players[0], TableGame.NAME, "mode=coop", 0, 16);
        final Received coopRooms = engine.last(players[0], MessageType.ROOM_LIST);
        assertEquals(2, coopRooms.value);
        assertEquals(List.of(coop, secondCoop), coopRooms.listedRooms.stream().map(Received.ListedRoom::roomId).toList());
        engine.matchRoom(players[0], TableGame.NAME, "mode", "", 6);
        assertEquals(ErrorCode.ALREADY_IN_ROOM, refused(engine, players[0]).code, "seated players are refused first");
    }

    @Test
    void theGamesMatchmakerChoosesAmongTheCandidates()
    {
        final List<Long> offered = new ArrayList<>();
        // fill the fullest room first, for shorter waits to start
        final Matchmaker fullestFirst = (playerId, filter, candidates) ->
        {
            offered.clear();
            int best = -1;
            for (int i = 0; i < candidates.count(); i++)
            {
                offered.add(candidates.roomId(i));
                if (-1 == best || candidates.playerCount(i) > candidates.playerCount(best))
                {
                    best = i;
                }
            }
            return best;
        };
        final EngineHarness engine = engine(new TableGame(3, fullestFirst));
        final long[] players = new long[4];
        for (int i = 0; i < players.length; i++)
        {
            players[i] = engine.connect(i + 1);
        }
        engine.createRoom(players[0], TableGame.NAME, "", false, 1);
        final long first = joined(engine, players[0]).roomId;
        engine.createRoom(players[1], TableGame.NAME, "", false, 2);
        final long second = joined(engine, players[1]).roomId;
        engine.join(players[2], TableGame.NAME, second, 0);
        engine.join(players[3], TableGame.NAME, 0, 0);
        assertEquals(List.of(first, second), offered, "the open public rooms, in creation order");
        assertEquals(second, joined(engine, players[3]).roomId, "the fuller one, not the first");

        final EngineHarness broken = engine(new TableGame(3, (playerId, filter, candidates) -> 7));
        final long lone = broken.connect(1);
        broken.join(lone, TableGame.NAME, 0, 0);
        assertEquals(ErrorCode.GAME_FAULT, refused(broken, lone).code, "a choice of no candidate is a game fault");
    }

    @Test
    void listingsPageInCreationOrder()
    {
        final EngineHarness engine = engine(new TableGame(2));
        final long asker = engine.connect(100);
        final List<Long> roomIds = new ArrayList<>();
        for (int i = 0; i < 20; i++)
        {
            final long player = engine.connect(i + 1);
            engine.createRoom(player, TableGame.NAME, 0 == i % 2 ? "mode=duel" : "mode=coop", false, i);
            roomIds.add(joined(engine, player).roomId);
        }
        engine.listRooms(asker, TableGame.NAME, "", 16, 16);
        final Received tail = engine.last(asker, MessageType.ROOM_LIST);
        assertEquals(20, tail.value);
        assertEquals(16, tail.subjectId);
        assertEquals(roomIds.subList(16, 20), tail.listedRooms.stream().map(Received.ListedRoom::roomId).toList());

        engine.listRooms(asker, TableGame.NAME, "mode=duel", 3, 4);
        final Received duels = engine.last(asker, MessageType.ROOM_LIST);
        assertEquals(10, duels.value);
        assertEquals(List.of(roomIds.get(6), roomIds.get(8), roomIds.get(10), roomIds.get(12)),
            duels.listedRooms.stream().map(Received.ListedRoom::roomId).toList());
        assertTrue(duels.listedRooms.stream().allMatch(room -> room.metadata().startsWith("mode=duel,")));

        engine.listRooms(asker, TableGame.NAME, "mode=duel,", 0, 4);
        assertEquals(ErrorCode.INVALID_INPUT, refused(engine, asker).code, "a filter is pairs");
    }

    @Test
    void aWatcherReadsARoomWithoutASeatKeepsItAcrossACheckpointAndIsToldWhenItCloses()
    {
        final TableGame game = new TableGame(2);
        final EngineHarness original = broadcastingEngine(game);
        final long player = original.connect(1);
        final long watcher = original.connect(2);
        final long other = original.connect(3);
        original.createRoom(player, TableGame.NAME, "", false, 11);
        final Received room = joined(original, player);
        original.createRoom(other, TableGame.NAME, "", true, 12);
        final Received privateRoom = joined(original, other);

        final EngineHarness unbroadcast = engine(game);
        final long host = unbroadcast.connect(1);
        final long looker = unbroadcast.connect(2);
        unbroadcast.createRoom(host, TableGame.NAME, "", false, 11);
        unbroadcast.watchRoom(looker, joined(unbroadcast, host).roomId);
        assertEquals(ErrorCode.INVALID_INPUT, refused(unbroadcast, looker).code, "a room not broadcast is not watched");

        original.watchRoom(watcher, privateRoom.roomId);
        assertEquals(ErrorCode.NO_SUCH_ROOM, refused(original, watcher).code, "a private room is not watched");
        original.watchRoom(watcher, room.roomId);
        final Received watching = joined(original, watcher);
        assertEquals(room.roomId, watching.roomId);
        assertEquals(0, watching.entityId, "a watcher has no entity");
        assertEquals(room.roomStreamId, watching.roomStreamId, "it reads the room's stream");
        original.join(watcher, TableGame.NAME, room.roomId, 13);
        assertEquals(ErrorCode.ALREADY_IN_ROOM, refused(original, watcher).code, "stop watching before taking a seat");
        original.tick();

        final UnsafeBuffer saved = new UnsafeBuffer(new byte[1 << 20]);
        final BufferStateWriter writer = new BufferStateWriter().wrap(saved, 0);
        original.logic.writeState(writer);
        final EngineHarness restored = broadcastingEngine(game);
        restored.logic.readState(new BufferStateReader().wrap(saved, 0, writer.length()));
        assertEquals(original.logic.stateHash(), restored.logic.stateHash());
        restored.ticksTo(original.currentTick());

        // the watcher resumes its session on the restored engine and is watching again
        final Received session = original.last(watcher, MessageType.SESSION_RESULT);
        restored.reconnect(watcher, session.tokenHigh, session.tokenLow);
        final Received again = joined(restored, watcher);
        assertEquals(room.roomId, again.roomId);
        assertEquals(0, again.entityId, "watching, restored");

        // on the original: the seat empties; after the room close grace the room closes and its watcher is told
        original.leave(player);
        for (int second = 0; second < 20; second++)
        {
            original.ping(watcher, second); // a watcher that speaks is not timed out
            original.ticks(60);
        }
        assertNotNull(original.last(watcher, MessageType.ROOM_LEFT), "the watcher is told its room is gone");
        original.leave(watcher);
        assertEquals(ErrorCode.NOT_IN_ROOM, refused(original, watcher).code, "and watches nothing any more");
    }

    @Test
    void privateRoomsAndMetadataSurviveACheckpoint()
    {
        final TableGame game = new TableGame(3);
        final EngineHarness original = engine(game);
        final long host = original.connect(1);
        final long other = original.connect(2);
        original.createRoom(host, TableGame.NAME, "mode=coop", true, 11);
        final Received created = joined(original, host);
        original.createRoom(other, TableGame.NAME, "mode=coop", false, 12);
        original.tick();

        final UnsafeBuffer saved = new UnsafeBuffer(new byte[1 << 20]);
        final BufferStateWriter writer = new BufferStateWriter().wrap(saved, 0);
        original.logic.writeState(writer);
        final EngineHarness restored = engine(game);
        restored.logic.readState(new BufferStateReader().wrap(saved, 0, writer.length()));
        assertEquals(original.logic.stateHash(), restored.logic.stateHash());

        final long friend = restored.sessionIdsFrom(5000).connect(3);
        restored.matchRoom(friend, TableGame.NAME, "mode=coop,seats=2", "", 13);
        assertEquals(2, joined(restored, friend).roomId, "the public room's metadata, restored");
        restored.leave(friend);
        restored.joinByCode(friend, created.joinCode);
        assertEquals(created.roomId, joined(restored, friend).roomId, "the private room's code, restored");
    }

    @Test
    void aRoomRequestedOverHttpOpensEmptyIsAnsweredAndClosesWhenNobodyComes() throws Exception
    {
        final EngineHarness engine = engine(new TableGame(2));
        final EngineHarness twin = engine(new TableGame(2));
        final RoomRequests requests = new RoomRequests();
        engine.logic.roomRequests(requests);
        final CompletableFuture<RoomRequests.Result> open = requests.submit(TableGame.NAME, "mode=coop", false, 0);
        final CompletableFuture<RoomRequests.Result> hidden = requests.submit(TableGame.NAME, "", true, 7);
        final CompletableFuture<RoomRequests.Result> refused = requests.submit(TableGame.NAME, "mode=chess", false, 0);
        final CompletableFuture<RoomRequests.Result> unknown = requests.submit("chess", "", false, 0);
        assertEquals(ErrorCode.INVALID_INPUT, requests.submit(TableGame.NAME, "k=" + "v".repeat(300), false, 0)
            .get().code(), "too long for the ring: refused at once");
        assertEquals(ErrorCode.INVALID_INPUT, requests.submit(TableGame.NAME, "mode=\u0434\u0443\u044d\u043b\u044c", false, 0)
            .get().code(), "not ASCII: refused at once");
        assertEquals(4, requests.drain(request ->
        {
            engine.roomRequest(request, 5);
            twin.roomRequest(request, 5);
        }, 10));

        final RoomRequests.Result coop = open.get(1, TimeUnit.SECONDS);
        assertEquals(ErrorCode.OK, coop.code());
        assertEquals("", coop.joinCode());
        assertEquals(8, hidden.get(1, TimeUnit.SECONDS).joinCode().length());
        assertEquals(ErrorCode.INVALID_INPUT, refused.get(1, TimeUnit.SECONDS).code());
        assertEquals(ErrorCode.NO_SUCH_GAME, unknown.get(1, TimeUnit.SECONDS).code());
        assertEquals(engine.logic.stateHash(), twin.logic.stateHash(), "the same events make the same rooms");

        final long player = engine.connect(1);
        engine.matchRoom(player, TableGame.NAME, "mode=coop,seats=2", "", 9);
        assertEquals(coop.roomId(), joined(engine, player).roomId, "the empty room is matched by its metadata");
        engine.leave(player);

        engine.ticks(600 + 2); // the default settings' room close grace, 600 ticks
        final long late = engine.connect(2);
        engine.join(late, TableGame.NAME, coop.roomId(), 0);
        assertEquals(ErrorCode.NO_SUCH_ROOM, refused(engine, late).code, "closed after standing empty the grace");
        engine.joinByCode(late, hidden.get().joinCode());
        assertEquals(ErrorCode.NO_SUCH_ROOM, refused(engine, late).code, "the private one too");
    }

    @Test
    void roomOptionsAreStrictPairsAndMetadataIsReadLeniently()
    {
        final RoomOptions options = RoomOptions.parse("mode=duel,map=canyon,size=8");
        assertEquals(3, options.size());
        assertEquals("canyon", options.get("map"));
        assertEquals(8, options.getInt("size", 0));
        assertEquals(4, options.getInt("absent", 4));
        assertThrows(IllegalArgumentException.class, () -> options.getInt("map", 0));
        assertTrue(options.holds(RoomOptions.parse("map=canyon")));
        assertTrue(options.holds(RoomOptions.NONE));
        assertFalse(options.holds(RoomOptions.parse("map=forest")));
        assertEquals(RoomOptions.NONE, RoomOptions.parse(""));

        for (final String bad : new String[]{ "mode", "=x", "a=1,a=2", "a=1,", ",a=1", "a=b c", "a=1=2", "a=\u00e9" })
        {
            assertThrows(IllegalArgumentException.class, () -> RoomOptions.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> RoomOptions.parse("k=" + "v".repeat(300)));

        final RoomOptions metadata = RoomOptions.parseLenient("Capture the flag,mode=ctf,mode=other,map=x");
        assertEquals("ctf", metadata.get("mode"), "the first of a repeated key");
        assertEquals(2, metadata.size(), "free text passed over");
    }
}
