package io.ringside.codec;

import io.ringside.codec.sbe.MessageHeaderDecoder;

/**
 * Prints the protocol's catalogue: every message with its template id, direction, root block length and longest
 * encoding, and the caps that are part of the contract. Run as {@code java -cp ... io.ringside.codec.ProtocolTool}.
 */
public final class ProtocolTool
{
    private ProtocolTool()
    {
    }

    public static void main(final String[] args)
    {
        System.out.printf("Ringside protocol: schema id %d, version %d (%s), oldest readable version %d%n",
            ProtocolLimits.SCHEMA_ID, ProtocolLimits.SCHEMA_VERSION, MessageHeaderDecoder.SEMANTIC_VERSION,
            ProtocolLimits.MIN_SUPPORTED_VERSION);
        System.out.printf("%-16s %8s %-17s %6s %10s%n", "message", "template", "direction", "block", "max bytes");
        for (final MessageType type : MessageType.values())
        {
            System.out.printf("%-16s %8d %-17s %6d %10d%n",
                type.name(), type.templateId(), type.direction(), type.blockLength(), type.maxEncodedLength());
        }
        System.out.printf("caps: player name %d B, game type %d B, channel %d B, text %d B, credentials %d B, " +
            "group entries %d, turn cell <= %d%n",
            ProtocolLimits.MAX_PLAYER_NAME_LENGTH, ProtocolLimits.MAX_GAME_TYPE_LENGTH, ProtocolLimits.MAX_CHANNEL_LENGTH,
            ProtocolLimits.MAX_TEXT_LENGTH, ProtocolLimits.MAX_CREDENTIALS_LENGTH, ProtocolLimits.MAX_GROUP_COUNT,
            ProtocolLimits.MAX_TURN_CELL);
        System.out.printf("longest client message %d B, longest server message %d B%n",
            ProtocolLimits.MAX_CLIENT_MESSAGE_LENGTH, ProtocolLimits.MAX_SERVER_MESSAGE_LENGTH);
    }
}
