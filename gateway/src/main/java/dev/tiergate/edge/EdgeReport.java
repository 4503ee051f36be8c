package dev.tiergate.edge;

import java.util.Locale;

/**
 * What became of a purge at the edge, as far as the admin response can tell.
 *
 * @param state how far it got
 * @param note what went wrong or what could not be forwarded; empty when nothing to say
 */
public record EdgeReport(State state, String note) {

    /** How far a purge got at the edge. */
    public enum State {
        /** The edge accepted every call. */
        FORWARDED,
        /** Not finished when the admin response had waited its longest: calls or retries are still under way. */
        PENDING,
        /** A call was refused, or every try of it failed. */
        FAILED,
        /** The purge has no equivalent at the edge (a route without literal tags): nothing was sent. */
        NOT_FORWARDED;

        /** The word the admin API and {@code /stats} use: {@code forwarded}, {@code pending}, {@code failed}, {@code not-forwarded}. */
        public String spelling() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public static EdgeReport notForwarded(String reason) {
        return new EdgeReport(State.NOT_FORWARDED, reason);
    }

    /** A copy with {@code more} added to the note. */
    public EdgeReport withNote(String more) {
        return more.isEmpty() ? this : new EdgeReport(state, note.isEmpty() ? more : note + "; " + more);
    }
}
