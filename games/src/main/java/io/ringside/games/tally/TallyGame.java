package io.ringside.games.tally;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.codec.state.StateSchema;
import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameEvents;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.LeaveReason;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.game.RoomSettings;
import io.ringside.engine.game.StateReader;
import io.ringside.engine.game.StateWriter;
import io.ringside.engine.game.ViewWriter;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** The README's minimal game: a TAP adds one to the room's tally and the tapper's count; the others hear who. */
public final class TallyGame implements Game
{
    public static final int TAP = 1;
    public static final int TAPPED = 1;
    static final StateSchema STATE =
        StateSchema.builder().roomState("tally").int32("total").entity("player").int32("taps").build();
    private static final StateSchema.Field TOTAL = STATE.type("tally").field("total");
    private static final StateSchema.Field TAPS = STATE.type("player").field("taps");

    public String name() { return "tally"; }
    public int maxPlayers() { return 8; }
    public float viewRadius() { return 0; }
    public StateSchema state() { return STATE; }
    public MessageCatalog messages()
    {
        return MessageCatalog.builder().fromClient(TAP, "tap", 0).toClient(TAPPED, "tapped", 4).build();
    }
    public GameRoom createRoom(final RoomSettings settings) { return new Room(); }

    static final class Room implements GameRoom
    {
        private final int[] ids = new int[8];
        private final int[] taps = new int[8];
        private final UnsafeBuffer tapper = new UnsafeBuffer(new byte[4]);
        private int count;
        private int total;
        private int nextId = 2;
        public int onJoin(final long playerId, final StateReader saved, final GameEvents events)
        {
            ids[count] = nextId++;
            taps[count] = null == saved ? 0 : saved.getInt();
            return ids[count++];
        }
        public void onLeave(final int entityId, final LeaveReason reason, final GameEvents events)
        {
            final int i = indexOf(entityId);
            ids[i] = ids[--count];
            taps[i] = taps[count];
        }
        public ErrorCode onMessage(final int entityId, final int opcode, final DirectBuffer payload, final int offset,
            final int length, final GameEvents events)
        {
            taps[indexOf(entityId)]++;
            total++;
            tapper.putInt(0, entityId);
            events.messageToRoomExcept(entityId, TAPPED, tapper, 0, 4);
            return ErrorCode.OK;
        }
        public void onTick(final long tick, final GameEvents events) { }
        public void writeView(final ViewWriter view)
        {
            view.entity(1, TOTAL.type());
            view.set(TOTAL, total);
            for (int i = 0; i < count; i++)
            {
                view.entity(ids[i], TAPS.type());
                view.set(TAPS, taps[i]);
            }
        }
        public void writeState(final StateWriter out)
        {
            out.putInt(total).putInt(nextId).putInt(count);
            for (int i = 0; i < count; i++) { out.putInt(ids[i]).putInt(taps[i]); }
        }
        public void readState(final StateReader in)
        {
            total = in.getInt();
            nextId = in.getInt();
            count = in.getInt();
            for (int i = 0; i < count; i++) { ids[i] = in.getInt(); taps[i] = in.getInt(); }
        }
        public boolean savePlayer(final int entityId, final StateWriter out)
        {
            final int i = indexOf(entityId);
            return i >= 0 && null != out.putInt(taps[i]);
        }
        private int indexOf(final int entityId)
        {
            for (int i = 0; i < count; i++) { if (ids[i] == entityId) { return i; } }
            return -1;
        }
    }
}
