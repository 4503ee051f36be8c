package dev.tiergate.cli;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyCompiler;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyExplainer;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.TokenResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tiergate policy validate|compile|explain}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with policy files.",
        subcommands = {PolicyCommand.Validate.class, PolicyCommand.Compile.class, PolicyCommand.Explain.class})
final class PolicyCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Exits 0 when every file is valid, 1 with every problem listed otherwise. */
    @Command(name = "validate", mixinStandardHelpOptions = true, description = "Check policy files and list every problem.")
    static final class Validate implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "FILE")
        private List<Path> files;

        @Override
        public Integer call() {
            int exit = 0;
            for (Path file : files) {
                try {
                    PolicyLoader.load(file);
                    System.out.println(file + ": valid");
                } catch (PolicyException e) {
                    e.problems().forEach(problem -> System.err.println(problem));
                    exit = 1;
                }
            }
            return exit;
        }
    }

    /** Loads a policy or prints every problem. */
    static Policy loadOrReport(Path file) {
        try {
            return PolicyLoader.load(file);
        } catch (PolicyException e) {
            e.problems().forEach(problem -> System.err.println(problem));
            return null;
        }
    }

    /** Writes the canonical JSON the edge worker loads. */
    @Command(name = "compile", mixinStandardHelpOptions = true,
            description = "Compile a policy to canonical JSON for the edge worker (same input, same bytes).")
    static final class Compile implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE")
        private Path file;

        @Option(names = {"-o", "--output"}, description = "Write to this file instead of standard output.")
        private Path output;

        @Override
        public Integer call() throws IOException {
            Policy policy = loadOrReport(file);
            if (policy == null) {
                return 1;
            }
            String compiled = PolicyCompiler.compile(policy);
            if (output == null) {
                System.out.print(compiled);
            } else {
                Files.writeString(output, compiled, StandardCharsets.UTF_8);
            }
            return 0;
        }
    }

    /** Shows route, segment, key and rule for one request. */
    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = "Explain which route a request matches, its segment, cache key and effective rule.")
    static final class Explain implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE")
        private Path file;

        @Option(names = "--request", required = true, description = "The request line, e.g. 'GET /api/products/42?lang=en'.")
        private String request;

        @Option(names = {"-H", "--header"}, description = "A request header, 'Name: value' (repeatable).")
        private List<String> headers = new ArrayList<>();

        @Override
        public Integer call() {
            Policy policy = loadOrReport(file);
            if (policy == null) {
                return 1;
            }
            String[] parts = request.trim().split("\\s+");
            if (parts.length != 2 || !parts[1].startsWith("/")) {
                System.err.println("--request: \"" + request + "\" (expected: 'METHOD /path?query')");
                return 2;
            }
            Headers.Builder fields = Headers.builder();
            for (String header : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    System.err.println("-H: \"" + header + "\" (expected: 'Name: value')");
                    return 2;
                }
                fields.add(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
            }
            Headers requestHeaders = fields.build();
            TokenResult token = TokenVerification.verify(policy, requestHeaders);
            PolicyExplainer.explain(policy, parts[0].toUpperCase(java.util.Locale.ROOT), parts[1], requestHeaders, token)
                    .forEach(System.out::println);
            return 0;
        }
    }
}
