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
        int exit = new CommandLine(new TiergateMain()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
