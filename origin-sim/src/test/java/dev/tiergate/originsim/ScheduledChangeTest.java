package dev.tiergate.originsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code change_every=N}: content that changes every N seconds of the origin's clock, and only then. */
class ScheduledChangeTest {

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-01-01T00:00:00Z"));
    private Vertx vertx;
    private OriginSim sim;
    private final HttpClient http = OriginSimTestSupport.newClient();

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        InstantSource clock = now::get;
        sim = OriginSimTestSupport.await(OriginSim.start(vertx, "127.0.0.1", 0, clock));
    }

    @AfterEach
    void stop() throws Exception {
        OriginSimTestSupport.await(sim.close());
        OriginSimTestSupport.await(vertx.close());
    }

    private HttpResponse<String> get(String target, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + target));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void contentStaysTheSameWithinAPeriodAndChangesAtItsEnd() throws Exception {
        String target = "/sim/respond/news?change_every=30&etag=auto";
        HttpResponse<String> first = get(target);
        now.set(now.get().plusSeconds(29));
        HttpResponse<String> sameVersion = get(target);
        now.set(now.get().plusSeconds(1));
        HttpResponse<String> nextVersion = get(target);

        assertThat(sameVersion.body()).isEqualTo(first.body());
        assertThat(sameVersion.headers().firstValue("ETag")).isEqualTo(first.headers().firstValue("ETag"));
        assertThat(nextVersion.body()).isNotEqualTo(first.body());
        assertThat(nextVersion.headers().firstValue("ETag")).isNotEqualTo(first.headers().firstValue("ETag"));
        long version = Long.parseLong(first.headers().firstValue(SimHeaders.VERSION).orElseThrow());
        assertThat(nextVersion.headers().firstValue(SimHeaders.VERSION)).contains(Long.toString(version + 1));
    }

    @Test
    void aConditionalRequestIsNotModifiedUntilTheNextChange() throws Exception {
        String target = "/sim/respond/conditional?change_every=60&etag=auto";
        String etag = get(target).headers().firstValue("ETag").orElseThrow();
        now.set(now.get().plusSeconds(59));
        assertThat(get(target, "If-None-Match", etag).statusCode()).isEqualTo(304);
        now.set(now.get().plusSeconds(1));
        assertThat(get(target, "If-None-Match", etag).statusCode()).isEqualTo(200);
    }

    @Test
    void changeEveryMakesTheBodyAndRefusesNonsense() throws Exception {
        assertThat(get("/sim/respond/x?change_every=10&body=hello").statusCode()).isEqualTo(400);
        assertThat(get("/sim/respond/x?change_every=0").statusCode()).isEqualTo(400);
        assertThat(get("/sim/respond/x?change_every=soon").statusCode()).isEqualTo(400);
    }

    @Test
    void versionsCountWholePeriodsSinceTheEpoch() {
        assertThat(new ResponseRecipe.Versioned(10).version(Clock.fixed(Instant.ofEpochSecond(25), ZoneOffset.UTC).instant())).isEqualTo(2);
    }
}
