package io.ringside.engine.game;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class SpatialGridTest
{
    @Test
    void queriesFindExactlyThePointsABruteForceScanFinds()
    {
        final SplittableRandom random = new SplittableRandom(11);
        final int n = 2000;
        final float[] xs = new float[n];
        final float[] ys = new float[n];
        final boolean[] include = new boolean[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = (float)random.nextDouble(-5000, 5000);
            ys[i] = (float)random.nextDouble(-5000, 5000);
            include[i] = random.nextInt(10) != 0;
        }
        final SpatialGrid grid = new SpatialGrid(n, 300);
        grid.build(n, xs, ys, include);
        final int[] out = new int[n];

        for (int q = 0; q < 500; q++)
        {
            final float x = (float)random.nextDouble(-5000, 5000);
            final float y = (float)random.nextDouble(-5000, 5000);
            final float r = (float)random.nextDouble(10, 900);
            final int found = grid.query(x, y, r, out, out.length);
            final int[] inRadius = Arrays.stream(out, 0, found)
                .filter(i -> (xs[i] - x) * (xs[i] - x) + (ys[i] - y) * (ys[i] - y) <= r * r).sorted().toArray();
            final int[] expected = java.util.stream.IntStream.range(0, n)
                .filter(i -> include[i] && (xs[i] - x) * (xs[i] - x) + (ys[i] - y) * (ys[i] - y) <= r * r).toArray();
            assertArrayEquals(expected, inRadius);
            assertEquals(found, Arrays.stream(out, 0, found).distinct().count(), "no item twice");
        }
    }
}
