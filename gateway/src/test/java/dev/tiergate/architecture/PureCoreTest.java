package dev.tiergate.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The decision packages stay pure: no server framework, no network, no metrics and no clock of their
 * own, so that they run anywhere (and the edge worker can mirror them) and tests control time.
 */
class PureCoreTest {

    private static final List<String> FORBIDDEN = List.of("import io.vertx", "import io.netty", "import io.micrometer",
            "import java.net.http", "import java.net.Socket", "Instant.now()", "System.currentTimeMillis()", "Clock.system");

    @ParameterizedTest
    @ValueSource(strings = {"http", "cache", "policy", "plan"})
    void packageHasNoIoOrClock(String name) throws IOException {
        Path root = Path.of("src/main/java/dev/tiergate", name);
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    for (String forbidden : FORBIDDEN) {
                        if (lines.get(i).contains(forbidden)) {
                            violations.add(file + ":" + (i + 1) + " " + lines.get(i).trim());
                        }
                    }
                }
            }
        }
        assertThat(violations).isEmpty();
    }
}
