package dev.tiergate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tiergate} command: {@code run} and {@code policy validate}. */
@Command(name = "tiergate", mixinStandardHelpOptions = true, version = "tiergate 0.1.0",
        description = "An edge-plus-origin HTTP caching gateway.",
        subcommands = {RunCommand.class, PolicyCommand.class, TokenCommand.class})
public final class TiergateMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        // Exits even when a library left a thread running: a drained gateway has nothing left to do.
        System.exit(new CommandLine(new TiergateMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
