package io.ringside.engine.game;

import io.ringside.codec.ProtocolLimits;
import org.agrona.collections.Int2IntHashMap;
import org.agrona.collections.Int2ObjectHashMap;

/**
 * The game-defined messages of a {@link Game}: each opcode its clients may send (GameMessage) and each opcode its
 * rooms send them (RoomMessage), with a name and the most payload bytes it carries. The engine checks a client's
 * message against it before the game sees it (an undeclared opcode is refused UNKNOWN_OPCODE, a longer payload
 * MESSAGE_TOO_LONG, both counted), and checks what a room sends before it is written (a game that breaks its own
 * declaration fails like any game fault). Immutable once built; read on the logic thread without allocating.
 * <pre>
 *     MessageCatalog.builder()
 *         .fromClient(1, "chat", 200)
 *         .toClient(1, "chat", 204)
 *         .build();
 * </pre>
 */
public final class MessageCatalog
{
    /**
     * A game with no messages of its own.
     */
    public static final MessageCatalog NONE = builder().build();

    private static final int UNDECLARED = -1;
    private static final int MAX_OPCODE = 0xFFFF;

    private final Int2IntHashMap fromClientCapBytes;
    private final Int2IntHashMap toClientCapBytes;
    private final Int2ObjectHashMap<String> fromClientNames;
    private final Int2ObjectHashMap<String> toClientNames;

    private MessageCatalog(final Builder builder)
    {
        fromClientCapBytes = copy(builder.fromClientCapBytes);
        toClientCapBytes = copy(builder.toClientCapBytes);
        fromClientNames = new Int2ObjectHashMap<>(builder.fromClientNames);
        toClientNames = new Int2ObjectHashMap<>(builder.toClientNames);
    }

    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * @return the most payload bytes a client's message with this opcode may carry, or -1 when it is not declared.
     */
    public int fromClientCapBytes(final int opcode)
    {
        return fromClientCapBytes.get(opcode);
    }

    /**
     * @return the most payload bytes a room's message with this opcode may carry, or -1 when it is not declared.
     */
    public int toClientCapBytes(final int opcode)
    {
        return toClientCapBytes.get(opcode);
    }

    /**
     * @return the declared name of a client's opcode, or null.
     */
    public String fromClientName(final int opcode)
    {
        return fromClientNames.get(opcode);
    }

    /**
     * @return the declared name of a room's opcode, or null.
     */
    public String toClientName(final int opcode)
    {
        return toClientNames.get(opcode);
    }

    public String toString()
    {
        return "MessageCatalog{fromClient=" + fromClientNames + ", toClient=" + toClientNames + '}';
    }

    private static Int2IntHashMap copy(final Int2IntHashMap source)
    {
        final Int2IntHashMap copy = new Int2IntHashMap(UNDECLARED);
        copy.putAll(source);
        return copy;
    }

    /**
     * Declares opcodes; each at most once per direction.
     */
    public static final class Builder
    {
        private final Int2IntHashMap fromClientCapBytes = new Int2IntHashMap(UNDECLARED);
        private final Int2IntHashMap toClientCapBytes = new Int2IntHashMap(UNDECLARED);
        private final Int2ObjectHashMap<String> fromClientNames = new Int2ObjectHashMap<>();
        private final Int2ObjectHashMap<String> toClientNames = new Int2ObjectHashMap<>();

        private Builder()
        {
        }

        /**
         * A message clients may send to their room.
         *
         * @param opcode          0..65535.
         * @param name            for people reading counters, logs and client code.
         * @param maxPayloadBytes 0..{@link ProtocolLimits#MAX_GAME_PAYLOAD_LENGTH}.
         */
        public Builder fromClient(final int opcode, final String name, final int maxPayloadBytes)
        {
            declare(fromClientCapBytes, fromClientNames, opcode, name, maxPayloadBytes);
            return this;
        }

        /**
         * A message the game's rooms may send to their players.
         *
         * @param opcode          0..65535.
         * @param name            for people reading counters, logs and client code.
         * @param maxPayloadBytes 0..{@link ProtocolLimits#MAX_GAME_PAYLOAD_LENGTH}.
         */
        public Builder toClient(final int opcode, final String name, final int maxPayloadBytes)
        {
            declare(toClientCapBytes, toClientNames, opcode, name, maxPayloadBytes);
            return this;
        }

        public MessageCatalog build()
        {
            return new MessageCatalog(this);
        }

        private static void declare(
            final Int2IntHashMap caps,
            final Int2ObjectHashMap<String> names,
            final int opcode,
            final String name,
            final int maxPayloadBytes)
        {
            if (opcode < 0 || opcode > MAX_OPCODE)
            {
                throw new IllegalArgumentException("opcode must be 0.." + MAX_OPCODE + ": " + opcode);
            }
            if (maxPayloadBytes < 0 || maxPayloadBytes > ProtocolLimits.MAX_GAME_PAYLOAD_LENGTH)
            {
                throw new IllegalArgumentException("payload cap of '" + name + "' must be 0.." +
                    ProtocolLimits.MAX_GAME_PAYLOAD_LENGTH + " bytes: " + maxPayloadBytes);
            }
            if (null == name || name.isEmpty())
            {
                throw new IllegalArgumentException("opcode " + opcode + " needs a name");
            }
            if (caps.containsKey(opcode))
            {
                throw new IllegalArgumentException("opcode " + opcode + " declared twice: '" + names.get(opcode) +
                    "' and '" + name + "'");
            }
            caps.put(opcode, maxPayloadBytes);
            names.put(opcode, name);
        }
    }
}
