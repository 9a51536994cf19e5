package io.ringside.transport.auth;

import org.agrona.DirectBuffer;

/**
 * No authentication: the player is who its name says (the player id is a stable 63-bit hash of the name, so the same
 * name gets its saved state back). For development on one machine: the engine accepts it only while its ingress is
 * bound to loopback, unless it is explicitly enabled for other addresses.
 */
public final class NoneAuthenticator implements Authenticator
{
    public String name()
    {
        return "none";
    }

    public long authenticate(
        final DirectBuffer credentials,
        final int offset,
        final int length,
        final DirectBuffer playerName,
        final int nameOffset,
        final int nameLength,
        final long nowEpochMs)
    {
        if (nameLength <= 0)
        {
            return REJECTED;
        }
        return playerId(playerName, nameOffset, nameLength);
    }

    /**
     * FNV-1a over the name bytes, folded to a positive 63-bit id.
     */
    public static long playerId(final DirectBuffer name, final int offset, final int length)
    {
        long hash = 0xCBF29CE484222325L;
        for (int i = 0; i < length; i++)
        {
            hash ^= name.getByte(offset + i) & 0xFF;
            hash *= 0x100000001B3L;
        }
        final long id = hash & Long.MAX_VALUE;
        return 0 == id ? 1 : id;
    }
}
