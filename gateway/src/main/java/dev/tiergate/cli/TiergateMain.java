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
        // Logback is on the class path for the access log; Vert.x would pick it over java.util.logging, which stays the
        // gateway's log. Set before any Vert.x class logs.
        System.setProperty("vertx.logger-delegate-factory-class-name", "io.vertx.core.logging.JULLogDelegateFactory");
        // Exits even when a library left a thread running: a drained gateway has nothing left to do.
        System.exit(new CommandLine(new TiergateMain()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
