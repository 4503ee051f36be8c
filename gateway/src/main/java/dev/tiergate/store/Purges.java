package dev.tiergate.store;

import dev.tiergate.cache.GenerationCheck;
import dev.tiergate.cache.GenerationCounter;
import dev.tiergate.cache.Generations;
import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import io.vertx.core.Future;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Purges and invalidations, and the generation checks that make them take effect.
 *
 * <p>A purge of a scope (everything, a route, a URL family, a tag) bumps that scope's generation:
 * in Redis when there is an L2, so every instance and every L2 entry sees it, and on the purge bus so
 * instances update their cached generations at once. Entries are not searched for: an entry whose
 * stamp is older than the current generation of any of its scopes is dropped (hard purge) or
 * treated as expired (soft purge) when it is next read. When Redis cannot be reached, the purge is
 * applied to this instance only, and says so.
 */
public final class Purges {

    private static final Logger LOG = Logger.getLogger(Purges.class.getName());
    static final String BUS_CHANNEL = "bus";

    /** Runs an L2 command under the store's circuit breaker and timeouts. */
    @FunctionalInterface
    interface Guarded {
        <T> Future<T> call(String operation, Supplier<Future<T>> command);
    }

    /**
     * What a purge did.
     *
     * @param shared true when it was recorded in Redis and broadcast, so every instance applies it;
     *     false when it reached this instance only
     * @param scopes the scopes whose generations moved
     * @param note why it did not reach every instance, or what its limits are; empty when nothing to say
     */
    public record Outcome(boolean shared, List<String> scopes, String note) {
        /** One outcome for several purges: shared when all were, every scope, each distinct note once, then {@code note}. */
        public static Outcome combine(List<Outcome> outcomes, String note) {
            boolean shared = outcomes.stream().allMatch(Outcome::shared);
            List<String> scopes = new ArrayList<>();
            Set<String> notes = new LinkedHashSet<>();
            for (Outcome outcome : outcomes) {
                scopes.addAll(outcome.scopes());
                if (!outcome.note().isEmpty()) {
                    notes.add(outcome.note());
                }
            }
            if (!note.isEmpty()) {
                notes.add(note);
            }
            return new Outcome(shared, scopes, String.join("; ", notes));
        }
    }

    private final String instanceId = UUID.randomUUID().toString().substring(0, 8);
    private final MemoryTier l1;
    private final GenerationTable table;
    private final Optional<RedisTier> redis;
    private final Optional<RedisGenerations> shared;
    private final Guarded guarded;
    private final InstantSource clock;
    /**
     * Stamps and times bus messages: real time, since the gateway's clock may be a test's, and a lag is measured between
     * two processes' clocks.
     */
    private final InstantSource wallClock = InstantSource.system();
    private final Optional<BusLag> busLag;
    private Optional<PurgeBus> bus = Optional.empty();

    Purges(MemoryTier l1, Optional<RedisTier> redis, Guarded guarded, InstantSource clock, io.micrometer.core.instrument.MeterRegistry registry) {
        this.l1 = l1;
        this.redis = redis;
        this.shared = redis.map(RedisTier::generations);
        this.table = redis.isPresent() ? GenerationTable.cacheOfShared() : GenerationTable.authoritative();
        this.guarded = guarded;
        this.clock = clock;
        this.busLag = redis.map(ignored -> new BusLag(registry));
    }

    /** Subscribes to the purge bus (with L2 only); reconnects on its own until {@link #close()}. */
    void startBus(io.vertx.core.Vertx vertx) {
        if (redis.isEmpty() || bus.isPresent()) {
            return;
        }
        RedisTier tier = redis.get();
        io.vertx.redis.client.RedisOptions options = tier.clientOptions();
        if (tier.type() == RedisTierOptions.Type.CLUSTER) {
            // PUBLISH reaches every node of a cluster, so one subscription on any node hears every message.
            options.setType(io.vertx.redis.client.RedisClientType.STANDALONE).setEndpoints(List.of(options.getEndpoint()));
        }
        PurgeBus subscriber = new PurgeBus(vertx, options, tier.keyPrefix() + BUS_CHANNEL, this::onBusMessage, this::resync);
        bus = Optional.of(subscriber);
        subscriber.start();
    }

    void close() {
        bus.ifPresent(PurgeBus::close);
    }

    /** The generation table, for statistics. */
    GenerationTable table() {
        return table;
    }

    Optional<PurgeBus> bus() {
        return bus;
    }

    // ---- reads -------------------------------------------------------------------------------

