package io.ringside.transport;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IngressSourceTest
{
    @Test
    void addressesAndLoopbackAreReadFromTheSourceIdentity()
    {
        final IngressSource v4 = new IngressSource(1, "127.0.0.1:40000", false);
        assertEquals("127.0.0.1", v4.address());
        assertTrue(v4.isLoopback());
        final IngressSource v6 = new IngressSource(2, "[::1]:40000", false);
        assertEquals("::1", v6.address());
        assertTrue(v6.isLoopback());
        final IngressSource remote = new IngressSource(3, "10.1.2.3:5555", false);
        assertEquals("10.1.2.3", remote.address());
        assertFalse(remote.isLoopback());
        final IngressSource ipc = new IngressSource(4, "aeron:ipc", true);
        assertTrue(ipc.isIpc() && ipc.isLoopback());
    }

    @Test
    void egressChannelsImposeTheTermLengthAndRefuseWhatIsNotAeron()
    {
        final ClientPublications publications = new ClientPublications(null, 65536, Throwable::printStackTrace);
        assertEquals("aeron:udp?endpoint=localhost:5000|term-length=65536",
            publications.egressChannel("aeron:udp?endpoint=localhost:5000|term-length=16777216"));
        assertEquals("aeron:ipc?term-length=65536", publications.egressChannel("aeron:ipc"));
        assertNull(publications.egressChannel("aeron:udp?control=localhost:5000"), "no endpoint");
        assertNull(publications.egressChannel("http://example"), "not aeron");
        assertNull(publications.egressChannel("aeron:udp?endpoint="), "empty");
    }
}
