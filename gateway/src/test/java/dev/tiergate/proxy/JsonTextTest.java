package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The access log's JSON strings and numbers: what RFC 8259 requires escaped is, nothing else is, and a parser reads back the input. */
class JsonTextTest {

    private static String string(String value) {
        StringBuilder out = new StringBuilder();
        JsonText.string(out, value);
        return out.toString();
    }

    private static String millis(long micros) {
        StringBuilder out = new StringBuilder();
        JsonText.millis(out, micros);
        return out.toString();
    }

    @Test
    void quotesAndBackslashesAreEscaped() {
        assertThat(string("say \"hi\" \\ bye")).isEqualTo("\"say \\\"hi\\\" \\\\ bye\"");
    }

    @Test
    void controlCharactersAreEscapedShortOrAsUnicode() {
        assertThat(string("a\nb\rc\td\be\ff")).isEqualTo("\"a\\nb\\rc\\td\\be\\ff\"");
        assertThat(string("\u0000\u0001\u001f")).isEqualTo("\"\\u0000\\u0001\\u001f\"");
        assertThat(string("\u007f ")).as("DEL and space need no escape").isEqualTo("\"\u007f \"");
    }

    @Test
    void nonAsciiIsKeptAsItIs() {
        assertThat(string("café /日本/ \uD83D\uDE00")).isEqualTo("\"café /日本/ \uD83D\uDE00\"");
    }

    @Test
    void loneSurrogatesAreEscapedSoNoCharacterIsReplaced() {
        assertThat(string("a\uD800b")).isEqualTo("\"a\\ud800b\"");
        assertThat(string("\uDC00")).isEqualTo("\"\\udc00\"");
        assertThat(string("x\uD83D")).as("a high surrogate at the end").isEqualTo("\"x\\ud83d\"");
        assertThat(string("\uDE00\uD83D")).as("low before high is no pair").isEqualTo("\"\\ude00\\ud83d\"");
    }

    @Test
    void nullIsTheJsonLiteral() {
        assertThat(string(null)).isEqualTo("null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "/p?q=\"x\"&y=\\", "tab\there", "\u0000\u001f\u007f", "é日本\uD83D\uDE00", "a\uD800b",
            "\uDFFF", "</script>", "\u2028\u2029"})
    void aJsonParserReadsBackTheString(String value) {
        String line = "[" + string(value) + "]";

        assertThat(new JsonArray(line).getString(0)).isEqualTo(value);
        assertThat(line.getBytes(StandardCharsets.UTF_8)).as("encodable as UTF-8 without replacement")
                .isEqualTo(new String(line.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void millisecondsHaveThreeDecimalsAndNoExponent() {
        assertThat(millis(0)).isEqualTo("0.000");
        assertThat(millis(5)).isEqualTo("0.005");
        assertThat(millis(3_412)).isEqualTo("3.412");
        assertThat(millis(2_000)).isEqualTo("2.000");
        assertThat(millis(12_345_678_901L)).isEqualTo("12345678.901");
        assertThat(new JsonObject("{\"ms\":" + millis(42_070) + "}").getDouble("ms")).isEqualTo(42.07);
    }
}
