package io.ringside.engine.metrics;

import io.aeron.Aeron;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.ringside.codec.sbe.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EngineCountersTest
{
    @TempDir
    Path dir;

    @Test
    void everyDescriptorHasOneCounterWithItsOwnLabelAndName()
    {
        final Set<String> labels = new HashSet<>();
        final Set<Integer> ids = new HashSet<>();
        for (final CounterDescriptor d : CounterDescriptor.values())
        {
            assertTrue(labels.add(d.label()), "label once: " + d);
            assertTrue(ids.add(d.id()), "id once: " + d);
            assertTrue(d.prometheusName().matches("ringside_[a-z_]+"), d.prometheusName());
            assertTrue(!d.help().isEmpty(), d + " has help");
        }
        try (EngineCounters counters = EngineCounters.inMemory())
        {
            final int[] visited = new int[1];
            counters.forEach((d, member, value) -> visited[0]++);
            assertEquals(counters.size(), visited[0]);
        }
    }

    @Test
    void theirAeronMirrorListsEveryOneAndTheyOutliveAeron()
    {
        final MediaDriver driver = MediaDriver.launchEmbedded(new MediaDriver.Context()
            .aeronDirectoryName(dir.resolve("driver").toString()).threadingMode(ThreadingMode.SHARED)
            .dirDeleteOnStart(true).dirDeleteOnShutdown(true));
        final Aeron aeron = Aeron.connect(new Aeron.Context().aeronDirectoryName(driver.aeronDirectoryName()));
        final EngineCounters counters = EngineCounters.inMemory().mirrorTo(aeron);
        try
        {
            counters.counter(CounterDescriptor.TICKS).incrementRelease();
            counters.counter(CounterDescriptor.TICKS).incrementRelease();
            counters.family(CounterDescriptor.REJECTS)[ErrorCode.ROOM_FULL.value()].incrementRelease();
            assertEquals(counters.size(), counters.mirror());

            final Map<String, Long> byLabel = new HashMap<>();
            aeron.countersReader().forEach((value, id, label) ->
            {
                if (EngineCounters.COUNTER_TYPE_ID == aeron.countersReader().getCounterTypeId(id))
                {
                    byLabel.put(label, value);
                }
            });
            assertEquals(counters.size(), byLabel.size(), "every one is in the driver's counters file");
            assertEquals(2L, byLabel.get("ringside: ticks"));
            assertEquals(1L, byLabel.get("ringside: rejects ROOM_FULL"));
        }
        finally
        {
            aeron.close();
            driver.close();
        }
        assertEquals(0, counters.mirror(), "nothing is written once the Aeron client closed");
        counters.counter(CounterDescriptor.TICKS).incrementRelease();
        assertEquals(3, counters.value(CounterDescriptor.TICKS), "the counters outlive Aeron");
        assertEquals(1, counters.value(CounterDescriptor.REJECTS, ErrorCode.ROOM_FULL.value()));
        counters.close();
    }
}
