package dev.tiergate.originsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LaunchOptionsTest {

    @Test
    void defaultsToLoopbackPort8081() {
        assertThat(LaunchOptions.parse()).isEqualTo(new LaunchOptions("127.0.0.1", 8081, false));
    }

    @Test
    void acceptsSeparateAndInlineValues() {
        assertThat(LaunchOptions.parse("--port", "9000", "--host=0.0.0.0"))
                .isEqualTo(new LaunchOptions("0.0.0.0", 9000, false));
    }

    @Test
    void recognisesHelp() {
        assertThat(LaunchOptions.parse("--help").helpRequested()).isTrue();
    }

    @Test
    void rejectsBadInputWithAReadableMessage() {
        assertThatThrownBy(() -> LaunchOptions.parse("--port", "http")).hasMessageContaining("--port");
        assertThatThrownBy(() -> LaunchOptions.parse("--port")).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> LaunchOptions.parse("--verbose")).hasMessageContaining("unknown");
    }
}
