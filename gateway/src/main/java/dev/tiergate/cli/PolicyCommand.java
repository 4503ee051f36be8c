package dev.tiergate.cli;

import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyLoader;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tiergate policy validate FILE...}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with policy files.",
        subcommands = PolicyCommand.Validate.class)
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
}
