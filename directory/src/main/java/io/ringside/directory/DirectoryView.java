package io.ringside.directory;

import io.aeron.cluster.service.Cluster;

import java.util.ArrayList;
import java.util.List;

/**
 * The directory as other threads may read it (the member's HTTP endpoint): made by the service's thread from its
 * state, never changed after, published through a volatile field. Nothing here decides anything.
 *
 * @param memberId         this member.
 * @param role             its role in the cluster.
 * @param leaderMemberId   the leader of the latest term it saw, -1 before any.
 * @param leadershipTermId that term.
 * @param logPosition      the log position the service has applied.
 * @param clusterTimeMs    cluster time when the view was made.
 * @param stateHash        a digest of the replicated state: equal on members at the same log position.
 */
public record DirectoryView(
    int memberId,
    String role,
    int leaderMemberId,
    long leadershipTermId,
    long logPosition,
    long clusterTimeMs,
    long stateHash,
    long placements,
    long enginesGoneTotal,
    List<Engine> engines,
    List<DirectoryState.ListedRoom> rooms,
    long[] counterValues,
    List<String> counterNames)
{
    public static final DirectoryView EMPTY = new DirectoryView(
        -1, "STARTING", -1, -1, 0, 0, 0, 0, 0, List.of(), List.of(), new long[0], List.of());

    /**
     * One engine as the directory knows it.
     */
    public record Engine(
        int engineId, String state, int capacityPlayers, int players, int sessions, int reservedSeats, int rooms,
        long lastReportAgeMs, long reports, String aeronEndpoint, String webSocketUrl, String httpUrl)
    {
    }

    static DirectoryView of(
        final int memberId,
        final Cluster.Role role,
        final int leaderMemberId,
        final long leadershipTermId,
        final long logPosition,
        final long clusterTimeMs,
        final DirectoryState state,
        final DirectoryService.DirectoryCounters counters)
    {
        final List<Engine> engines = new ArrayList<>();
        for (final EngineRecord e : state.engines())
        {
            engines.add(new Engine(e.engineId, e.state.name(), e.capacityPlayers, e.players, e.sessions,
                e.reservedSeats, e.rooms, clusterTimeMs - e.lastReportMs, e.reports, e.aeronEndpoint,
                e.webSocketUrl, e.httpUrl));
        }
        final List<String> names = List.of("registrations", "engine_id_conflicts", "reports", "reports_unregistered",
            "placements", "placements_refused", "engines_gone", "bad_requests", "answers_not_sent", "snapshots_taken",
            "snapshots_loaded", "leadership_terms");
        final long[] values = {
            counters.registrations.get(), counters.engineIdConflicts.get(), counters.reports.get(),
            counters.reportsUnregistered.get(), counters.placements.get(), counters.placementsRefused.get(),
            counters.enginesGone.get(), counters.badRequests.get(), counters.answersNotSent.get(),
            counters.snapshotsTaken.get(), counters.snapshotsLoaded.get(), counters.leadershipTerms.get() };
        return new DirectoryView(memberId, role.name(), leaderMemberId, leadershipTermId, logPosition, clusterTimeMs,
            state.stateHash(), state.placements(), state.enginesGone(), List.copyOf(engines),
            List.copyOf(state.listedRooms()), values, names);
    }

    /**
     * @return engines known and alive.
     */
    public int enginesAlive()
    {
        int alive = 0;
        for (final Engine engine : engines)
        {
            alive += "ALIVE".equals(engine.state()) ? 1 : 0;
        }
        return alive;
    }
}
