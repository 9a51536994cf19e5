package io.ringside.engine.game;

import org.agrona.BitUtil;

/**
 * A uniform grid over the plane, stored as a hash table of cells, for "what is near this point" queries in time
 * proportional to what is near rather than to everything. Built from scratch each time it is used (a counting sort of
 * item indices by cell, stable in index order), in time proportional to the items, so queries return candidates in a
 * deterministic order. Allocation-free after construction. Not thread-safe.
 * <p>
 * Items are the indices {@code 0..count-1} of caller-owned coordinate arrays. A query returns every item in the cells
 * that overlap the query square, each once; callers check the exact distance.
 */
public final class SpatialGrid
{
    private final float cellSize;
    private final float inverseCellSize;
    private final int maxItems;
    private int bucketMask;
    private final int[] bucketStart;
    private final int[] bucketItems;
    private final int[] itemCellX;
    private final int[] itemCellY;
    private final int[] itemBucket;
    private int count;

    /**
     * @param maxItems most items one build may hold.
     * @param cellSize side of a cell in world units, positive.
     */
    public SpatialGrid(final int maxItems, final float cellSize)
    {
        if (!(cellSize > 0))
        {
            throw new IllegalArgumentException("cellSize must be positive: " + cellSize);
        }
        this.maxItems = maxItems;
        this.cellSize = cellSize;
        this.inverseCellSize = 1.0f / cellSize;
        this.bucketStart = new int[bucketsFor(maxItems) + 1];
        this.bucketItems = new int[maxItems];
        this.itemCellX = new int[maxItems];
        this.itemCellY = new int[maxItems];
        this.itemBucket = new int[maxItems];
    }

    public float cellSize()
    {
        return cellSize;
    }

    public int maxItems()
    {
        return maxItems;
    }

    /**
     * Index items {@code 0..count-1}. Items whose {@code include} flag is false (when flags are given) are left out.
     */
    public void build(final int count, final float[] xs, final float[] ys, final boolean[] include)
    {
        if (count > maxItems)
        {
            throw new IllegalArgumentException("count " + count + " > maxItems " + maxItems);
        }
        this.count = count;
        final int[] start = bucketStart;
        final int buckets = bucketsFor(count);
        bucketMask = buckets - 1;
        java.util.Arrays.fill(start, 0, buckets + 1, 0);

        for (int i = 0; i < count; i++)
        {
            if (null != include && !include[i])
            {
                itemBucket[i] = -1;
                continue;
            }
            final int cx = cell(xs[i]);
            final int cy = cell(ys[i]);
            itemCellX[i] = cx;
            itemCellY[i] = cy;
            final int bucket = bucket(cx, cy);
            itemBucket[i] = bucket;
            start[bucket + 1]++;
        }
        for (int b = 1; b <= buckets; b++)
        {
            start[b] += start[b - 1];
        }
        // second pass fills each bucket in item order; start[b] is advanced as a cursor, then restored
        for (int i = 0; i < count; i++)
        {
            final int bucket = itemBucket[i];
            if (bucket >= 0)
            {
                bucketItems[start[bucket]++] = i;
            }
        }
        for (int b = buckets; b > 0; b--)
        {
            start[b] = start[b - 1];
        }
        start[0] = 0;
    }

    /**
     * The hash table is sized for each build from the items in it, so building costs what the items cost.
     */
    private static int bucketsFor(final int count)
    {
        return BitUtil.findNextPositivePowerOfTwo(Math.max(16, 2 * count));
    }

    /**
     * Collect the items in every cell overlapping the square of half-side {@code radius} around {@code (x, y)}.
     *
     * @param out   where item indices are written.
     * @param limit most items to write.
     * @return the number written.
     */
    public int query(final float x, final float y, final float radius, final int[] out, final int limit)
    {
        final int cx0 = cell(x - radius);
        final int cx1 = cell(x + radius);
        final int cy0 = cell(y - radius);
        final int cy1 = cell(y + radius);
        int found = 0;

        for (int cy = cy0; cy <= cy1; cy++)
        {
            for (int cx = cx0; cx <= cx1; cx++)
            {
                final int bucket = bucket(cx, cy);
                for (int k = bucketStart[bucket], end = bucketStart[bucket + 1]; k < end; k++)
                {
                    final int item = bucketItems[k];
                    if (itemCellX[item] == cx && itemCellY[item] == cy)
                    {
                        if (found == limit)
                        {
                            return found;
                        }
                        out[found++] = item;
                    }
                }
            }
        }
        return found;
    }

    public int count()
    {
        return count;
    }

    private int cell(final float coordinate)
    {
        return (int)Math.floor(coordinate * inverseCellSize);
    }

    private int bucket(final int cx, final int cy)
    {
        int h = cx * 0x9E3779B1 + cy * 0x85EBCA77;
        h ^= h >>> 15;
        return h & bucketMask;
    }
}
