package io.ringside.engine.transport;

import io.ringside.codec.Rejection;

/**
 * What the ingress agent did, counted by reason. Written by the ingress thread only.
 */
public final class IngressCounters
{
    long messages;
    long published;
    long ticks;
    long ringFullPolls;
    long journalPausedPolls;
    long journalStateChanges;
    long oversized;
    long unknownSessions;
    long sessionMismatches;
    long rateLimited;
    long authFailed;
    long authExpired;
    long noneAuthRefused;
    long badResponseChannels;
    long tooManySessionsPerAddress;
    long bannedSourceMessages;
    long kicks;
    long sourcesLost;
    final long[] rejections = new long[Rejection.values().length];

    public long messages()
    {
        return messages;
    }

    public long published()
    {
        return published;
    }

    public long ticks()
    {
        return ticks;
    }

    /**
     * @return duty cycles that took no client input because the journal could not write.
     */
    public long journalPausedPolls()
    {
        return journalPausedPolls;
    }

    /**
     * @return times the server state followed the journal into DEGRADED or back to RUNNING.
     */
    public long journalStateChanges()
    {
        return journalStateChanges;
    }

    public long ringFullPolls()
    {
        return ringFullPolls;
    }

    public long oversized()
    {
        return oversized;
    }

    public long unknownSessions()
    {
        return unknownSessions;
    }

    public long sessionMismatches()
    {
        return sessionMismatches;
    }

    public long rateLimited()
    {
        return rateLimited;
    }

    public long authFailed()
    {
        return authFailed;
    }

    public long authExpired()
    {
        return authExpired;
    }

    public long noneAuthRefused()
    {
        return noneAuthRefused;
    }

    public long badResponseChannels()
    {
        return badResponseChannels;
    }

    public long tooManySessionsPerAddress()
    {
        return tooManySessionsPerAddress;
    }

    public long bannedSourceMessages()
    {
        return bannedSourceMessages;
    }

    public long kicks()
    {
        return kicks;
    }

    public long sourcesLost()
    {
        return sourcesLost;
    }

    public long rejections(final Rejection rejection)
    {
        return rejections[rejection.ordinal()];
    }

    public long invalidMessages()
    {
        long total = 0;
        for (int i = 1; i < rejections.length; i++)
        {
            total += rejections[i];
        }
        return total;
    }
}
