package dev.tiergate.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * An origin on a plain {@link ServerSocket} that writes exactly the bytes a test scripts, for the responses an HTTP
 * server library will not send as they are (several interim responses before the final one). One request per
 * connection: every answer ends with {@code Connection: close}.
 */
final class ScriptedOrigin implements AutoCloseable {

    private final ServerSocket server;
    private final Thread acceptor;
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

    /** @param script the bytes to answer, by request target */
    ScriptedOrigin(Function<String, String> script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket socket = server.accept()) {
                    String target = readRequestTarget(socket.getInputStream());
                    counts.computeIfAbsent(target, ignored -> new AtomicLong()).incrementAndGet();
                    OutputStream out = socket.getOutputStream();
                    out.write(script.apply(target).getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    socket.shutdownOutput();
                } catch (IOException e) {
                    // The server closed, or a client went away: the next accept tells which.
                }
            }
        }, "scripted-origin");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    /** Requests received for this exact target. */
    long requestCount(String target) {
        AtomicLong count = counts.get(target);
        return count == null ? 0 : count.get();
    }

    /** Reads a request head (the tests send no bodies to this origin) and returns its target. */
    private static String readRequestTarget(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request head cut short");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String requestLine = head.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
        String[] parts = requestLine.split(" ");
        return parts.length > 1 ? parts[1] : "";
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
