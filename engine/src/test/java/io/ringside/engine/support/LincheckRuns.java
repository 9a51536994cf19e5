package io.ringside.engine.support;

import org.jetbrains.lincheck.datastructures.ManagedStrategyGuarantee;
import org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * How the Lincheck concurrency tests look, and how hard. The normal test run takes a short look (a few seconds each);
 * a longer hunt sets {@code -Dringside.lincheck.iterations=N} (default 10), e.g.
 * {@code mvn -pl engine test -Dtest='*LincheckTest' -Dringside.lincheck.iterations=1000}.
 * <p>
 * Each hand-off is checked in two shapes. <b>Roomy</b>: the buffer never fills within a scenario, so many operations
 * run on each side at once (the records wrap around the end). <b>Tight</b>: the writer fills the buffer before the
 * parallel part, and each side runs one operation at a time. A writer that finds a bounded buffer full while the
 * reader is half way through taking from it cannot be placed in any one-at-a-time order (the reader frees the space
 * only after it has read, as it must), so "full" is checked where it is well defined: one operation a side.
 */
public final class LincheckRuns
{
    public static final int ITERATIONS = Integer.getInteger("ringside.lincheck.iterations", 10);

    /**
     * Agrona's buffer accessors are each one memory access (a plain, volatile or ordered load or store through
     * Unsafe): the model checker switches threads around them, not inside them. Lincheck cannot instrument Agrona's
     * internals (its {@code UnsafeApi}, and the bounds-check flag its snapshot tracker fails to find).
     */
    private static final ManagedStrategyGuarantee AGRONA_BUFFER_ACCESS_IS_ATOMIC = ManagedStrategyGuaranteeKt
        .forClasses(name -> name.startsWith("org.agrona.") && name.contains("Buffer"))
        .allMethods()
        .treatAsAtomic();

    private LincheckRuns()
    {
    }

    public static StressOptions roomyStress()
    {
        return new StressOptions().iterations(ITERATIONS).invocationsPerIteration(2_000)
            .threads(2).actorsPerThread(4).actorsBefore(2).actorsAfter(2);
    }

    public static ModelCheckingOptions roomyModelChecking()
    {
        return new ModelCheckingOptions().iterations(ITERATIONS).invocationsPerIteration(1_000)
            .threads(2).actorsPerThread(4).actorsBefore(2).actorsAfter(2).addGuarantee(AGRONA_BUFFER_ACCESS_IS_ATOMIC);
    }

    public static StressOptions tightStress()
    {
        return new StressOptions().iterations(ITERATIONS).invocationsPerIteration(2_000)
            .threads(2).actorsPerThread(1).actorsBefore(5).actorsAfter(3);
    }

    public static ModelCheckingOptions tightModelChecking()
    {
        return new ModelCheckingOptions().iterations(ITERATIONS).invocationsPerIteration(1_000)
            .threads(2).actorsPerThread(1).actorsBefore(5).actorsAfter(3).addGuarantee(AGRONA_BUFFER_ACCESS_IS_ATOMIC);
    }
}
