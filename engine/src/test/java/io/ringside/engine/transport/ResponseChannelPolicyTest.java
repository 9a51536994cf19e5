package io.ringside.engine.transport;

import io.ringside.codec.ProtocolLimits;
import io.ringside.transport.IngressSource;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Constructor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Responses go only where a request came from, so a client cannot aim the engine's traffic at someone else.
 */
class ResponseChannelPolicyTest
{
    private static IngressSource source(final String identity, final boolean ipc) throws Exception
    {
        final Constructor<IngressSource> constructor =
            IngressSource.class.getDeclaredConstructor(long.class, String.class, boolean.class);
        constructor.setAccessible(true);
        return constructor.newInstance(1L, identity, ipc);
    }

    @Test
    void udpResponsesMustGoBackToTheSourceHost() throws Exception
    {
        final IngressSource local = source("127.0.0.1:40000", false);
        assertTrue(IngressAgent.responseChannelAllowed(local, "aeron:udp?endpoint=localhost:5000", 7));
        assertTrue(IngressAgent.responseChannelAllowed(local, "aeron:udp?endpoint=127.0.0.1:5000", 7));
        assertFalse(IngressAgent.responseChannelAllowed(local, "aeron:udp?endpoint=10.0.0.7:5000", 7), "elsewhere");
        assertFalse(IngressAgent.responseChannelAllowed(local, "aeron:ipc", 7), "ipc from a udp source");
        assertFalse(IngressAgent.responseChannelAllowed(local, "not a channel", 7));

        final IngressSource remote = source("10.0.0.7:40000", false);
        assertTrue(IngressAgent.responseChannelAllowed(remote, "aeron:udp?endpoint=10.0.0.7:6000", 7));
        assertFalse(IngressAgent.responseChannelAllowed(remote, "aeron:udp?endpoint=10.0.0.8:6000", 7));
        assertFalse(IngressAgent.responseChannelAllowed(remote, "aeron:udp?endpoint=localhost:6000", 7));
    }

    @Test
    void ipcResponsesOnlyForIpcSourcesAndLoopbackIngressIsRecognised() throws Exception
    {
        assertTrue(IngressAgent.responseChannelAllowed(source("aeron:ipc", true), "aeron:ipc", 7));
        assertFalse(IngressAgent.responseChannelAllowed(source("aeron:ipc", true), "aeron:udp?endpoint=localhost:1", 7));
        assertFalse(IngressAgent.responseChannelAllowed(source("aeron:ipc", true), "aeron:ipc",
            ProtocolLimits.roomStreamId(3)), "a room stream id is never a client's response stream");
        assertTrue(IngressAgent.isLoopbackChannel("aeron:udp?endpoint=localhost:40123"));
        assertTrue(IngressAgent.isLoopbackChannel("aeron:udp?endpoint=127.0.0.1:40123"));
        assertFalse(IngressAgent.isLoopbackChannel("aeron:udp?endpoint=0.0.0.0:40123"));
    }
}
