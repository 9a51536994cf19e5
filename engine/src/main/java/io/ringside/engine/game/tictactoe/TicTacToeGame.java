package io.ringside.engine.game.tictactoe;

import io.ringside.engine.game.Game;
import io.ringside.engine.game.GameRoom;
import io.ringside.engine.game.MessageCatalog;
import io.ringside.engine.game.RoomSettings;

/**
 * The built-in turn-based game: tic-tac-toe for two seats. It exists to prove that the {@link Game} API is not
 * shaped around the real-time arena: it uses discrete actions instead of controls, a board instead of physics,
 * and whole-room visibility instead of interest management. The rules live in {@link TicTacToeRoom}.
 */
public final class TicTacToeGame implements Game
{
    /**
     * The registry name clients use in JoinRoom.
     */
    public static final String NAME = "tictactoe";

    /**
     * One seat for X, one for O.
     */
    public static final int MAX_PLAYERS = 2;

    /**
     * Opcode of chat, both ways: a client sends UTF-8 text; the room relays it to the other seat as the sender's
     * entity id (int32, little endian) followed by the text.
     */
    public static final int CHAT = 1;

    /**
     * The longest chat line a client may send, in bytes of UTF-8.
     */
    public static final int MAX_CHAT_BYTES = 200;

    /**
     * Bytes in front of the text of a relayed chat line: the sender's entity id.
     */
    public static final int CHAT_SENDER_LENGTH = Integer.BYTES;

    private static final MessageCatalog MESSAGES = MessageCatalog.builder()
        .fromClient(CHAT, "chat", MAX_CHAT_BYTES)
        .toClient(CHAT, "chat", CHAT_SENDER_LENGTH + MAX_CHAT_BYTES)
        .build();

    public String name()
    {
        return NAME;
    }

    public int maxPlayers()
    {
        return MAX_PLAYERS;
    }

    /**
     * @return 0: the board is small and not spatial, so every observer sees the whole room.
     */
    public float viewRadius()
    {
        return 0.0f;
    }

    public MessageCatalog messages()
    {
        return MESSAGES;
    }

    public GameRoom createRoom(final RoomSettings settings)
    {
        return new TicTacToeRoom(settings);
    }

    public String toString()
    {
        return "TicTacToeGame{name=" + NAME + ", maxPlayers=" + MAX_PLAYERS + '}';
    }
}
