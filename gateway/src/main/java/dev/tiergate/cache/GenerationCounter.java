package dev.tiergate.cache;

/**
 * The current state of one purge scope. Every purge, hard or soft, increments {@code version};
 * a hard purge also raises {@code floor} to the new version. An entry stamped below the floor
 * was hard-purged (absent); one stamped at or above the floor but below the version was only
 * soft-purged (stale).
 *
 * @param version incremented by every purge of the scope
 * @param floor the version of the last hard purge
 */
public record GenerationCounter(long version, long floor) {

    /** A scope never purged. */
    public static final GenerationCounter ZERO = new GenerationCounter(0, 0);

    /** The state after one more purge. */
    public GenerationCounter next(boolean hard) {
        long bumped = version + 1;
        return new GenerationCounter(bumped, hard ? bumped : floor);
    }

    /**
     * The later of two observations of the same scope: counters only grow, so the larger value of each
     * field is the more recent, whatever order messages and reads arrived in.
     */
    public GenerationCounter merge(GenerationCounter other) {
        return new GenerationCounter(Math.max(version, other.version), Math.max(floor, other.floor));
    }

    /** What a purge of this scope means for an entry stamped with {@code stamped}. */
    public GenerationCheck.Verdict judge(long stamped) {
        if (stamped < floor) {
            return GenerationCheck.Verdict.PURGED;
        }
        return stamped < version ? GenerationCheck.Verdict.STALE : GenerationCheck.Verdict.CURRENT;
    }
}
