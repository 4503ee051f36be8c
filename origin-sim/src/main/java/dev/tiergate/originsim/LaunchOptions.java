package dev.tiergate.originsim;

/** Command-line options of the standalone origin-sim, parsed by hand to stay dependency-free. */
record LaunchOptions(String host, int port, boolean helpRequested) {

    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8081;

    static final String USAGE =
            String.join(
                    "\n",
                    "Usage: java -jar origin-sim.jar [--port N] [--host H]",
                    "",
                    "A configurable origin server for testing caching proxies.",
                    "",
                    "Options:",
                    "  --port N   TCP port to listen on (default " + DEFAULT_PORT + ", 0 = any free port)",
                    "  --host H   address to bind (default " + DEFAULT_HOST + ")",
                    "  --help     show this help and exit",
                    "",
                    "Endpoints: /api/products, /api/products/{id}, /api/users/{id}/timeline, /api/account,",
                    "/static/**, /sim/respond[/**]?..., /__sim/stats, /__sim/reset, /__sim/mode, /__sim/health.",
                    "See origin-sim/README.md for every parameter.");

    /** @throws IllegalArgumentException with a user-facing message when the arguments are wrong */
    static LaunchOptions parse(String... args) {
        String host = DEFAULT_HOST;
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String inlineValue = null;
            int equals = arg.indexOf('=');
            if (arg.startsWith("--") && equals > 0) {
                name = arg.substring(0, equals);
                inlineValue = arg.substring(equals + 1);
            }
            switch (name) {
                case "--help":
                case "-h":
                    return new LaunchOptions(host, port, true);
                case "--port":
                case "-p":
                    port = parsePort(inlineValue != null ? inlineValue : valueAfter(args, i++, name));
                    break;
                case "--host":
                    host = inlineValue != null ? inlineValue : valueAfter(args, i++, name);
                    if (host.isBlank()) {
                        throw new IllegalArgumentException("--host needs a non-empty value");
                    }
                    break;
                default:
                    throw new IllegalArgumentException("unknown argument: " + arg);
            }
        }
        return new LaunchOptions(host, port, false);
    }

    private static String valueAfter(String[] args, int index, String name) {
        if (index + 1 >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[index + 1];
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("--port must be a number from 0 to 65535; got '" + value + "'");
    }
}
