package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Range requests answered from a stored complete 200 over real sockets: 206, multipart/byteranges, If-Range, 416. */
class RangeServingTest extends GatewayTestBase {

    private static final String BODY = "0123456789abcdefghij";
    private static final String TARGET = "/sim/respond/ranges?cache-control=max-age=60&etag=v1&content-type=text/plain&body=" + BODY;

    /** One part of a multipart/byteranges body. */
    private record Part(String contentType, String contentRange, String body) {
    }

    private String storedEtag() throws Exception {
        HttpResponse<String> full = harness.get(TARGET);
        assertThat(full.statusCode()).isEqualTo(200);
        assertThat(full.body()).isEqualTo(BODY);
        return full.headers().firstValue("ETag").orElseThrow();
    }

    @Test
    void aSingleRangeIsCutFromTheStoredResponse() throws Exception {
        storedEtag();

        HttpResponse<String> partial = harness.get(TARGET, "Range", "bytes=2-5");

        assertThat(partial.statusCode()).isEqualTo(206);
        assertThat(partial.body()).isEqualTo("2345");
        assertThat(partial.headers().firstValue("Content-Range")).hasValue("bytes 2-5/20");
        assertThat(partial.headers().firstValue("Content-Length")).hasValue("4");
        assertThat(partial.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(partial.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit;");
        assertThat(harness.originCount(TARGET)).isEqualTo(1);
    }

    @Test
    void suffixAndOpenRangesAreServed() throws Exception {
        storedEtag();

        assertThat(harness.get(TARGET, "Range", "bytes=-3").body()).isEqualTo("hij");
        assertThat(harness.get(TARGET, "Range", "bytes=15-").body()).isEqualTo("fghij");
        assertThat(harness.originCount(TARGET)).isEqualTo(1);
    }

    @Test
    void severalRangesComeAsMultipartByteranges() throws Exception {
        storedEtag();

        HttpResponse<String> multipart = harness.get(TARGET, "Range", "bytes=18-, 0-1");

        assertThat(multipart.statusCode()).isEqualTo(206);
        String type = multipart.headers().firstValue("Content-Type").orElseThrow();
        assertThat(type).startsWith("multipart/byteranges; boundary=");
        assertThat(multipart.headers().firstValue("Content-Range")).isEmpty();
        List<Part> parts = parts(multipart.body(), type.substring(type.indexOf("boundary=") + "boundary=".length()));
        assertThat(parts).containsExactly(new Part("text/plain", "bytes 0-1/20", "01"), new Part("text/plain", "bytes 18-19/20", "ij"));
        assertThat(harness.originCount(TARGET)).isEqualTo(1);
    }

    @Test
    void aMatchingIfRangeGetsTheRangeAndAnotherGetsTheWholeBody() throws Exception {
        String etag = storedEtag();

        HttpResponse<String> matching = harness.get(TARGET, "Range", "bytes=0-0", "If-Range", etag);
        HttpResponse<String> changed = harness.get(TARGET, "Range", "bytes=0-0", "If-Range", "\"something-else\"");

        assertThat(matching.statusCode()).isEqualTo(206);
        assertThat(matching.body()).isEqualTo("0");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(changed.body()).isEqualTo(BODY);
        assertThat(changed.headers().firstValue("Content-Range")).isEmpty();
        assertThat(harness.originCount(TARGET)).isEqualTo(1);
    }

    @Test
    void anUnsatisfiableRangeIs416WithTheLength() throws Exception {
        storedEtag();

        HttpResponse<String> refused = harness.get(TARGET, "Range", "bytes=20-");

        assertThat(refused.statusCode()).isEqualTo(416);
        assertThat(refused.headers().firstValue("Content-Range")).hasValue("bytes */20");
        assertThat(refused.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit;");
        assertThat(harness.get(TARGET).statusCode()).isEqualTo(200);
        assertThat(harness.originCount(TARGET)).isEqualTo(1);
    }

    @Test
    void aMalformedRangeIsIgnored() throws Exception {
        storedEtag();

        HttpResponse<String> ignored = harness.get(TARGET, "Range", "bytes=5-1");

        assertThat(ignored.statusCode()).isEqualTo(200);
        assertThat(ignored.body()).isEqualTo(BODY);
    }

    @Test
    void aRangeOnAMissFetchesTheWholeResponseWithoutRangeAndServesItInFull() throws Exception {
        String target = TARGET.replace("/ranges", "/ranges-miss");

        HttpResponse<String> first = harness.get(target, "Range", "bytes=0-1");
        HttpResponse<String> second = harness.get(target, "Range", "bytes=0-1");

        // The origin is sent no Range, so what it answers can be stored; the client gets that whole 200.
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.body()).isEqualTo(BODY);
        assertThat(first.headers().firstValue("Cache-Status").orElseThrow()).contains("fwd=uri-miss").contains("stored");
        assertThat(second.statusCode()).isEqualTo(206);
        assertThat(second.body()).isEqualTo("01");
        assertThat(harness.originCount(target)).isEqualTo(1);
    }

    @Test
    void aStaleEntryFreshenedBy304AnswersTheRange() throws Exception {
        String target = TARGET.replace("max-age=60", "max-age=10").replace("/ranges", "/ranges-stale");
        harness.get(target);
        harness.clock.advance(Duration.ofSeconds(15));

        HttpResponse<String> revalidated = harness.get(target, "Range", "bytes=1-2");

        assertThat(revalidated.statusCode()).isEqualTo(206);
        assertThat(revalidated.body()).isEqualTo("12");
        assertThat(revalidated.headers().firstValue("Cache-Status").orElseThrow()).contains("fwd=stale; fwd-status=304");
        assertThat(harness.originCount(target)).isEqualTo(2);
    }

    @Test
    void aClientValidatorTakesPrecedenceOverRange() throws Exception {
        String etag = storedEtag();

        // RFC 9110 §13.2.2: If-None-Match is evaluated before Range.
        HttpResponse<String> notModified = harness.get(TARGET, "Range", "bytes=0-1", "If-None-Match", etag);

        assertThat(notModified.statusCode()).isEqualTo(304);
    }

    @Test
    void headIgnoresRange() throws Exception {
        storedEtag();

        HttpResponse<String> head = harness.send("HEAD", TARGET, "Range", "bytes=0-1");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).hasValue("20");
    }

    /** Parses multipart/byteranges as RFC 9110 §14.6 and RFC 2046 §5.1.1 describe it. */
    private static List<Part> parts(String body, String boundary) {
        assertThat(body).endsWith("--" + boundary + "--\r\n");
        List<Part> parts = new ArrayList<>();
        Pattern part = Pattern.compile("--" + Pattern.quote(boundary) + "\r\n((?:[^\r\n]+\r\n)*)\r\n(.*?)\r\n(?=--" + Pattern.quote(boundary) + ")",
                Pattern.DOTALL);
        Matcher matcher = part.matcher(body);
        while (matcher.find()) {
            String type = null;
            String range = null;
            for (String line : matcher.group(1).split("\r\n")) {
                String name = line.substring(0, line.indexOf(':'));
                String value = line.substring(line.indexOf(':') + 1).trim();
                if (name.equalsIgnoreCase("Content-Type")) {
                    type = value;
                } else if (name.equalsIgnoreCase("Content-Range")) {
                    range = value;
                }
            }
            parts.add(new Part(type, range, matcher.group(2)));
        }
        return parts;
    }
}