    /**
     * The variants of an L1 entry usable now, judged on the generations known locally (an unknown scope
     * makes a variant unusable; one assumed during a Redis outage is trusted, as L1 entries were stamped with it).
     */
    Optional<VariantSet> filterNow(String family, VariantSet variants, Instant now) {
        return GenerationCheck.apply(variants, family, table::known, now);
    }

    /**
     * The variants of an L2 entry usable now, first reading from Redis the generations not confirmed
     * locally. An L2 entry may have been stamped by any instance, so only confirmed generations judge it.
     */
    Future<Optional<VariantSet>> filter(String family, VariantSet variants, Instant now) {
        List<String> missing = new ArrayList<>();
        for (StoredResponse variant : variants.variants()) {
            for (String scope : variant.generations().byScope(family).keySet()) {
                if (table.needsRead(scope) && !missing.contains(scope)) {
                    missing.add(scope);
                }
            }
        }
        if (missing.isEmpty() || shared.isEmpty()) {
            return Future.succeededFuture(GenerationCheck.apply(variants, family, table::confirmed, now));
        }
        return guarded.call("generations", () -> shared.get().load(missing))
                .map(loaded -> {
                    loaded.forEach(table::merge);
                    return GenerationCheck.apply(variants, family, table::confirmed, now);
                })
                .otherwise(error -> GenerationCheck.apply(variants, family, table::confirmed, now));
    }

    // ---- stamping ----------------------------------------------------------------------------

    /** The versions known now of the scopes an entry of this route, family and tags will have (taken when a fetch starts). */
    public Map<String, Long> snapshot(String route, String family, Collection<String> tags) {
        Map<String, Long> versions = new LinkedHashMap<>();
        for (String scope : scopes(route, family, tags)) {
            table.known(scope).ifPresent(counter -> versions.put(scope, counter.version()));
        }
        return versions;
    }

    /**
     * The stamp for an entry about to be stored: each scope's version from {@code snapshot} (taken when
     * its fetch started, so a purge during the fetch still reaches it), else the current one, read from
     * Redis when not confirmed locally. When Redis cannot be read, scopes not known at all are assumed
     * never purged (provisionally, see {@link GenerationTable}): L1 keeps caching through an outage.
     */
    public Future<Generations> stamp(String route, String family, Collection<String> tags, Map<String, Long> snapshot) {
        Map<String, Long> versions = new LinkedHashMap<>(snapshot);
        List<String> missing = new ArrayList<>();
        for (String scope : scopes(route, family, tags)) {
            if (!versions.containsKey(scope)) {
                Optional<GenerationCounter> known = table.confirmed(scope);
                if (known.isPresent()) {
                    versions.put(scope, known.get().version());
                } else {
                    missing.add(scope);
                }
            }
        }
        if (missing.isEmpty() || shared.isEmpty()) {
            return Future.succeededFuture(Generations.of(route, family, tags, versions));
        }
        return guarded.call("generations", () -> shared.get().load(missing)).map(loaded -> {
            loaded.forEach((scope, counter) -> versions.put(scope, table.merge(scope, counter).version()));
            return Generations.of(route, family, tags, versions);
        }).otherwise(error -> {
            missing.forEach(scope -> versions.put(scope, table.assume(scope).version()));
            return Generations.of(route, family, tags, versions);
        });
    }

    private static List<String> scopes(String route, String family, Collection<String> tags) {
        List<String> scopes = new ArrayList<>();
        scopes.add(Generations.ALL);
        if (!route.isEmpty()) {
            scopes.add(Generations.routeScope(route));
        }
        scopes.add(Generations.familyScope(family));
        tags.forEach(tag -> scopes.add(Generations.tagScope(tag)));
        return scopes;
    }

    // ---- purging -----------------------------------------------------------------------------

    /** Purges one scope ({@link Generations#ALL}, a route, a family or a tag scope). */
    public Future<Outcome> purgeScope(String scope, boolean hard) {
        if (shared.isEmpty()) {
            table.bumpLocally(scope, hard);
            dropFamilyCopy(scope, hard);
            return Future.succeededFuture(new Outcome(false, List.of(scope), "no regional tier: this instance only"));
        }
        return guarded.call("purge", () -> shared.get().bump(scope, hard)).compose(counter -> {
            table.merge(scope, counter);
            dropFamilyCopy(scope, hard);
            if (hard && scope.startsWith("u:")) {
                guarded.call("remove", () -> redis.get().remove(scope.substring(2)));
            }
            return publish(BusMessage.generation(instanceId, scope, counter))
                    .map(ignored -> new Outcome(true, List.of(scope), ""))
                    .otherwise(error -> new Outcome(false, List.of(scope),
                            "recorded in Redis but not broadcast (" + error.getMessage() + "): other instances see it when they next read it from Redis"));
        }).recover(error -> Future.succeededFuture(purgeLocally(scope, hard, error)));
    }

