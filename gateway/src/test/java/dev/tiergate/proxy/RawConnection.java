package dev.tiergate.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A client on a plain {@link Socket}, for the requests an HTTP client library will not send: half a request head,
 * a body shorter than its Content-Length, a malformed request line.
 */
final class RawConnection implements AutoCloseable {

    /** Generous: a test that waits this long for a server's timeout of a few hundred milliseconds has failed. */
    static final Duration PATIENCE = Duration.ofSeconds(15);

    private final Socket socket;
    private final InputStream in;

    RawConnection(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout((int) PATIENCE.toMillis());
        in = socket.getInputStream();
    }

    RawConnection send(String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        return this;
    }

    /** The response's status line, e.g. {@code HTTP/1.1 200 OK}. */
    String statusLine() throws IOException {
        return readLine();
    }

    /** One response: its head (status line and fields) and the body its Content-Length announces. */
    String response() throws IOException {
        StringBuilder head = new StringBuilder();
        long length = 0;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            head.append(line).append("\r\n");
            if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        byte[] body = in.readNBytes((int) length);
        return head.append("\r\n").append(new String(body, StandardCharsets.ISO_8859_1)).toString();
    }

    /**
     * Waits up to {@link #PATIENCE} for the server to close the connection, discarding anything it sends first;
     * true when it did, false when it was still open.
     */
    boolean closedByServer() throws IOException {
        try {
            while (in.read() >= 0) {
                // discarded
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            // A reset is a close too.
            return true;
        }
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed after \"" + line.toString(StandardCharsets.ISO_8859_1) + "\"");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
