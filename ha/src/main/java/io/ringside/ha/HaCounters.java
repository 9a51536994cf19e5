package io.ringside.ha;

import io.aeron.Aeron;
import io.aeron.Counter;
import org.agrona.CloseHelper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The service's counters, as Aeron counters in the member's media driver (AeronStat shows them) and on the member's
 * {@code /metrics}. Written by the service's thread only. They count what this member's service did, replaying
 * included; they are not part of the replicated state.
 */
final class HaCounters implements AutoCloseable
{
    static final int TYPE_ID = 7104;

    final Counter gatewaysOpened;
    final Counter gatewayIdConflicts;
    final Counter notOpened;
    final Counter roomsCreated;
    final Counter roomsClosed;
    final Counter joins;
    final Counter refusals;
    final Counter leaves;
    final Counter leavesUnmatched;
    final Counter membersDropped;
    final Counter batches;
    final Counter batchesMissing;
    final Counter inputs;
    final Counter inputsRefused;
    final Counter inputsRefusedByGame;
    final Counter ticks;
    final Counter ticksSkipped;
    final Counter framesSent;
    final Counter framesNotSent;
    final Counter answersNotSent;
    final Counter gameFaults;
    final Counter badRequests;
    final Counter snapshotsTaken;
    final Counter snapshotsLoaded;
    final Counter leadershipTerms;
    private final Map<String, Counter> byName = new LinkedHashMap<>();

    HaCounters(final Aeron aeron, final int memberId)
    {
        final String prefix = "ringside ha member " + memberId + ": ";
        gatewaysOpened = add(aeron, prefix, "gateways_opened", "gateways opened");
        gatewayIdConflicts = add(aeron, prefix, "gateway_id_conflicts", "gateways refused, id in use");
        notOpened = add(aeron, prefix, "requests_not_opened", "requests from sessions that opened no gateway");
        roomsCreated = add(aeron, prefix, "rooms_created", "rooms created");
        roomsClosed = add(aeron, prefix, "rooms_closed", "rooms closed");
        joins = add(aeron, prefix, "joins", "players seated");
        refusals = add(aeron, prefix, "refusals", "creates and joins refused");
        leaves = add(aeron, prefix, "leaves", "players left");
        leavesUnmatched = add(aeron, prefix, "leaves_unmatched", "leaves of no member");
        membersDropped = add(aeron, prefix, "members_dropped", "members dropped with their gateway");
        batches = add(aeron, prefix, "batches", "input batches");
        batchesMissing = add(aeron, prefix, "batches_missing", "input batches never in the log (lost in flight)");
        inputs = add(aeron, prefix, "inputs", "player messages applied");
        inputsRefused = add(aeron, prefix, "inputs_refused", "player messages of no member or unreadable");
        inputsRefusedByGame = add(aeron, prefix, "inputs_refused_by_game", "player messages the game refused");
        ticks = add(aeron, prefix, "ticks", "ticks run");
        ticksSkipped = add(aeron, prefix, "ticks_skipped", "ticks skipped by a late timer (elections, stalls)");
        framesSent = add(aeron, prefix, "frames_sent", "room frames sent to gateways (leader only)");
        framesNotSent = add(aeron, prefix, "frames_not_sent", "room frames not sent: gateway away or egress full");
        answersNotSent = add(aeron, prefix, "answers_not_sent", "answers not sent, egress full");
        gameFaults = add(aeron, prefix, "game_faults", "game code that threw");
        badRequests = add(aeron, prefix, "bad_requests", "messages that do not decode");
        snapshotsTaken = add(aeron, prefix, "snapshots_taken", "snapshots taken");
        snapshotsLoaded = add(aeron, prefix, "snapshots_loaded", "snapshots loaded");
        leadershipTerms = add(aeron, prefix, "leadership_terms", "leadership terms seen");
    }

    private Counter add(final Aeron aeron, final String prefix, final String name, final String label)
    {
        final Counter counter = aeron.addCounter(TYPE_ID, prefix + label);
        byName.put(name, counter);
        return counter;
    }

    /**
     * @return every counter's value by its metric name; allocates (for the view, a few times a second).
     */
    Map<String, Long> snapshot()
    {
        final Map<String, Long> values = new LinkedHashMap<>();
        byName.forEach((name, counter) -> values.put(name, counter.isClosed() ? 0 : counter.get()));
        return values;
    }

    public void close()
    {
        byName.values().forEach(CloseHelper::quietClose);
    }
}
