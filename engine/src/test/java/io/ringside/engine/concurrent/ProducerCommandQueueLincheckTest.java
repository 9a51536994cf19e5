package io.ringside.engine.concurrent;

import io.ringside.codec.sbe.ErrorCode;
import io.ringside.engine.ring.ProducerCommandQueue;
import io.ringside.engine.support.LincheckRuns;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

/**
 * The back channel from egress (its one writer) to the ring's producer (its one reader), checked by Lincheck for
 * linearizability under stress and by model checking (see {@link LincheckRuns} for the roomy and tight shapes): in a
 * queue of 1 KiB that starts just short of its end, so that the commands wrap, and in one of 128 bytes (five
 * commands) that the scenario fills.
 */
@Tag("lincheck") // runs in a JVM of its own: see the engine pom
public class ProducerCommandQueueLincheckTest
{
    private static volatile boolean roomy;

    private final ProducerCommandQueue queue = new ProducerCommandQueue(roomy ? 1024 : 128);
    private final StringBuilder drained = new StringBuilder();
    private final ProducerCommandQueue.CommandHandler handler = new ProducerCommandQueue.CommandHandler()
    {
        public void onSessionLost(final long sessionId, final ErrorCode reason)
        {
            drained.append("lost:").append(sessionId).append(':').append(reason).append(' ');
        }

        public void onSessionForgotten(final long sessionId)
        {
            drained.append("forgotten:").append(sessionId).append(' ');
        }

        public void onSessionBound(final long sessionId, final long sourceId)
        {
            drained.append("bound:").append(sessionId).append(':').append(sourceId).append(' ');
        }
    };

    public ProducerCommandQueueLincheckTest()
    {
        if (roomy)
        {
            // 40 commands of 24 bytes: the scenario's commands wrap at 1,024
            for (int i = 0; i < 40; i++)
            {
                queue.offerSessionForgotten(i);
                queue.drain(handler, 1);
            }
            drained.setLength(0);
        }
    }

    @Operation(nonParallelGroup = "egress")
    public boolean lost(final int sessionId)
    {
        return queue.offerSessionLost(sessionId, ErrorCode.SLOW_CONSUMER);
    }

    @Operation(nonParallelGroup = "egress")
    public boolean forgotten(final int sessionId)
    {
        return queue.offerSessionForgotten(sessionId);
    }

    @Operation(nonParallelGroup = "egress")
    public boolean bound(final int sessionId)
    {
        return queue.offerSessionBound(sessionId, 1_000L + sessionId);
    }

    @Operation(nonParallelGroup = "producer")
    public String drain()
    {
        drained.setLength(0);
        queue.drain(handler, 16);
        return drained.toString();
    }

    /**
     * What the queue must do, one operation at a time, when it has room: first in, first out, every command whole.
     * (When it is full it is Agrona's ring buffer that decides; the tight checks compare with the queue itself.)
     */
    public static final class Model
    {
        private final ArrayDeque<String> commands = new ArrayDeque<>();

        public boolean lost(final int sessionId)
        {
            return commands.add("lost:" + sessionId + ":" + ErrorCode.SLOW_CONSUMER + " ");
        }

        public boolean forgotten(final int sessionId)
        {
            return commands.add("forgotten:" + sessionId + " ");
        }

        public boolean bound(final int sessionId)
        {
            return commands.add("bound:" + sessionId + ":" + (1_000L + sessionId) + " ");
        }

        public String drain()
        {
            final StringBuilder drained = new StringBuilder();
            for (int i = 0; i < 16 && !commands.isEmpty(); i++)
            {
                drained.append(commands.poll());
            }
            return drained.toString();
        }
    }

    @Test
    void isLinearizableWrappingAroundUnderStress()
    {
        roomy = true;
        LincheckRuns.roomyStress().sequentialSpecification(Model.class).check(getClass());
    }

    @Test
    void isLinearizableWrappingAroundInEveryInterleavingModelChecked()
    {
        roomy = true;
        LincheckRuns.roomyModelChecking().sequentialSpecification(Model.class).check(getClass());
    }

    @Test
    void isLinearizableWhenFullUnderStress()
    {
        roomy = false;
        LincheckRuns.tightStress().check(getClass());
    }

    @Test
    void isLinearizableWhenFullInEveryInterleavingModelChecked()
    {
        roomy = false;
        LincheckRuns.tightModelChecking().check(getClass());
    }
}
