package io.ringside.engine.game;

/**
 * Chooses the room a player who asks for any room of a game is seated in (MatchRoom, or JoinRoom without a room
 * id). The engine hands it the candidates: the game's open public rooms with a free seat whose metadata holds the
 * client's filter, in creation order. Called on the logic thread, in ring order; like a room it must be
 * deterministic (its choice may depend only on its arguments) so that replay seats every player where they sat.
 */
@FunctionalInterface
public interface Matchmaker
{
    /**
     * The default: the first candidate (the oldest room with a free seat), or a new room when there is none.
     */
    Matchmaker FIRST_OPEN = (playerId, filter, candidates) -> candidates.count() > 0 ? 0 : -1;

    /**
     * @param playerId   the authenticated player asking.
     * @param filter     the pairs the client asked for (already applied to the candidates).
     * @param candidates the rooms to choose from; valid during this call only.
     * @return the index of the chosen candidate, or -1 for a new room made with the client's options.
     */
    int choose(long playerId, RoomOptions filter, Candidates candidates);

    /**
     * Rooms a matchmaker chooses among, by index from 0 until {@link #count()}.
     */
    interface Candidates
    {
        int count();

        long roomId(int index);

        int playerCount(int index);

        int maxPlayers(int index);

        /**
         * @return the room's metadata as pairs ({@link RoomOptions#parseLenient}).
         */
        RoomOptions metadata(int index);
    }
}
