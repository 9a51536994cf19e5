package io.ringside.transport;

import io.aeron.Aeron;
import io.aeron.Image;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.aeron.logbuffer.FrameDescriptor;
import io.aeron.logbuffer.Header;
import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.concurrent.ManyToOneConcurrentArrayQueue;
import org.agrona.concurrent.NanoClock;

import java.util.Arrays;

/**
 * The Adapter of the ingress: polls the UDP (and, if configured, IPC) ingress subscriptions with a fragment limit and
 * hands each whole message to an {@link IngressListener} with its {@link IngressSource}. Messages that span frames
 * or exceed the maximum length are never assembled: they are counted and reported as oversized. Ingress thread only.
 */
public final class IngressAdapter implements FragmentHandler, AutoCloseable
{
    private final IngressListener listener;
    private final int maxMessageLength;
    private final Subscription udpSubscription;
    private final Subscription ipcSubscription;
    private final Long2ObjectHashMap<IngressSource> sources = new Long2ObjectHashMap<>();
    private final ManyToOneConcurrentArrayQueue<Image> lostImages = new ManyToOneConcurrentArrayQueue<>(4096);
    private final java.util.function.Consumer<Image> retirer = this::retire;

    private final ClientPresence presence;
    private java.util.function.IntSupplier otherClients = () -> 0;
    private final int perImageLimit;
    private final SweepPacer sweepPacer;
    private final NanoClock clock;
    // what poll last saw at each position across both subscriptions; an image gone from the subscriptions is never
    // seen at a position again, so a stale entry is only ever overwritten, never matched
    private Image[] imageAtPosition = new Image[64];
    private IngressSource[] sourceAtPosition = new IngressSource[64];
    private int nextImage;
    private Image currentImage;
    private IngressSource currentSource;
    private long messages;
    private long oversized;
    private long lostImageOverflows;
    private long imagesLost;

    public IngressAdapter(
        final Aeron aeron, final TransportContext context, final IngressListener listener, final NanoClock clock)
    {
        this.listener = listener;
        this.clock = clock;
        this.maxMessageLength = context.maxMessageLength();
        this.perImageLimit = context.fragmentLimitPerImage();
        this.presence = context.clientPresence();
        this.sweepPacer = new SweepPacer(context.ingressPollIntervalNs(), context.ingressPollIntervalMaxNs());
        Subscription udp = null;
        Subscription ipc = null;
        try
        {
            udp = aeron.addSubscription(context.ingressChannel(), context.ingressStreamId(), null, this::onLostImage);
            final String ipcChannel = context.ingressIpcChannel();
            if (null != ipcChannel && !ipcChannel.isEmpty())
            {
                ipc = aeron.addSubscription(ipcChannel, context.ingressStreamId(), null, this::onLostImage);
            }
        }
        catch (final RuntimeException ex)
        {
            CloseHelper.closeAll(ipc, udp);
            throw ex;
        }
        udpSubscription = udp;
        ipcSubscription = ipc;
    }

    private void onLostImage(final Image image)
    {
        imagesLost++;
        if (!lostImages.offer(image))
        {
            lostImageOverflows++;
        }
    }

    /**
     * Poll both subscriptions, image by image from where the last call stopped, at most {@code perImageLimit}
     * fragments from each, so that every client is read in turn and the adapter knows, per source, when it last read
     * everything the client had sent ({@link IngressSource#lastDrainedNs()}). An image's source is found without a
     * hash probe: the adapter remembers which image it last saw at each position and that image's source, and looks
     * the source up by id only when the image at a position changed (an image came or went). The images' presence is
     * published to {@link ClientPresence} for the idle strategies. A sweep that went round every image is not begun
     * again until its {@link SweepPacer} says so: {@link TransportContext#ingressPollIntervalNs()} after it began,
     * later when sweeps take long.
     *
     * @param fragmentLimit most fragments to take in this call (the ring's free slots bound it).
     * @param nowNs         the time of this duty cycle.
     * @return fragments taken and images retired.
     */
    public int poll(final int fragmentLimit, final long nowNs)
    {
        int work = lostImages.drain(retirer);
        if (fragmentLimit <= 0 || !sweepPacer.isDue(nowNs))
        {
            return work;
        }
        final int udpCount = udpSubscription.imageCount();
        final int imageCount = udpCount + (null == ipcSubscription ? 0 : ipcSubscription.imageCount());
        presence.update(imageCount > 0 || otherClients.getAsInt() > 0);
        if (imageCount > imageAtPosition.length)
        {
            final int length = Math.max(imageCount, imageAtPosition.length * 2);
            imageAtPosition = Arrays.copyOf(imageAtPosition, length);
            sourceAtPosition = Arrays.copyOf(sourceAtPosition, length);
        }
        final long sweepStartNs = clock.nanoTime();
        int budget = fragmentLimit;
        int visited = 0;
        for (; visited < imageCount && budget > 0; visited++)
        {
            if (nextImage >= imageCount)
            {
                nextImage = 0;
            }
            final int i = nextImage++;
            final Image image = imageAt(i, udpCount);
            if (null == image)
            {
                break;
            }
            final int limit = Math.min(budget, perImageLimit);
            currentImage = image;
            if (imageAtPosition[i] != image)
            {
                imageAtPosition[i] = image;
                sourceAtPosition[i] = sources.get(image.correlationId());
            }
            currentSource = sourceAtPosition[i];
            final int fragments = image.poll(this, limit);
            sourceAtPosition[i] = currentSource; // made by onFragment if this was the image's first message
            if (fragments < limit && null != currentSource)
            {
                currentSource.drainedAt(nowNs);
            }
            budget -= fragments;
            work += fragments;
        }
        currentImage = null;
        currentSource = null;
        if (visited >= imageCount)
        {
            sweepPacer.onSweep(sweepStartNs, clock.nanoTime(), imageCount);
        }
        return work;
    }

