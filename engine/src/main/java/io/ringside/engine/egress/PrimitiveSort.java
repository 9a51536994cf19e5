package io.ringside.engine.egress;

/**
 * Sorting and selection on {@code long} keys without allocating ({@code java.util.Arrays.sort} may allocate merge
 * buffers for large, partly sorted arrays, which is exactly what frames of entities are). Deterministic.
 */
final class PrimitiveSort
{
    private static final int INSERTION_SORT_THRESHOLD = 24;

    private PrimitiveSort()
    {
    }

    /**
     * Sort {@code keys[from..to)} ascending: quicksort with a median-of-three pivot, insertion sort for short ranges,
     * recursion on the smaller side only so the stack stays logarithmic.
     */
    static void sort(final long[] keys, final int from, final int to)
    {
        int low = from;
        int high = to - 1;
        while (high - low >= INSERTION_SORT_THRESHOLD)
        {
            final int middle = (low + high) >>> 1;
            final long pivot = medianOfThree(keys[low], keys[middle], keys[high]);
            int i = low;
            int j = high;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }
                while (keys[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    final long swap = keys[i];
                    keys[i] = keys[j];
                    keys[j] = swap;
                    i++;
                    j--;
                }
            }
            if (j - low < high - i)
            {
                sort(keys, low, j + 1);
                low = i;
            }
            else
            {
                sort(keys, i, high + 1);
                high = j;
            }
        }
        for (int i = low + 1; i <= high; i++)
        {
            final long key = keys[i];
            int j = i - 1;
            while (j >= low && keys[j] > key)
            {
                keys[j + 1] = keys[j];
                j--;
            }
            keys[j + 1] = key;
        }
    }

    /**
     * Move the {@code k} smallest of {@code keys[0..n)} into {@code keys[0..k)}, in no particular order: Hoare's
     * selection with a median-of-three pivot, linear on average, no allocation. Deterministic for given input.
     */
    static void selectSmallest(final long[] keys, final int n, final int k)
    {
        int low = 0;
        int high = n - 1;
        while (low < high)
        {
            final int middle = (low + high) >>> 1;
            final long pivot = medianOfThree(keys[low], keys[middle], keys[high]);
            int i = low;
            int j = high;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }
                while (keys[j] > pivot)
                {
                    j--;
                }
                if (i <= j)
                {
                    final long swap = keys[i];
                    keys[i] = keys[j];
                    keys[j] = swap;
                    i++;
                    j--;
                }
            }
            if (k - 1 <= j)
            {
                high = j;
            }
            else if (k - 1 >= i)
            {
                low = i;
            }
            else
            {
                return;
            }
        }
    }

    private static long medianOfThree(final long a, final long b, final long c)
    {
        return Math.max(Math.min(a, b), Math.min(Math.max(a, b), c));
    }

}