    /** Purges every listed URL family. */
    public Future<Outcome> purgeFamilies(Collection<String> families, boolean hard) {
        List<Future<Outcome>> purges = new ArrayList<>();
        for (String family : new LinkedHashSet<>(families)) {
            purges.add(purgeScope(Generations.familyScope(family), hard));
        }
        return Future.all(purges).map(all -> Outcome.combine(all.list(), ""));
    }

    /**
     * Purges the families whose canonical URL (host, path, keyed query) starts with {@code canonicalPrefix}
     * among those held in this instance's L1, and asks every other instance to do the same with theirs.
     * A family that is in L2 but in no instance's L1 is not reached.
     */
    public Future<Outcome> purgePrefix(String canonicalPrefix, boolean hard) {
        Set<String> families = l1.keysWithCanonicalPrefix(canonicalPrefix);
        Future<Outcome> local = purgeFamilies(families, hard);
        if (shared.isEmpty()) {
            return local;
        }
        String limit = "a prefix purge reaches the families held in some instance's L1, not those only in L2";
        return local.compose(outcome -> publish(BusMessage.prefix(instanceId, canonicalPrefix, hard))
                .map(ignored -> Outcome.combine(List.of(outcome), limit))
                .otherwise(error -> Outcome.combine(List.of(outcome, new Outcome(false, List.of(),
                        "not broadcast (" + error.getMessage() + "): other instances keep their copies")), limit)));
    }

    /**
     * An RFC 9111 §4.4 invalidation: the family is removed from this L1 and every other instance's
     * (by a bus message), and from L2 by the caller.
     */
    void invalidate(String family) {
        l1.remove(family);
        if (shared.isPresent()) {
            publish(BusMessage.drop(instanceId, family));
        }
    }

    /** Redis could not record the purge: apply it to this instance's L1 and generations only. */
    private Outcome purgeLocally(String scope, boolean hard, Throwable cause) {
        table.bumpLocally(scope, hard);
        Instant now = clock.instant();
        // The bumped counter is only this instance's guess, so the entries it covers are also dropped
        // (or expired) outright rather than left to the comparison.
        l1.rewriteAll((family, variants) -> {
            List<StoredResponse> kept = new ArrayList<>();
            for (StoredResponse variant : variants.variants()) {
                if (!GenerationCheck.covers(variant, family, scope)) {
                    kept.add(variant);
                } else if (!hard) {
                    kept.add(variant.asExpired(now));
                }
            }
            return kept.isEmpty() ? Optional.empty() : Optional.of(new VariantSet(kept));
        });
        LOG.warning("purge of " + scope + " not recorded in Redis (" + cause.getMessage() + "): applied to this instance only");
        return new Outcome(false, List.of(scope), "Redis unreachable (" + cause.getMessage() + "): purged this instance only");
    }

    private void dropFamilyCopy(String scope, boolean hard) {
        if (hard && scope.startsWith("u:")) {
            l1.remove(scope.substring(2));
        }
    }

    private Future<Void> publish(BusMessage message) {
        return guarded.call("publish", () -> redis.get().publish(BUS_CHANNEL,
                message.sentAt(BusLag.micros(wallClock.instant())).encode()));
    }

    // ---- the bus -----------------------------------------------------------------------------

    /** A message from another instance. */
    void onBusMessage(String text) {
        Optional<BusMessage> parsed = BusMessage.parse(text);
        if (parsed.isEmpty()) {
            LOG.fine("ignoring unreadable purge bus message: " + text);
            return;
        }
        BusMessage message = parsed.get();
        if (message.sender().equals(instanceId)) {
            return;
        }
        busLag.ifPresent(lag -> lag.received(message, wallClock.instant()));
        switch (message.kind()) {
            case GENERATION -> {
                table.merge(message.subject(), message.counter());
                dropFamilyCopy(message.subject(), message.hard());
            }
            case DROP -> l1.remove(message.subject());
            case PREFIX -> purgeFamilies(l1.keysWithCanonicalPrefix(message.subject()), message.hard());
        }
    }

    /** The bus came back after a loss: anything local may have missed purges, so it all goes. */
    void resync() {
        l1.clear();
        table.clear();
    }
}
