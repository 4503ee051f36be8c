package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.CacheRule;
import dev.tiergate.http.Headers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeyDerivationTest {

    private static final String HOST = "shop.example.com";

    private static final SegmentDefinition TIER_HEADER = new SegmentDefinition("tier", SegmentDefinition.Source.HEADER, "X-Tier",
            List.of("gold", "silver"), "anon");
    private static final SegmentDefinition REGION_COOKIE = new SegmentDefinition("region", SegmentDefinition.Source.COOKIE, "region",
            List.of("eu", "us"), "other");
    private static final SegmentDefinition VIEW_QUERY = new SegmentDefinition("view", SegmentDefinition.Source.QUERY, "view",
            List.of("compact", "full"), "default");
    private static final SegmentDefinition PLAN_JWT = new SegmentDefinition("plan", SegmentDefinition.Source.JWT, "plan",
            List.of("pro", "free", "42"), "anonymous");
    private static final Map<String, SegmentDefinition> SEGMENTS = Map.of("tier", TIER_HEADER, "region", REGION_COOKIE,
            "view", VIEW_QUERY, "plan", PLAN_JWT);

    private static Route route(KeySpec key) {
        return new Route("r", HostPattern.ANY, Set.of(), PathPattern.compile("/**"), Policy.DEFAULT_ORIGIN, CacheRule.RESPECT_ORIGIN,
                key, List.of(), Route.ALL_TIERS, Route.InvalidToken.ANONYMOUS, Optional.empty());
    }

    private static KeySpec query(QueryRule.Mode mode, String... names) {
        return new KeySpec(new QueryRule(mode, List.of(names)), List.of(), List.of(), Optional.empty());
    }

    private static KeySpec segment(String name) {
        return new KeySpec(QueryRule.ALL, List.of(), List.of(), Optional.of(name));
    }

    private static CacheKey key(KeySpec spec, String target, String... headers) {
        return key(spec, HOST, target, TokenResult.NONE, headers);
    }

    private static CacheKey key(KeySpec spec, String host, String target, TokenResult token, String... headers) {
        KeyDerivation.Result result = KeyDerivation.derive(route(spec), SEGMENTS, host, target, Headers.of(headers), token);
        assertThat(result.problem()).isEmpty();
        return result.key().orElseThrow();
    }

    private static KeyDerivation.Result derive(KeySpec spec, String target, String... headers) {
        return KeyDerivation.derive(route(spec), SEGMENTS, HOST, target, Headers.of(headers), TokenResult.NONE);
    }

    // --- the URL family -------------------------------------------------------------------------

    @Test
    void defaultKeyIsHostPathAndEveryQueryParameter() {
        CacheKey key = key(KeySpec.DEFAULT, "/products?page=2&utm_source=mail");

        assertThat(key.canonical()).isEqualTo("shop.example.com/products?page=2&utm_source=mail");
        assertThat(key.variant()).isEmpty();
        assertThat(key.segment()).isEmpty();
    }

    @Test
    void parametersLeftOutByIncludeDoNotFragmentTheCache() {
        KeySpec spec = query(QueryRule.Mode.INCLUDE, "page");

        CacheKey fromMail = key(spec, "/products?page=2&utm_source=mail");
        CacheKey fromAds = key(spec, "/products?utm_source=ads&page=2&gclid=xyz");

        assertThat(fromMail.canonical()).isEqualTo("shop.example.com/products?page=2");
        assertThat(fromAds.hash()).isEqualTo(fromMail.hash());
        assertThat(key(spec, "/products?page=3").hash()).isNotEqualTo(fromMail.hash());
    }

    @Test
    void parametersLeftOutByExcludeDoNotFragmentTheCache() {
        KeySpec spec = query(QueryRule.Mode.EXCLUDE, "utm_*", "fbclid");

        CacheKey a = key(spec, "/products?page=2&utm_source=mail&utm_medium=x");
        CacheKey b = key(spec, "/products?fbclid=1&page=2");

        assertThat(a.canonical()).isEqualTo("shop.example.com/products?page=2");
        assertThat(b.hash()).isEqualTo(a.hash());
    }

    @Test
    void queryNoneKeysOnlyHostAndPath() {
        CacheKey key = key(query(QueryRule.Mode.NONE), "/products?page=2");

        assertThat(key.canonical()).isEqualTo("shop.example.com/products");
        assertThat(key.forwardTarget()).isEqualTo("/products");
    }

    @Test
    void keyedParameterNamesAreMatchedAfterDecoding() {
        CacheKey key = key(query(QueryRule.Mode.INCLUDE, "page"), "/p?pa%67e=2&x=1");

        assertThat(key.canonical()).isEqualTo("shop.example.com/p?page=2");
    }

    @Test
    void parameterOrderDoesNotMatter() {
        CacheKey ab = key(KeySpec.DEFAULT, "/search?a=1&b=2&c");
        CacheKey ba = key(KeySpec.DEFAULT, "/search?c&b=2&a=1");

        assertThat(ba.canonical()).isEqualTo("shop.example.com/search?a=1&b=2&c");
        assertThat(ba.hash()).isEqualTo(ab.hash());
    }

    @Test
    void repeatedParametersKeepTheirRelativeOrderBecauseItCanMatterToTheOrigin() {
        CacheKey first = key(KeySpec.DEFAULT, "/search?tag=b&x=0&tag=a");
        CacheKey second = key(KeySpec.DEFAULT, "/search?tag=a&x=0&tag=b");

        assertThat(first.canonical()).isEqualTo("shop.example.com/search?tag=b&tag=a&x=0");
        assertThat(second.hash()).isNotEqualTo(first.hash());
    }

    @Test
    void equivalentPercentEncodingsShareAKey() {
        CacheKey plain = key(KeySpec.DEFAULT, "/~user/caf%C3%A9?q=%2F");
        CacheKey encoded = key(KeySpec.DEFAULT, "/%7euser/./caf%c3%a9?q=%2f");

        assertThat(encoded.canonical()).isEqualTo("shop.example.com/~user/caf%C3%A9?q=%2F");
        assertThat(encoded.hash()).isEqualTo(plain.hash());
    }

    @Test
    void dotSegmentsAreResolvedBeforeKeying() {
        assertThat(key(KeySpec.DEFAULT, "/a/b/../c/./d").canonical()).isEqualTo("shop.example.com/a/c/d");
    }

    @Test
    void hostCaseAndTheDefaultPortDoNotMatter() {
        CacheKey lower = key(KeySpec.DEFAULT, "shop.example.com", "/", TokenResult.NONE);
        CacheKey upperWithPort = key(KeySpec.DEFAULT, "SHOP.Example.COM:80", "/", TokenResult.NONE);

        assertThat(upperWithPort.canonical()).isEqualTo("shop.example.com/");
        assertThat(upperWithPort.hash()).isEqualTo(lower.hash());
    }

    @Test
    void anotherPortIsAnotherSite() {
        CacheKey other = key(KeySpec.DEFAULT, "shop.example.com:8080", "/", TokenResult.NONE);

        assertThat(other.canonical()).isEqualTo("shop.example.com:8080/");
        assertThat(other.hash()).isNotEqualTo(key(KeySpec.DEFAULT, "/").hash());
    }

    @Test
    void hashIsTheLowerCaseHexSha256OfTheCanonicalForm() throws Exception {
        CacheKey key = key(KeySpec.DEFAULT, "/products/42?b=2&a=1");

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest("shop.example.com/products/42?a=1&b=2".getBytes(StandardCharsets.UTF_8)));
        assertThat(key.hash()).isEqualTo(expected).matches("[0-9a-f]{64}");
    }

    @Test
    void hashOfAKnownValue() {
        assertThat(KeyDerivation.sha256("abc")).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    // --- forwarding -----------------------------------------------------------------------------

    @Test
    void forwardTargetDropsUnkeyedParametersAndKeepsTheClientsOrder() {
        CacheKey key = key(query(QueryRule.Mode.EXCLUDE, "utm_*"), "/a/./products?z=1&utm_source=x&a=2");

        assertThat(key.forwardTarget()).isEqualTo("/a/products?z=1&a=2");
        assertThat(key.canonical()).isEqualTo("shop.example.com/a/products?a=2&z=1");
    }

    @Test
    void forwardTargetWithoutKeyedParametersHasNoQuestionMark() {
        assertThat(key(query(QueryRule.Mode.INCLUDE, "page"), "/p?utm=1").forwardTarget()).isEqualTo("/p");
        assertThat(key(KeySpec.DEFAULT, "/p?").forwardTarget()).isEqualTo("/p");
    }

    // --- variants -------------------------------------------------------------------------------

    @Test
    void keyedHeadersAreVariantLinesNotPartOfTheUrlFamily() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of("accept-language", "x-device"), List.of(), Optional.empty());

        CacheKey english = key(spec, "/p", "Accept-Language", "  en-GB,   en ", "X-Device", "mobile");
        CacheKey german = key(spec, "/p", "Accept-Language", "de", "X-Device", "mobile");

        assertThat(english.variant()).isEqualTo("h:accept-language=en-GB, en\nh:x-device=mobile\n");
        assertThat(german.variant()).isEqualTo("h:accept-language=de\nh:x-device=mobile\n");
        assertThat(german.hash()).isEqualTo(english.hash());
    }

    @Test
    void repeatedKeyedHeaderLinesAreCombined() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of("x-flags"), List.of(), Optional.empty());

        assertThat(key(spec, "/p", "X-Flags", "a", "X-Flags", "b").variant()).isEqualTo("h:x-flags=a, b\n");
    }

    @Test
    void aMissingKeyedHeaderIsAnEmptyValue() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of("x-device"), List.of(), Optional.empty());

        assertThat(key(spec, "/p").variant()).isEqualTo("h:x-device=\n");
    }

    @Test
    void keyedCookiesAreVariantLinesAndOtherCookiesAreIgnored() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of(), List.of("currency", "lang"), Optional.empty());

        CacheKey key = key(spec, "/p", "Cookie", "session=secret; currency=EUR", "Cookie", "tracking=1");

        assertThat(key.variant()).isEqualTo("c:currency=EUR\nc:lang=\n");
        assertThat(key.variant()).doesNotContain("secret");
    }

    @Test
    void variantLinesComeInOrderHeadersCookiesSegment() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of("x-device"), List.of("lang"), Optional.of("tier"));

        CacheKey key = key(spec, "/p", "Cookie", "lang=fr", "X-Device", "tv", "X-Tier", "gold");

        assertThat(key.variant()).isEqualTo("h:x-device=tv\nc:lang=fr\ns:tier=gold\n");
    }

    @Test
    void keyedHeaderWithControlCharacterIsRefused() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of("x-device"), List.of(), Optional.empty());

        KeyDerivation.Result result = derive(spec, "/p", "X-Device", "mobile\u0000");

        assertThat(result.key()).isEmpty();
        assertThat(result.problem()).isEqualTo("invalid-key-header");
    }

    @Test
    void keyedHeaderWithLineBreakIsRefusedRatherThanFoldedIntoASpace() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of("x-device"), List.of(), Optional.empty());

        assertThat(derive(spec, "/p", "X-Device", "a\nb").problem()).isEqualTo("invalid-key-header");
        assertThat(derive(spec, "/p", "X-Device", "a\rb").problem()).isEqualTo("invalid-key-header");
        assertThat(derive(spec, "/p", "X-Device", "a\u000Bb").problem()).isEqualTo("invalid-key-header");
    }

    @Test
    void tabsInAKeyedHeaderAreWhitespaceNotControlCharacters() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of("x-device"), List.of(), Optional.empty());

        assertThat(key(spec, "/p", "X-Device", "a\t\tb").variant()).isEqualTo("h:x-device=a b\n");
    }

    @Test
    void overlongKeyedHeaderIsRefused() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of("x-device"), List.of(), Optional.empty());

        assertThat(derive(spec, "/p", "X-Device", "x".repeat(KeyDerivation.MAX_VALUE_LENGTH)).key()).isPresent();
        assertThat(derive(spec, "/p", "X-Device", "x".repeat(KeyDerivation.MAX_VALUE_LENGTH + 1)).problem())
                .isEqualTo("invalid-key-header");
    }

    @Test
    void keyedCookieWithControlCharacterOrOverlongValueIsRefused() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of(), List.of("lang"), Optional.empty());

        assertThat(derive(spec, "/p", "Cookie", "lang=en\u0001").problem()).isEqualTo("invalid-key-cookie");
        assertThat(derive(spec, "/p", "Cookie", "lang=" + "x".repeat(257)).problem()).isEqualTo("invalid-key-cookie");
        assertThat(derive(spec, "/p", "Cookie", "lang=en\u007f").key()).isEmpty();
    }

    @Test
    void unkeyedCookiesAndHeadersMayHoldAnything() {
        KeySpec spec = new KeySpec(QueryRule.ALL, List.of(), List.of("lang"), Optional.empty());

        assertThat(derive(spec, "/p", "Cookie", "lang=en; other=" + "x".repeat(1000), "X-Junk", "\u0001").key()).isPresent();
    }

    @Test
    void overlongUrlIsRefused() {
        assertThat(derive(KeySpec.DEFAULT, "/" + "a".repeat(KeyDerivation.MAX_CANONICAL_LENGTH)).problem()).isEqualTo("key-too-long");
        assertThat(derive(KeySpec.DEFAULT, "/" + "a".repeat(KeyDerivation.MAX_CANONICAL_LENGTH - HOST.length() - 1)).key()).isPresent();
    }

    // --- segments -------------------------------------------------------------------------------

    @Test
    void headerSegmentInTheAllowListIsItsOwnVariant() {
        CacheKey key = key(segment("tier"), "/p", "X-Tier", " gold ");

        assertThat(key.segment()).isEqualTo("gold");
        assertThat(key.variant()).isEqualTo("s:tier=gold\n");
    }

    @Test
    void headerSegmentOutsideTheAllowListOrMissingIsTheDefault() {
        assertThat(key(segment("tier"), "/p", "X-Tier", "platinum").segment()).isEqualTo("anon");
        assertThat(key(segment("tier"), "/p", "X-Tier", "GOLD").segment()).isEqualTo("anon");
        assertThat(key(segment("tier"), "/p").segment()).isEqualTo("anon");
        assertThat(key(segment("tier"), "/p", "X-Tier", "anon\nx").variant()).isEqualTo("s:tier=anon\n");
    }

    @Test
    void cookieSegmentReadsTheNamedCookie() {
        assertThat(key(segment("region"), "/p", "Cookie", "a=1; region=eu").segment()).isEqualTo("eu");
        assertThat(key(segment("region"), "/p", "Cookie", "region=asia").segment()).isEqualTo("other");
        assertThat(key(segment("region"), "/p").segment()).isEqualTo("other");
    }

    @Test
    void querySegmentReadsTheDecodedFirstParameterEvenWhenQueryIsNotKeyed() {
        KeySpec spec = new KeySpec(new QueryRule(QueryRule.Mode.NONE, List.of()), List.of(), List.of(), Optional.of("view"));

        CacheKey key = key(spec, "/p?vi%65w=%66ull&view=compact");

        assertThat(key.segment()).isEqualTo("full");
        assertThat(key.canonical()).isEqualTo("shop.example.com/p");
        assertThat(key(spec, "/p?view=huge").segment()).isEqualTo("default");
        assertThat(key(spec, "/p").segment()).isEqualTo("default");
    }

    @Test
    void jwtSegmentReadsAVerifiedClaim() {
        CacheKey key = key(segment("plan"), HOST, "/p", TokenResult.valid(Map.of("plan", "pro", "sub", "u1")));

        assertThat(key.segment()).isEqualTo("pro");
        assertThat(key.variant()).isEqualTo("s:plan=pro\n");
    }

    @Test
    void jwtSegmentAcceptsNumericClaims() {
        assertThat(key(segment("plan"), HOST, "/p", TokenResult.valid(Map.of("plan", 42))).segment()).isEqualTo("42");
    }

    @Test
    void jwtSegmentWithUnlistedOrMissingOrNonStringClaimIsTheDefault() {
        assertThat(key(segment("plan"), HOST, "/p", TokenResult.valid(Map.of("plan", "enterprise"))).segment()).isEqualTo("anonymous");
        assertThat(key(segment("plan"), HOST, "/p", TokenResult.valid(Map.of("sub", "u1"))).segment()).isEqualTo("anonymous");
        assertThat(key(segment("plan"), HOST, "/p", TokenResult.valid(Map.of("plan", List.of("pro")))).segment()).isEqualTo("anonymous");
        assertThat(key(segment("plan"), HOST, "/p", TokenResult.NONE).segment()).isEqualTo("anonymous");
    }

    @Test
    void expiredOrForgedTokenGetsTheDefaultSegment() {
        assertThat(key(segment("plan"), HOST, "/p", TokenResult.invalid("expired")).segment()).isEqualTo("anonymous");
        assertThat(key(segment("plan"), HOST, "/p", TokenResult.invalid("bad-signature")).segment()).isEqualTo("anonymous");
        TokenResult invalidWithClaims = new TokenResult(TokenResult.State.INVALID, Map.of("plan", "pro"), "expired");
        assertThat(key(segment("plan"), HOST, "/p", invalidWithClaims).segment()).isEqualTo("anonymous");
    }

    @Test
    void jwtSegmentIgnoresHeadersCookiesAndQueryClaimingTheSameName() {
        CacheKey key = key(segment("plan"), HOST, "/p?plan=pro", TokenResult.NONE, "Plan", "pro", "Cookie", "plan=pro");

        assertThat(key.segment()).isEqualTo("anonymous");
    }

    @Test
    void segmentsDoNotChangeTheUrlFamily() {
        CacheKey gold = key(segment("tier"), "/p", "X-Tier", "gold");
        CacheKey anonymous = key(segment("tier"), "/p");

        assertThat(gold.hash()).isEqualTo(anonymous.hash());
        assertThat(gold.variant()).isNotEqualTo(anonymous.variant());
    }
}
