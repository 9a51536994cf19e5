package io.ringside.engine.game;

import io.ringside.codec.ProtocolLimits;

import java.util.ArrayList;
import java.util.Objects;

/**
 * Key-value text that describes a room: the options a client creates it with ({@link GameRoom#onCreate}), the
 * metadata it lists with ({@link GameRoom#metadata()}) and the filter a client matches rooms by. Written as
 * {@code key=value} pairs separated by commas ({@code "mode=duel,map=canyon"}), at most 256 bytes; keys and values
 * are printable ASCII without space, comma or equals sign, and a key appears once. Immutable.
 */
public final class RoomOptions
{
    /**
     * No pairs: the options of a room created without any, and the filter every room matches.
     */
    public static final RoomOptions NONE = new RoomOptions("", new String[0]);

    private final String text;
    private final String[] pairs;

    private RoomOptions(final String text, final String[] pairs)
    {
        this.text = text;
        this.pairs = pairs;
    }

    /**
     * @param text pairs as in the class comment; empty for none.
     * @return the pairs.
     * @throws IllegalArgumentException naming what is wrong, for text that does not follow the format.
     */
    public static RoomOptions parse(final CharSequence text)
    {
        final RoomOptions options = read(text, true);
        return 0 == options.size() ? NONE : options;
    }

    /**
     * Read the pairs of a text that need not be pairs only (a game's free-form metadata): parts without an equals
     * sign or with characters outside the format are passed over, and a repeated key keeps its first value.
     *
     * @param text any text; null reads as empty.
     * @return the well-formed pairs of it, its text kept whole.
     */
    public static RoomOptions parseLenient(final CharSequence text)
    {
        return null == text ? NONE : read(text, false);
    }

    /**
     * @return the text the pairs were read from.
     */
    public String text()
    {
        return text;
    }

    /**
     * @return the number of pairs.
     */
    public int size()
    {
        return pairs.length >> 1;
    }

    public String key(final int index)
    {
        return pairs[index << 1];
    }

    public String value(final int index)
    {
        return pairs[(index << 1) + 1];
    }

    /**
     * @return the value of the key, or null when absent.
     */
    public String get(final String key)
    {
        for (int i = 0; i < pairs.length; i += 2)
        {
            if (pairs[i].equals(key))
            {
                return pairs[i + 1];
            }
        }
        return null;
    }

    /**
     * @return the value of the key as a decimal int, or {@code absent} when the key is absent.
     * @throws IllegalArgumentException when the value is not a decimal int.
     */
    public int getInt(final String key, final int absent)
    {
        final String value = get(key);
        if (null == value)
        {
            return absent;
        }
        try
        {
            return Integer.parseInt(value);
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(key + " is not a whole number: " + value);
        }
    }

    /**
     * @return these pairs less the key's (this, when it is absent).
     */
    public RoomOptions without(final String key)
    {
        if (null == get(key))
        {
            return this;
        }
        final StringBuilder text = new StringBuilder(this.text.length());
        for (int i = 0; i < pairs.length; i += 2)
        {
            if (!pairs[i].equals(key))
            {
                text.append(text.length() > 0 ? "," : "").append(pairs[i]).append('=').append(pairs[i + 1]);
            }
        }
        return parse(text);
    }

    /**
     * @param filter pairs that must all be here.
     * @return whether every pair of the filter is one of these pairs (true for an empty filter).
     */
    public boolean holds(final RoomOptions filter)
    {
        for (int i = 0, size = filter.size(); i < size; i++)
        {
            if (!filter.value(i).equals(get(filter.key(i))))
            {
                return false;
            }
        }
        return true;
    }

    public boolean equals(final Object other)
    {
        return other instanceof RoomOptions && ((RoomOptions)other).text.equals(text);
    }

    public int hashCode()
    {
        return text.hashCode();
    }

    public String toString()
    {
        return text;
    }

    private static RoomOptions read(final CharSequence text, final boolean strict)
    {
        Objects.requireNonNull(text, "text");
        final int length = text.length();
        if (strict && length > ProtocolLimits.MAX_ROOM_TEXT_LENGTH)
        {
            throw new IllegalArgumentException("longer than " + ProtocolLimits.MAX_ROOM_TEXT_LENGTH + " bytes");
        }
        final ArrayList<String> pairs = new ArrayList<>();
        int start = 0;
        while (start < length)
        {
            int end = start;
            int equalsAt = -1;
            boolean wellFormed = true;
            for (; end < length && ',' != text.charAt(end); end++)
            {
                final char c = text.charAt(end);
                if ('=' == c && -1 == equalsAt)
                {
                    equalsAt = end;
                }
                else if (c <= ' ' || c > '~' || '=' == c)
                {
                    wellFormed = false;
                }
            }
            wellFormed &= equalsAt > start;
            final String key = wellFormed ? text.subSequence(start, equalsAt).toString() : null;
            for (int i = 0; wellFormed && i < pairs.size(); i += 2)
            {
                wellFormed = !pairs.get(i).equals(key);
            }
            if (wellFormed)
            {
                pairs.add(key);
                pairs.add(text.subSequence(equalsAt + 1, end).toString());
            }
            else if (strict)
            {
                throw new IllegalArgumentException("not a key=value pair of printable characters, or a repeated key: " +
                    text.subSequence(start, end));
            }
            start = end + 1;
            if (strict && start == length && ',' == text.charAt(length - 1))
            {
                throw new IllegalArgumentException("ends with a comma");
            }
        }
        return new RoomOptions(text.toString(), pairs.toArray(new String[0]));
    }
}
