package dev.tiergate.policy;

import java.util.Optional;

/**
 * The access log: one JSON line per client request, written in the background.
 *
 * @param enabled whether lines are written at all
 * @param target {@link #STDOUT}, or the path of a file lines are appended to
 * @param sample the share of requests logged, 0.0 to 1.0; responses with a 5xx status are logged whatever it says
 * @param subjectKeyEnv the environment variable holding the key JWT subjects are hashed with (HMAC-SHA256), so that
 *     hashes match across instances and restarts; empty for a random key per process
 */
public record AccessLogSettings(boolean enabled, String target, double sample, Optional<String> subjectKeyEnv) {

    /** The target that writes to the process's standard output. */
    public static final String STDOUT = "stdout";
    public static final double DEFAULT_SAMPLE = 1.0;
    /** Off: a line per request is the operator's choice (its volume, its destination, its cost on the hit path). */
    public static final AccessLogSettings DISABLED = new AccessLogSettings(false, STDOUT, DEFAULT_SAMPLE, Optional.empty());
    /** The name the documentation and problems suggest for {@link #subjectKeyEnv}. */
    public static final String EXAMPLE_KEY_ENV = "TIERGATE_ACCESS_LOG_KEY";

    public AccessLogSettings {
        if (!(sample >= 0.0 && sample <= 1.0)) {
            throw new IllegalArgumentException("sample: " + sample + " (expected: 0.0 to 1.0)");
        }
        if (target.isBlank()) {
            throw new IllegalArgumentException("target: \"\" (expected: stdout or a file path)");
        }
    }

    /** True when lines go to standard output rather than a file. */
    public boolean toStdout() {
        return STDOUT.equals(target);
    }
}
