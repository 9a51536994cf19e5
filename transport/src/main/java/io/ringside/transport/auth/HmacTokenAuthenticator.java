package io.ringside.transport.auth;

import org.agrona.DirectBuffer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Signed tokens: {@code v1.<playerId>.<expiryEpochSeconds>.<signature>} in ASCII, where the signature is the unpadded
 * base64url HMAC-SHA256 of everything before the last dot under the server's secret. A token proves the player id
 * until it expires; signatures are compared in constant time. Connects are rare, so checking may allocate.
 */
public final class HmacTokenAuthenticator implements Authenticator
{
    private static final String ALGORITHM = "HmacSHA256";
    private static final String VERSION = "v1";

    private final SecretKeySpec key;
    private final Mac mac;

    /**
     * @param secret the server secret, at least 16 bytes.
     */
    public HmacTokenAuthenticator(final byte[] secret)
    {
        if (secret.length < 16)
        {
            throw new IllegalArgumentException("the token secret must be at least 16 bytes");
        }
        key = new SecretKeySpec(secret.clone(), ALGORITHM);
        mac = newMac(key);
    }

    public String name()
    {
        return "hmac";
    }

    /**
     * Make a token for a player.
     */
    public String token(final long playerId, final long expiryEpochSeconds)
    {
        if (playerId <= 0)
        {
            throw new IllegalArgumentException("player id must be positive: " + playerId);
        }
        final String payload = VERSION + "." + playerId + "." + expiryEpochSeconds;
        return payload + "." + sign(payload);
    }

    private String sign(final String payload)
    {
        final byte[] signature = mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
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
        if (length <= 0 || length > 512)
        {
            return REJECTED;
        }
        final String token = credentials.getStringWithoutLengthAscii(offset, length);
        final int lastDot = token.lastIndexOf('.');
        if (lastDot <= 0)
        {
            return REJECTED;
        }
        final String payload = token.substring(0, lastDot);
        final String[] parts = payload.split("\\.", -1);
        if (parts.length != 3 || !VERSION.equals(parts[0]))
        {
            return REJECTED;
        }

        final byte[] expected = sign(payload).getBytes(StandardCharsets.US_ASCII);
        final byte[] actual = token.substring(lastDot + 1).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, actual))
        {
            return REJECTED;
        }

        final long playerId;
        final long expiry;
        try
        {
            playerId = Long.parseLong(parts[1]);
            expiry = Long.parseLong(parts[2]);
        }
        catch (final NumberFormatException ex)
        {
            return REJECTED;
        }
        if (playerId <= 0)
        {
            return REJECTED;
        }
        return expiry * 1000 <= nowEpochMs ? EXPIRED : playerId;
    }

    private static Mac newMac(final SecretKeySpec key)
    {
        try
        {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
