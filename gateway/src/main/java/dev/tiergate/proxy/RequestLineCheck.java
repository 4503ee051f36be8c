package dev.tiergate.proxy;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.impl.ConnectionBase;
import java.util.regex.Pattern;

/**
 * Checks the HTTP version of each request line before Vert.x sees it (RFC 9112 §2.3, §2.6): Vert.x answers a version
 * it does not know with {@code 501}, in a status line that repeats the client's version ({@code HTTX/1.1 501}).
 * Instead, a malformed version gets {@code 400}, a major version other than 1 (such as {@code HTTP/2.0} on an HTTP/1
 * connection) {@code 505}, and every answer to a bad request line an {@code HTTP/1.1} status line; {@code HTTP/1.2}
 * to {@code HTTP/1.9} are read as HTTP/1.1. Both failures go to the server's invalid request handler
 * ({@link #INVALID_REQUEST_HANDLER}), which closes the connection after answering.
 */
@ChannelHandler.Sharable
final class RequestLineCheck extends ChannelInboundHandlerAdapter {

    static final RequestLineCheck INSTANCE = new RequestLineCheck();

    /** HTTP-version = HTTP-name "/" DIGIT "." DIGIT, HTTP-name = %s"HTTP". */
    private static final Pattern WELL_FORMED = Pattern.compile("HTTP/[0-9]\\.[0-9]");

    /** Answers 505 for an unsupported major version, and as Vert.x does for other invalid requests (400, 414, 431). */
    static final Handler<HttpServerRequest> INVALID_REQUEST_HANDLER = request -> {
        if (request.decoderResult().cause() instanceof UnsupportedVersionException) {
            request.response().setStatusCode(505).putHeader("Connection", "close").end();
            request.connection().close();
            return;
        }
        HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    };

    private RequestLineCheck() {
    }

    /** Puts the check into a new connection's pipeline, in front of Vert.x's own handler. */
    static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channelHandlerContext().pipeline().addBefore("handler", "tiergate-request-line", INSTANCE);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpRequest request) {
            check(request);
        }
        context.fireChannelRead(message);
    }

    private static void check(HttpRequest request) {
        HttpVersion version = request.protocolVersion();
        if (version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0 && request.decoderResult().isSuccess()) {
            return;
        }
        // Whatever the client wrote, the gateway answers in its own version (RFC 9110 §6.2).
        request.setProtocolVersion(HttpVersion.HTTP_1_1);
        if (request.decoderResult().isFailure()) {
            return;
        }
        String text = version.text();
        if (!WELL_FORMED.matcher(text).matches()) {
            request.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("malformed HTTP version: " + text)));
        } else if (version.majorVersion() != 1) {
            request.setDecoderResult(DecoderResult.failure(new UnsupportedVersionException(text)));
        }
        // A higher minor version of HTTP/1 is processed as HTTP/1.1 (RFC 9112 §2.3).
    }

    /** A well-formed version whose major version the gateway does not implement. */
    static final class UnsupportedVersionException extends IllegalArgumentException {
        UnsupportedVersionException(String version) {
            super("unsupported HTTP version: " + version);
        }
    }
}
