package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostPatternTest {

    @Test
    void exactNameMatchesOnlyThatName() {
        HostPattern pattern = new HostPattern("api.example.com");

        assertThat(pattern.matches("api.example.com")).isTrue();
        assertThat(pattern.matches("www.example.com")).isFalse();
        assertThat(pattern.matches("x.api.example.com")).isFalse();
        assertThat(pattern.matches("api.example.com.evil.net")).isFalse();
    }

    @Test
    void wildcardMatchesSubdomainsButNotTheApex() {
        HostPattern pattern = new HostPattern("*.example.com");

        assertThat(pattern.matches("api.example.com")).isTrue();
        assertThat(pattern.matches("a.b.example.com")).isTrue();
        assertThat(pattern.matches("example.com")).isFalse();
        assertThat(pattern.matches(".example.com")).isFalse();
        assertThat(pattern.matches("badexample.com")).isFalse();
    }

    @Test
    void thePortOfTheHostFieldIsIgnored() {
        assertThat(new HostPattern("api.example.com").matches("api.example.com:8443")).isTrue();
        assertThat(new HostPattern("*.example.com").matches("api.example.com:80")).isTrue();
        assertThat(new HostPattern("example.com").matches("example.com:")).isTrue();
    }

    @Test
    void ipv6LiteralsKeepTheirColons() {
        assertThat(HostPattern.stripPort("[::1]:8080")).isEqualTo("[::1]");
        assertThat(HostPattern.stripPort("[::1]")).isEqualTo("[::1]");
    }

    @Test
    void matchingIgnoresCaseOfBothPatternAndHost() {
        HostPattern pattern = new HostPattern("API.Example.COM");

        assertThat(pattern.pattern()).isEqualTo("api.example.com");
        assertThat(pattern.matches("Api.EXAMPLE.com")).isTrue();
        assertThat(new HostPattern("*.Example.com").matches("WWW.EXAMPLE.COM:443")).isTrue();
    }

    @Test
    void starMatchesAnyHost() {
        assertThat(HostPattern.ANY.matches("anything.at.all:1234")).isTrue();
        assertThat(new HostPattern("*")).isEqualTo(HostPattern.ANY);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*example.com", "api.*.com", "*.*.com", "api.example.com:8080", "-api.example.com", "api_example.com",
        "http://api.example.com", "api..example.com", "*."})
    void malformedPatternsAreRefused(String pattern) {
        assertThatIllegalArgumentException().isThrownBy(() -> new HostPattern(pattern)).withMessageContaining("is not a host name");
    }
}
