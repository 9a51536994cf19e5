package io.ringside.perf;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The machine's ceiling for UDP on loopback, as issue 14 frames it: one thread sending and one thread receiving
 * 1,408-byte datagrams (a full Aeron frame at the default MTU) as fast as they can, Java having no batched send or
 * receive; and the kernel's own UDP counters ({@code /proc/net/snmp}), which say how many datagrams everything on the
 * machine sent while a capacity step was measured. The step's datagrams per second over this ceiling is its share of
 * what the system calls alone allow.
 */
public final class LoopbackDatagramLimit
{
    public static final int DATAGRAM_LENGTH = 1408;

    private LoopbackDatagramLimit()
    {
    }

    /**
     * @return datagrams per second the receiver took, over {@code seconds} after one second of warm-up.
     */
    public static double measure(final int seconds) throws IOException, InterruptedException
    {
        try (DatagramChannel receiver = DatagramChannel.open();
            DatagramChannel sender = DatagramChannel.open())
        {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 2 * 1024 * 1024);
            receiver.bind(new InetSocketAddress("127.0.0.1", 0));
            sender.setOption(StandardSocketOptions.SO_SNDBUF, 2 * 1024 * 1024);
            sender.connect(receiver.getLocalAddress());

            final AtomicBoolean running = new AtomicBoolean(true);
            final AtomicLong received = new AtomicLong();
            final Thread receiving = new Thread(() ->
            {
                final ByteBuffer buffer = ByteBuffer.allocateDirect(DATAGRAM_LENGTH);
                long count = 0;
                try
                {
                    while (running.get())
                    {
                        buffer.clear();
                        if (null != receiver.receive(buffer))
                        {
                            received.lazySet(++count);
                        }
                    }
                }
                catch (final IOException ex)
                {
                    // closed at the end of the measurement
                }
            }, "loopback-receiver");
            final Thread sending = new Thread(() ->
            {
                final ByteBuffer buffer = ByteBuffer.allocateDirect(DATAGRAM_LENGTH);
                try
                {
                    while (running.get())
                    {
                        buffer.clear();
                        sender.write(buffer);
                    }
                }
                catch (final IOException ex)
                {
                    // closed at the end of the measurement
                }
            }, "loopback-sender");
            receiving.start();
            sending.start();

            TimeUnit.SECONDS.sleep(1);
            final long startNs = System.nanoTime();
            final long startCount = received.get();
            TimeUnit.SECONDS.sleep(seconds);
            final double perSecond = (received.get() - startCount) * 1e9 / (System.nanoTime() - startNs);
            running.set(false);
            sender.close();
            receiver.close();
            sending.join(5_000);
            receiving.join(5_000);
            return perSecond;
        }
    }

    /**
     * The kernel's UDP counters at one moment: datagrams sent and received by every process on the machine, and
     * those dropped because a socket's receive buffer was full.
     */
    public record Counters(long inDatagrams, long outDatagrams, long receiveBufferErrors)
    {
        public static Counters sample() throws IOException
        {
            final List<String> lines = Files.readAllLines(Path.of("/proc/net/snmp"));
            for (int i = 0; i + 1 < lines.size(); i++)
            {
                if (lines.get(i).startsWith("Udp: ") && lines.get(i + 1).startsWith("Udp: "))
                {
                    final List<String> names = List.of(lines.get(i).trim().split("\\s+"));
                    final String[] values = lines.get(i + 1).trim().split("\\s+");
                    return new Counters(
                        Long.parseLong(values[names.indexOf("InDatagrams")]),
                        Long.parseLong(values[names.indexOf("OutDatagrams")]),
                        Long.parseLong(values[names.indexOf("RcvbufErrors")]));
                }
            }
            return new Counters(0, 0, 0);
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        System.out.printf("loopback: %.0f datagrams of %d bytes a second, one thread sending, one receiving%n",
            measure(seconds), DATAGRAM_LENGTH);
    }
}
