package dev.tiergate.originsim;

/** Names of the headers origin-sim adds so callers can see what the origin actually received. */
public final class SimHeaders {

    /** How many requests the exact path+query has received, including the current one. */
    public static final String REQUEST_COUNT = "X-Sim-Request-Count";

    /** A process-wide sequence number, unique per request and never reset. */
    public static final String REQUEST_ID = "X-Sim-Request-Id";

    /** Targeted Cache-Control field aimed at CDNs (RFC 9213). */
    public static final String CDN_CACHE_CONTROL = "CDN-Cache-Control";

    /** Targeted Cache-Control field aimed at the Tiergate gateway specifically. */
    public static final String TIERGATE_CACHE_CONTROL = "Tiergate-Cache-Control";

    /** Tag list used for grouped purges. */
    public static final String SURROGATE_KEY = "Surrogate-Key";

    /** Which version {@code change_every} content is at: whole periods of the origin's clock since the epoch. */
    public static final String VERSION = "X-Sim-Version";

    private SimHeaders() {}
}
