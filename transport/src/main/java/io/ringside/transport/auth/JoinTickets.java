package io.ringside.transport.auth;

import org.agrona.DirectBuffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Join tickets: what an engine hands a client it redirects to another engine, and what that engine takes as the
 * client's credentials. {@code t1.<engineId>.<roomId>.<playerId>.<expiresEpochMs>.<signature>} in ASCII, where the
 * signature is the unpadded base64url HMAC-SHA256 of everything before the last dot under the secret every engine of
 * one deployment shares. A ticket proves the player for one engine (and names the room it was issued for: 0 for a
 * room to create) until it expires, a few seconds after it was issued; signatures are compared in constant time.
 * One instance per thread (it holds a {@link Mac}); redirects are rare, so signing and checking may allocate.
 */
public final class JoinTickets
{
    /**
     * What a ticket starts with: credentials that do not are not tickets.
     */
    public static final String PREFIX = "t1.";

    /**
     * {@link #verify} results that are not a player id.
     */
    public static final long FORGED = -1;
    public static final long EXPIRED = -2;
    public static final long OTHER_ENGINE = -3;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAX_TICKET_LENGTH = 512;

    private final Mac mac;
    private long verifiedRoomId;

    /**
     * @param secret the deployment's ticket secret, at least 16 bytes.
     */
    public JoinTickets(final byte[] secret)
    {
        if (secret.length < 16)
        {
            throw new IllegalArgumentException("the ticket secret must be at least 16 bytes");
        }
        try
        {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret.clone(), ALGORITHM));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }

    /**
     * @return a ticket for the player to present to the engine, for the room (0: a room to create there).
     */
    public String issue(final long playerId, final int engineId, final long roomId, final long expiresEpochMs)
    {
        final String payload = PREFIX + engineId + "." + roomId + "." + playerId + "." + expiresEpochMs;
        return payload + "." + sign(payload);
    }

    /**
     * @return whether the credentials are a ticket (not whether it is good).
     */
    public static boolean isTicket(final DirectBuffer credentials, final int offset, final int length)
    {
        if (length < PREFIX.length())
        {
            return false;
        }
        for (int i = 0; i < PREFIX.length(); i++)
        {
            if (credentials.getByte(offset + i) != PREFIX.charAt(i))
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Check a ticket presented to engine {@code engineId}.
     *
     * @return the player id, or {@link #FORGED}, {@link #EXPIRED} or {@link #OTHER_ENGINE}. After a player id,
     * {@link #verifiedRoomId()} is the room the ticket names.
     */
    public long verify(final DirectBuffer credentials, final int offset, final int length, final int engineId,
        final long nowEpochMs)
    {
        verifiedRoomId = 0;
        if (length <= PREFIX.length() || length > MAX_TICKET_LENGTH || !isTicket(credentials, offset, length))
        {
            return FORGED;
        }
        final String ticket = credentials.getStringWithoutLengthAscii(offset, length);
        final int lastDot = ticket.lastIndexOf('.');
        final String payload = ticket.substring(0, lastDot);
        final byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        final byte[] actual = ticket.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual))
        {
            return FORGED;
        }
        final String[] parts = payload.substring(PREFIX.length()).split("\\.", -1);
        if (parts.length != 4)
        {
            return FORGED;
        }
        final long ticketEngineId;
        final long roomId;
        final long playerId;
        final long expiresEpochMs;
        try
        {
            ticketEngineId = Long.parseLong(parts[0]);
            roomId = Long.parseLong(parts[1]);
            playerId = Long.parseLong(parts[2]);
            expiresEpochMs = Long.parseLong(parts[3]);
        }
        catch (final NumberFormatException ex)
        {
            return FORGED;
        }
        if (playerId <= 0)
        {
            return FORGED;
        }
        if (ticketEngineId != engineId)
        {
            return OTHER_ENGINE;
        }
        if (expiresEpochMs <= nowEpochMs)
        {
            return EXPIRED;
        }
        verifiedRoomId = roomId;
        return playerId;
    }

    /**
     * @return the room the last ticket {@link #verify} took names (0: a room to create).
     */
    public long verifiedRoomId()
    {
        return verifiedRoomId;
    }

    private String sign(final String payload)
    {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
            mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII)));
    }
}
