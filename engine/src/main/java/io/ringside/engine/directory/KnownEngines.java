package io.ringside.engine.directory;

import io.ringside.codec.directory.EngineState;
import io.ringside.codec.directory.EngineTableDecoder;

import java.util.Arrays;

/**
 * The engines the directory listed in its last answer to this engine, as ingress reads them to send a session to
 * the engine of its room: made by the directory agent from an EngineTable, never changed after, published through
 * a volatile field. Any thread.
 */
public final class KnownEngines
{
    public static final KnownEngines NONE = new KnownEngines(new int[0], new boolean[0], new String[0], 0);

    private final int[] engineIds;
    private final boolean[] alive;
    /**
     * Each engine's Aeron endpoint and WebSocket URL, each ended by a newline: a REDIRECT event's payload.
     */
    private final String[] endpoints;
    private final int aliveCount;

    private KnownEngines(final int[] engineIds, final boolean[] alive, final String[] endpoints, final int aliveCount)
    {
        this.engineIds = engineIds;
        this.alive = alive;
        this.endpoints = endpoints;
        this.aliveCount = aliveCount;
    }

    static KnownEngines of(final EngineTableDecoder table)
    {
        final EngineTableDecoder.EnginesDecoder engines = table.engines();
        final int count = engines.count();
        final long[] sorted = new long[count];
        final int[] ids = new int[count];
        final boolean[] alive = new boolean[count];
        final String[] endpoints = new String[count];
        int aliveCount = 0;
        int i = 0;
        for (final EngineTableDecoder.EnginesDecoder engine : engines)
        {
            ids[i] = engine.engineId();
            alive[i] = EngineState.ALIVE == engine.state();
            aliveCount += alive[i] ? 1 : 0;
            endpoints[i] = engine.aeronEndpoint() + "\n" + engine.webSocketUrl() + "\n";
            sorted[i] = (long)ids[i] << 32 | i;
            i++;
        }
        // the directory lists by id already; sorted here too, so lookups never depend on it
        Arrays.sort(sorted);
        final int[] sortedIds = new int[count];
        final boolean[] sortedAlive = new boolean[count];
        final String[] sortedEndpoints = new String[count];
        for (int k = 0; k < count; k++)
        {
            final int at = (int)sorted[k];
            sortedIds[k] = ids[at];
            sortedAlive[k] = alive[at];
            sortedEndpoints[k] = endpoints[at];
        }
        return new KnownEngines(sortedIds, sortedAlive, sortedEndpoints, aliveCount);
    }

    /**
     * @return whether the directory listed the engine as alive.
     */
    public boolean isAlive(final int engineId)
    {
        final int index = Arrays.binarySearch(engineIds, engineId);
        return index >= 0 && alive[index];
    }

    /**
     * @return the engine's endpoints as a REDIRECT event carries them, or null when unknown.
     */
    public String endpoints(final int engineId)
    {
        final int index = Arrays.binarySearch(engineIds, engineId);
        return index >= 0 ? endpoints[index] : null;
    }

    public int aliveCount()
    {
        return aliveCount;
    }

    public int size()
    {
        return engineIds.length;
    }
}
