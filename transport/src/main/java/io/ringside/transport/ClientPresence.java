package io.ringside.transport;

/**
 * Whether the engine has any client at all: one flag, written by the ingress thread only (in
 * {@link IngressAdapter#poll}, from the ingress subscriptions' image counts), read by the idle strategies of the
 * engine's threads and of its embedded media driver, which park longer while nobody is connected (see
 * {@link PresenceIdleStrategy}).
 */
public final class ClientPresence
{
    private volatile boolean present;

    public boolean isPresent()
    {
        return present;
    }

    /**
     * Ingress thread only; a store only on a change, so readers' cache lines stay shared while nothing changes.
     */
    void update(final boolean present)
    {
        if (this.present != present)
        {
            this.present = present;
        }
    }
}
