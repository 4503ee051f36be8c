package dev.tiergate.policy;

/**
 * One thing wrong with a policy file, located precisely enough to fix it without searching.
 *
 * @param file the file as the user named it
 * @param line 1-based line, 0 when unknown
 * @param path where in the document, e.g. {@code routes[2].cache.ttl}
 * @param message what was found and what was expected
 */
public record PolicyProblem(String file, int line, String path, String message) {

    /** {@code policies/shop.yaml:14 routes[2].cache.ttl: "-5m" (expected: a positive duration)}. */
    @Override
    public String toString() {
        String location = line > 0 ? file + ":" + line : file;
        return path.isEmpty() ? location + " " + message : location + " " + path + ": " + message;
    }
}
