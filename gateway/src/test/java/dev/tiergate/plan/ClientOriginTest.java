package dev.tiergate.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Cidr;
import dev.tiergate.http.Headers;
import dev.tiergate.policy.TrustedUpstreams;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Who made a request: the connection's client, or the one a trusted upstream forwarded. */
class ClientOriginTest {

    private static final String SECRET = "6d1f0c2b9a8e7d6c5b4a39281706f5e4";
    private static final TrustedUpstreams BY_RANGE = new TrustedUpstreams(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("::1/128")),
            Optional.empty());
    private static final TrustedUpstreams BY_SECRET = new TrustedUpstreams(List.of(), Optional.of("EDGE_SECRET"));
    private static final TrustedUpstreams BY_BOTH = new TrustedUpstreams(List.of(Cidr.parse("10.0.0.0/8")), Optional.of("EDGE_SECRET"));
    private static final String EDGE = "10.1.2.3";
    private static final String STRANGER = "203.0.113.9";

    private static ClientOrigin resolve(TrustedUpstreams trust, String peer, String... headers) {
        return ClientOrigin.resolve(trust, peer, "http", Headers.of(headers), Optional.of(SECRET));
    }

    @Test
    void aDirectClientIsTheConnection() {
        ClientOrigin client = ClientOrigin.direct(STRANGER, "https", Headers.of("Host", "shop.example", "X-Forwarded-Host", "evil.example"));

        assertThat(client.trusted()).isFalse();
        assertThat(client.host()).isEqualTo("shop.example");
        assertThat(client.clientIp()).isEqualTo(STRANGER);
        assertThat(client.scheme()).isEqualTo("https");
        assertThat(client.fields().first("X-Forwarded-Host")).as("passed on as the client sent it, never believed").hasValue("evil.example");
    }

    @Test
    void aPeerInATrustedRangeIsBelieved() {
        ClientOrigin client = resolve(BY_RANGE, EDGE, "Host", "gateway.internal", "X-Forwarded-Host", "shop.example",
                "X-Forwarded-For", "198.51.100.7", "X-Forwarded-Proto", "https");

        assertThat(client.trusted()).isTrue();
        assertThat(client.host()).isEqualTo("shop.example");
        assertThat(client.clientIp()).isEqualTo("198.51.100.7");
        assertThat(client.scheme()).isEqualTo("https");
        assertThat(client.fields().first("Host")).hasValue("shop.example");
        assertThat(client.fields().contains("X-Forwarded-Host")).isFalse();
        assertThat(client.fields().contains("X-Forwarded-For")).isFalse();
    }

    @Test
    void aPeerOutsideTheRangesIsNotBelievedWhateverItSends() {
        ClientOrigin client = resolve(BY_RANGE, STRANGER, "Host", "shop.example", "X-Forwarded-Host", "evil.example",
                "X-Forwarded-For", "10.0.0.1", "Forwarded", "host=evil.example;for=10.0.0.1", "X-Forwarded-Proto", "https");

        assertThat(client.trusted()).isFalse();
        assertThat(client.host()).isEqualTo("shop.example");
        assertThat(client.clientIp()).isEqualTo(STRANGER);
        assertThat(client.scheme()).isEqualTo("http");
    }

    @Test
    void theIpv4MappedFormOfATrustedPeerIsTrusted() {
        assertThat(resolve(BY_RANGE, "::ffff:10.9.9.9", "Host", "a").trusted()).isTrue();
        assertThat(resolve(BY_RANGE, "0:0:0:0:0:0:0:1", "Host", "a").trusted()).isTrue();
        assertThat(resolve(BY_RANGE, "unknown", "Host", "a").trusted()).isFalse();
    }

    @Test
    void theSecretAloneIsEnoughWhenNoRangeIsSet() {
        assertThat(resolve(BY_SECRET, STRANGER, "Host", "a", "Tiergate-Edge-Auth", SECRET).trusted()).isTrue();
        assertThat(resolve(BY_SECRET, STRANGER, "Host", "a", "Tiergate-Edge-Auth", SECRET + "x").trusted()).isFalse();
        assertThat(resolve(BY_SECRET, STRANGER, "Host", "a", "Tiergate-Edge-Auth", "").trusted()).isFalse();
        assertThat(resolve(BY_SECRET, EDGE, "Host", "a").trusted()).as("no secret sent").isFalse();
    }

    @Test
    void theSecretSentTwiceIsNotTrusted() {
        assertThat(resolve(BY_SECRET, STRANGER, "Host", "a", "Tiergate-Edge-Auth", "guess", "Tiergate-Edge-Auth", SECRET).trusted()).isFalse();
    }

    @Test
    void withBothSetARequestMustMeetBoth() {
        assertThat(resolve(BY_BOTH, EDGE, "Host", "a", "Tiergate-Edge-Auth", SECRET).trusted()).isTrue();
        assertThat(resolve(BY_BOTH, STRANGER, "Host", "a", "Tiergate-Edge-Auth", SECRET).trusted()).isFalse();
        assertThat(resolve(BY_BOTH, EDGE, "Host", "a", "Tiergate-Edge-Auth", "wrong-wrong-wrong-wrong").trusted()).isFalse();
    }

    @Test
    void withoutTheSecretsValueNoSecretMatches() {
        ClientOrigin client = ClientOrigin.resolve(BY_SECRET, EDGE, "http", Headers.of("Host", "a", "Tiergate-Edge-Auth", ""), Optional.empty());

        assertThat(client.trusted()).isFalse();
    }

    @Test
    void noUpstreamIsTrustedWithoutTheSetting() {
        assertThat(resolve(TrustedUpstreams.NONE, EDGE, "Host", "a", "X-Forwarded-Host", "b").host()).isEqualTo("a");
    }

    @Test
    void theSecretIsNeverAmongTheFieldsTheRequestIsPlannedWith() {
        assertThat(resolve(BY_SECRET, EDGE, "Host", "a", "Tiergate-Edge-Auth", SECRET).fields().contains("Tiergate-Edge-Auth")).isFalse();
        assertThat(resolve(BY_SECRET, EDGE, "Host", "a", "Tiergate-Edge-Auth", "guess").fields().contains("Tiergate-Edge-Auth")).isFalse();
        assertThat(ClientOrigin.direct(EDGE, "http", Headers.of("Host", "a", "Tiergate-Edge-Auth", "x")).fields().contains("Tiergate-Edge-Auth"))
                .isFalse();
    }

    @Test
    void theFirstForwardedHostIsTheClients() {
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Host", "shop.example, edge.internal").host()).isEqualTo("shop.example");
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Host", " , shop.example").host()).isEqualTo("shop.example");
    }

    @Test
    void forwardedIsReadWhenTheXForwardedFieldsAreMissing() {
        ClientOrigin client = resolve(BY_RANGE, EDGE, "Host", "gw", "Forwarded", "for=\"[2001:db8::17]:4711\";host=shop.example;proto=https");

        assertThat(client.host()).isEqualTo("shop.example");
        assertThat(client.clientIp()).isEqualTo("2001:db8::17");
        assertThat(client.scheme()).isEqualTo("https");
        assertThat(client.fields().contains("Forwarded")).isFalse();
    }

    @Test
    void xForwardedFieldsWinOverForwarded() {
        ClientOrigin client = resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Host", "a.example", "X-Forwarded-For", "198.51.100.1",
                "Forwarded", "for=198.51.100.2;host=b.example");

        assertThat(client.host()).isEqualTo("a.example");
        assertThat(client.clientIp()).isEqualTo("198.51.100.1");
    }

    @Test
    void theClientIsTheRightmostForwardedAddressOutsideTheTrustedRanges() {
        ClientOrigin client = resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "192.0.2.66, 198.51.100.7", "X-Forwarded-For",
                "10.0.0.5, ::1");

        assertThat(client.clientIp()).isEqualTo("198.51.100.7");
        assertThat(client.fields().all("X-Forwarded-For")).as("what came before the client is passed on").containsExactly("192.0.2.66");
    }

    @Test
    void whenEveryForwardedAddressIsTrustedThePeerIsTheClient() {
        ClientOrigin client = resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "10.0.0.1, 10.0.0.2");

        assertThat(client.clientIp()).isEqualTo(EDGE);
        assertThat(client.fields().first("X-Forwarded-For")).hasValue("10.0.0.1, 10.0.0.2");
    }

    @Test
    void withTheSecretAloneTheLastForwardedAddressIsTheClient() {
        ClientOrigin client = resolve(BY_SECRET, STRANGER, "Host", "gw", "Tiergate-Edge-Auth", SECRET, "X-Forwarded-For", "10.0.0.1, 198.51.100.7");

        assertThat(client.clientIp()).isEqualTo("198.51.100.7");
    }

    @Test
    void forwardedAddressesWithPortsAndBracketsAreRead() {
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "198.51.100.7:5123").clientIp()).isEqualTo("198.51.100.7");
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "[2001:db8::1]:443").clientIp()).isEqualTo("2001:db8::1");
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "2001:db8::2").clientIp()).isEqualTo("2001:db8::2");
    }

    @Test
    void aForwardedEntryThatIsNoAddressLeavesThePeerAsTheClient() {
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "unknown").clientIp()).isEqualTo(EDGE);
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-For", "198.51.100.7, not-an-ip").clientIp()).isEqualTo(EDGE);
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "Forwarded", "for=_hidden").clientIp()).isEqualTo(EDGE);
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "Forwarded", "for=unknown").clientIp()).isEqualTo(EDGE);
    }

    @Test
    void anUnknownProtoKeepsTheConnectionsScheme() {
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Proto", "HTTPS").scheme()).isEqualTo("https");
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Proto", "ftp").scheme()).isEqualTo("http");
    }

    @Test
    void aTrustedRequestWithoutForwardedHostKeepsItsOwn() {
        assertThat(resolve(BY_RANGE, EDGE, "Host", "shop.example").host()).isEqualTo("shop.example");
        assertThat(resolve(BY_RANGE, EDGE).host()).isEmpty();
    }

    @Test
    void aMalformedForwardedHostIsKeptForRoutingToRefuse() {
        // RequestPlan.route holds it to the rules of Host: 400, never a key.
        assertThat(resolve(BY_RANGE, EDGE, "Host", "gw", "X-Forwarded-Host", "evil.example/x?").host()).isEqualTo("evil.example/x?");
    }
}
