package io.ringside.perf.attack;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * What an attack run found: one {@link Outcome} per kind of attack, what the honest players saw in each phase, and
 * the engine's state at the end. Written as {@code attack.md} (for people) and {@code attack.json} (for tools).
 */
record AttackReport(
    String header, List<Outcome> outcomes, HonestPlayers.Result honest, List<String> endChecks, boolean endOk)
{
    /**
     * One kind of attack.
     *
     * @param kind     short name.
     * @param sent     messages (or connections) the attacker sent.
     * @param code     the ErrorCode the engine must answer with ("-" where it has nobody to tell).
     * @param replied  answers with that code the attacker received, or -1 where none can be sent.
     * @param counter  the engine metric(s) that count it.
     * @param counted  how much they moved.
     * @param passed   whether every message was refused, counted and (where possible) answered as it must be.
     * @param note     what was checked, or what went wrong.
     */
    record Outcome(
        String kind, long sent, String code, long replied, String counter, long counted, boolean passed, String note)
    {
    }

    boolean passed()
    {
        return endOk && honest.messagesLost() == 0 && honest.errors() == 0 && honest.declaredSkips() == 0 &&
            honest.seatedAtEnd() == honest.players() && outcomes.stream().allMatch(Outcome::passed);
    }

    long badInputsSent()
    {
        return outcomes.stream().mapToLong(Outcome::sent).sum();
    }

    private static String ms(final Histogram h, final double percentile)
    {
        return 0 == h.getTotalCount() ? "-" :
            String.format(Locale.ROOT, "%.3f", h.getValueAtPercentile(percentile) / 1e6);
    }

    void print(final PrintStream out)
    {
        out.println(header);
        out.println();
        out.println("| attack | sent | answer | answers received | counted by | count | honest rtt p99 / max " +
            "meanwhile (ms) | result |");
        out.println("|---|---:|---|---:|---|---:|---:|---|");
        for (int i = 0; i < outcomes.size(); i++)
        {
            final Outcome o = outcomes.get(i);
            final Histogram meanwhile = i < honest.windows().length ? honest.windows()[i] : null;
            out.printf("| %s | %d | %s | %s | `%s` | %d | %s | %s |%n", o.kind(), o.sent(), o.code(),
                o.replied() < 0 ? "(no one to tell)" : String.valueOf(o.replied()), o.counter(), o.counted(),
                null == meanwhile ? "-" : ms(meanwhile, 99) + " / " + ms(meanwhile, 100),
                (o.passed() ? "ok" : "FAILED") + (o.note().isEmpty() ? "" : ": " + o.note()));
        }
        out.println();
        out.printf("%d bad inputs of %d kinds sent.%n%n", badInputsSent(), outcomes.size());
        out.println("| honest players (" + honest.players() + ") | quiet | under attack | after |");
        out.println("|---|---:|---:|---:|");
        final Histogram quiet = honest.rtt()[HonestPlayers.Phase.QUIET.ordinal()];
        final Histogram attack = honest.rtt()[HonestPlayers.Phase.ATTACK.ordinal()];
        final Histogram after = honest.rtt()[HonestPlayers.Phase.AFTER.ordinal()];
        out.printf("| pings answered | %d | %d | %d |%n", quiet.getTotalCount(), attack.getTotalCount(),
            after.getTotalCount());
        for (final double p : new double[]{ 50, 99, 99.9, 100 })
        {
            final String name = 100 == p ? "max" : "p" + (p == (long)p ? String.valueOf((long)p) : String.valueOf(p));
            out.printf("| rtt %s (ms) | %s | %s | %s |%n", name, ms(quiet, p), ms(attack, p), ms(after, p));
        }
        final long[] snapshots = honest.snapshots();
        out.printf("| snapshots received | %d | %d | %d |%n%n", snapshots[HonestPlayers.Phase.QUIET.ordinal()],
            snapshots[HonestPlayers.Phase.ATTACK.ordinal()], snapshots[HonestPlayers.Phase.AFTER.ordinal()]);
        out.printf("honest: %d inputs sent, %d not acknowledged; %d pings sent, %d not answered; %d sequence " +
            "violations; %d declared skips; %d errors; %d of %d still seated in their own sessions%n",
            honest.inputsSent(), honest.inputsUnacknowledged(), honest.pingsSent(), honest.pongsMissing(),
            honest.sequenceViolations(), honest.declaredSkips(), honest.errors(), honest.seatedAtEnd(),
            honest.players());
        out.printf("honest messages lost: %d%n", honest.messagesLost());
        for (final String check : endChecks)
        {
            out.println("end: " + check);
        }
        out.println(passed() ? "RESULT: passed" : "RESULT: FAILED");
    }

    void write(final Path dir) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(dir.resolve("attack.md")), true,
            StandardCharsets.UTF_8))
        {
            print(out);
        }
        final StringBuilder json = new StringBuilder(4096).append("{\n  \"passed\": ").append(passed())
            .append(",\n  \"badInputsSent\": ").append(badInputsSent())
            .append(",\n  \"kinds\": ").append(outcomes.size())
            .append(",\n  \"honestPlayers\": ").append(honest.players())
            .append(",\n  \"honestMessagesLost\": ").append(honest.messagesLost())
            .append(",\n  \"honestSequenceViolations\": ").append(honest.sequenceViolations())
            .append(",\n  \"honestErrors\": ").append(honest.errors());
        for (final HonestPlayers.Phase phase : HonestPlayers.Phase.values())
        {
            final int i = phase.ordinal();
            final Histogram h = honest.rtt()[i];
            json.append(",\n  \"").append(phase.name().toLowerCase(java.util.Locale.ROOT))
                .append("\": {\"pings\": ").append(h.getTotalCount())
                .append(", \"rttP50Ms\": ").append(h.getValueAtPercentile(50) / 1e6)
                .append(", \"rttP99Ms\": ").append(h.getValueAtPercentile(99) / 1e6)
                .append(", \"rttMaxMs\": ").append(h.getMaxValue() / 1e6)
                .append(", \"snapshots\": ").append(honest.snapshots()[i]).append('}');
        }
        json.append(",\n  \"outcomes\": [");
        for (int i = 0; i < outcomes.size(); i++)
        {
            final Outcome o = outcomes.get(i);
            json.append(i == 0 ? "\n" : ",\n").append("    {\"kind\": \"").append(o.kind())
                .append("\", \"sent\": ").append(o.sent())
                .append(", \"code\": \"").append(o.code())
                .append("\", \"replied\": ").append(o.replied())
                .append(", \"counter\": \"").append(o.counter().replace("\"", "\\\""))
                .append("\", \"counted\": ").append(o.counted())
                .append(", \"passed\": ").append(o.passed()).append('}');
        }
        json.append("\n  ]\n}\n");
        Files.writeString(dir.resolve("attack.json"), json);
    }
}
