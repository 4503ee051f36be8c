package dev.tiergate.originsim;

import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/** Standalone entry point: {@code java -jar origin-sim.jar [--port N] [--host H]}. */
public final class OriginSimMain {

    private static final int EXIT_USAGE = 2;
    private static final int EXIT_START_FAILED = 1;

    private OriginSimMain() {}

    /** Starts the server and keeps running until the process is stopped. */
    public static void main(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("origin-sim: " + e.getMessage());
            System.err.println(LaunchOptions.USAGE);
            System.exit(EXIT_USAGE);
            return;
        }
        if (options.helpRequested()) {
            System.out.println(LaunchOptions.USAGE);
            return;
        }

        Vertx vertx = Vertx.vertx();
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    try {
                                        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
                                    } catch (Exception e) {
                                        // exiting anyway; nothing useful left to do with the error
                                    }
                                },
                                "origin-sim-shutdown"));
        OriginSim.start(vertx, options.host(), options.port())
                .onSuccess(sim -> System.out.println("origin-sim listening on " + sim.baseUrl()))
                .onFailure(
                        error -> {
                            System.err.println(
                                    "origin-sim: cannot listen on " + options.host() + ":" + options.port() + ": "
                                            + error.getMessage());
                            System.exit(EXIT_START_FAILED);
                        });
    }
}
