package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.CacheStatus;
import dev.tiergate.plan.ServedOutcome;
import dev.tiergate.policy.AccessLogSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A line in a batch that never fills reaches the file while the log runs: the timer hands it over, no close needed. */
class AccessLogHandOverTest {

    @TempDir
    Path dir;

    @Test
    void lineOfAQuietGatewayIsWrittenWithoutWaitingForClose() throws Exception {
        Path file = dir.resolve("access.log");
        AccessLog log = AccessLog.start(new AccessLogSettings(true, file.toString(), 1.0, Optional.empty()), name -> null);
        try {
            log.write(new AccessEntry(Instant.parse("2026-12-08T10:15:02Z"), "GET", "shop.example", "/quiet", "products", "",
                    Optional.empty(), Optional.of("quiet-1"), 200, 5, CacheStatus.hit(60, "fresh"), ServedOutcome.L1_HIT, 1_000, -1, true),
                    "Tiergate");

            String text = "";
            for (int attempt = 0; attempt < 1_000 && !text.contains("quiet-1"); attempt++) {
                Thread.sleep(10);
                text = Files.exists(file) ? Files.readString(file) : "";
            }
            assertThat(text).as("the line, handed over by the timer and written by the appender")
                    .contains("\"requestId\":\"quiet-1\"").endsWith("}\n");
        } finally {
            log.close();
        }
    }
}
