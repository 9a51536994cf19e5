package io.ringside.engine.logic;

import io.ringside.codec.ProtocolLimits;

/**
 * Private rooms' join codes: 8 characters of a 32-letter alphabet without look-alikes (no I, O, 0 or 1), 40 bits
 * from a secure random source, so that a code is typed easily and guessed only by brute force, which the ingress
 * rate limit makes slow.
 */
final class JoinCodes
{
    static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private JoinCodes()
    {
    }

    /**
     * @return the code of the low 40 bits.
     */
    static String toCode(final long bits)
    {
        final char[] code = new char[ProtocolLimits.JOIN_CODE_LENGTH];
        for (int i = 0; i < code.length; i++)
        {
            code[i] = ALPHABET.charAt((int)(bits >>> (5 * i)) & 31);
        }
        return new String(code);
    }

    /**
     * @return other bits for the next try after a code that is in use, deterministically (a SplitMix64 step).
     */
    static long next(final long bits)
    {
        long z = bits + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * @return whether the text could be a code: the length and the alphabet.
     */
    static boolean isWellFormed(final CharSequence code)
    {
        if (code.length() != ProtocolLimits.JOIN_CODE_LENGTH)
        {
            return false;
        }
        for (int i = 0; i < code.length(); i++)
        {
            if (ALPHABET.indexOf(code.charAt(i)) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @return the code's characters in one long, for a checkpoint; 0 for none (null).
     */
    static long pack(final String code)
    {
        long packed = 0;
        if (null != code)
        {
            for (int i = 0; i < code.length(); i++)
            {
                packed |= (long)(code.charAt(i) & 0xFF) << (8 * i);
            }
        }
        return packed;
    }

    /**
     * @return the code {@link #pack} packed, or null for 0.
     */
    static String unpack(final long packed)
    {
        if (0 == packed)
        {
            return null;
        }
        final char[] code = new char[ProtocolLimits.JOIN_CODE_LENGTH];
        for (int i = 0; i < code.length; i++)
        {
            code[i] = (char)((packed >>> (8 * i)) & 0xFF);
        }
        return new String(code);
    }
}
