package dev.tiergate.proxy;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.time.Duration;

/**
 * A client's request body on its way to the origin. The client's faults end the stream with a
 * {@link ClientFaultException}, so that the origin client can tell them from the origin's: its connection closing
 * before the body ended, or a pause longer than the body timeout while the gateway was ready for more (while the
 * origin pushes back, the client is not waiting to be read and the timer does not run).
 *
 * <p>A client that sent {@code Expect: 100-continue} is asked for its body only when the gateway starts reading it,
 * that is once the origin request is under way; the body timeout then runs from that moment. Used on the request's
 * event loop only.
 */
final class ClientBody implements ReadStream<Buffer> {

    private final Vertx vertx;
    private final HttpServerRequest request;
    private final long timeoutMillis;
    private boolean expectsContinue;
    private Handler<Throwable> exceptionHandler;
    private long timer = -1;
    private boolean over;

    /** @param timeout the longest pause in the body: before its first piece and between two pieces */
    ClientBody(Vertx vertx, HttpServerRequest request, Duration timeout) {
        this.vertx = vertx;
        this.request = request;
        this.timeoutMillis = timeout.toMillis();
        this.expectsContinue = request.headers().contains("Expect", "100-continue", true);
        request.exceptionHandler(error -> fail(new ClientFaultException(ClientFaultException.Kind.GONE,
                "client connection closed before its body ended: " + error.getMessage())));
    }

    @Override
    public ClientBody exceptionHandler(Handler<Throwable> handler) {
        exceptionHandler = handler;
        return this;
    }

    @Override
    public ClientBody handler(Handler<Buffer> handler) {
        request.handler(handler == null ? null : chunk -> {
            if (!over) {
                restartTimer();
                handler.handle(chunk);
            }
        });
        return this;
    }

    @Override
    public ClientBody pause() {
        cancelTimer();
        request.pause();
        return this;
    }

    @Override
    public ClientBody resume() {
        return fetch(Long.MAX_VALUE);
    }

    @Override
    public ClientBody fetch(long amount) {
        if (over) {
            return this;
        }
        if (expectsContinue) {
            expectsContinue = false;
            request.response().writeContinue();
        }
        restartTimer();
        request.fetch(amount);
        return this;
    }

    @Override
    public ClientBody endHandler(Handler<Void> handler) {
        request.endHandler(ignored -> {
            over = true;
            cancelTimer();
            if (handler != null) {
                handler.handle(null);
            }
        });
        return this;
    }

    private void fail(ClientFaultException fault) {
        if (over) {
            return;
        }
        over = true;
        cancelTimer();
        request.pause();
        if (exceptionHandler != null) {
            exceptionHandler.handle(fault);
        }
    }

    private void restartTimer() {
        cancelTimer();
        timer = vertx.setTimer(timeoutMillis, ignored -> {
            timer = -1;
            fail(new ClientFaultException(ClientFaultException.Kind.BODY_TIMEOUT,
                    "no request body for " + timeoutMillis + " ms"));
        });
    }

    private void cancelTimer() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
