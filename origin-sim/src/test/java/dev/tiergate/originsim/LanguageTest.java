package dev.tiergate.originsim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LanguageTest {

    @Test
    void picksTheHighestWeightedSupportedLanguage() {
        assertThat(Language.negotiate("it, de;q=0.4, fr;q=0.8")).isEqualTo(Language.FR);
        assertThat(Language.negotiate("de-AT")).isEqualTo(Language.DE);
    }

    @Test
    void fallsBackToEnglish() {
        assertThat(Language.negotiate(null)).isEqualTo(Language.EN);
        assertThat(Language.negotiate("ja, zh;q=0.9")).isEqualTo(Language.EN);
        assertThat(Language.negotiate("fr;q=0")).isEqualTo(Language.EN);
    }
}