    /**
     * @return nanoseconds until {@link #poll} will next begin a sweep (0 or less: it would now).
     */
    public long nanosToNextSweep(final long nowNs)
    {
        return sweepPacer.nanosToNextSweep(nowNs);
    }

    /**
     * The image at a position across both subscriptions, or null when it is gone: another thread calling into the
     * Aeron client (egress, asking for its publications) can run the client conductor, which may remove an image
     * between the count and the look-up.
     */
    private Image imageAt(final int index, final int udpCount)
    {
        try
        {
            return index < udpCount ?
                udpSubscription.imageAtIndex(index) : ipcSubscription.imageAtIndex(index - udpCount);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            return null;
        }
    }

    /**
     * A source is made for an image when its first message arrives: a publication that never speaks costs no state.
     */
    private IngressSource newSource(final Image image)
    {
        final IngressSource source = new IngressSource(
            image.correlationId(), image.sourceIdentity(), image.subscription() == ipcSubscription);
        sources.put(image.correlationId(), source);
        return source;
    }

    /**
     * @return the source with that id while its image is connected, else null.
     */
    public IngressSource source(final long sourceId)
    {
        return sources.get(sourceId);
    }

    private void retire(final Image image)
    {
        final IngressSource source = sources.remove(image.correlationId());
        if (null != source)
        {
            source.markLost();
            listener.onSourceLost(source);
        }
    }

    public void onFragment(final DirectBuffer buffer, final int offset, final int length, final Header header)
    {
        IngressSource source = currentSource;
        if (null == source)
        {
            source = newSource(currentImage);
            currentSource = source;
        }

        final byte flags = header.flags();
        if ((flags & FrameDescriptor.UNFRAGMENTED) != FrameDescriptor.UNFRAGMENTED || length > maxMessageLength)
        {
            if ((flags & FrameDescriptor.END_FRAG_FLAG) != 0)
            {
                oversized++;
                listener.onOversizedMessage(source, length);
            }
            return;
        }

        messages++;
        listener.onMessage(source, buffer, offset, length);
    }

    public boolean isBound()
    {
        return !udpSubscription.isClosed();
    }

    public long messages()
    {
        return messages;
    }

    public long oversized()
    {
        return oversized;
    }

    /**
     * Clients connected other than by the ingress subscriptions (WebSocket connections), counted in the presence the
     * idle strategies read; set before the adapter is polled.
     */
    public void otherClients(final java.util.function.IntSupplier otherClients)
    {
        this.otherClients = otherClients;
    }

    /**
     * @return client publications connected to the ingress now, silent ones included (a source is made for an image
     * only when its first message arrives).
     */
    public int imageCount()
    {
        return udpSubscription.imageCount() + (null == ipcSubscription ? 0 : ipcSubscription.imageCount());
    }

    /**
     * @return client publications that went away, silent ones included. Counted on the thread that invokes the
     * Aeron client's conductor (the ingress agent's).
     */
    public long imagesLost()
    {
        return imagesLost;
    }

    public long lostImageOverflows()
    {
        return lostImageOverflows;
    }

    public int sourceCount()
    {
        return sources.size();
    }

    public void close()
    {
        CloseHelper.closeAll(ipcSubscription, udpSubscription);
    }
}
