package io.ringside.engine.egress;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

class PrimitiveSortTest
{
    @Test
    void selectionKeepsExactlyTheSmallestKeys()
    {
        final SplittableRandom random = new SplittableRandom(5);
        for (int round = 0; round < 2000; round++)
        {
            final int n = 1 + random.nextInt(700);
            final int k = 1 + random.nextInt(n);
            final long[] keys = new long[n];
            for (int i = 0; i < n; i++)
            {
                keys[i] = random.nextInt(4) == 0 ? random.nextLong(50) : random.nextLong();
            }
            final long[] sorted = keys.clone();
            Arrays.sort(sorted);

            PrimitiveSort.selectSmallest(keys, n, k);
            final long[] chosen = Arrays.copyOf(keys, k);
            Arrays.sort(chosen);
            assertArrayEquals(Arrays.copyOf(sorted, k), chosen, "n=" + n + " k=" + k);
        }
    }

    @Test
    void sortMatchesTheJdkSortOnRandomAndNearlySortedKeys()
    {
        final SplittableRandom random = new SplittableRandom(6);
        for (int round = 0; round < 500; round++)
        {
            final int n = random.nextInt(6000);
            final long[] keys = new long[n];
            for (int i = 0; i < n; i++)
            {
                keys[i] = switch (round % 3)
                {
                    case 0 -> random.nextLong();
                    case 1 -> i + (random.nextInt(20) == 0 ? random.nextLong(1000) : 0);
                    default -> random.nextLong(10);
                };
            }
            final int from = n > 2 ? random.nextInt(n / 2) : 0;
            final long[] expected = Arrays.copyOfRange(keys, from, n);
            Arrays.sort(expected);
            final long[] before = Arrays.copyOf(keys, from);

            PrimitiveSort.sort(keys, from, n);

            assertArrayEquals(expected, Arrays.copyOfRange(keys, from, n), "round " + round);
            assertArrayEquals(before, Arrays.copyOf(keys, from), "nothing before the range moved");
        }
    }
}
