package dev.tiergate.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Drops the interim responses the origin client does not understand before Vert.x sees them. Vert.x's HTTP/1 client
 * handles {@code 100 Continue} and {@code 103 Early Hints} as interim, but takes any other 1xx ({@code 102
 * Processing}, {@code 104}) for the final response: the exchange then ends with that 1xx and the real response that
 * follows finds no request, so the client waits until it times out. RFC 9110 §15.2: "A client MUST be able to parse
 * one or more 1xx responses received prior to a final response, even if the client does not expect one. A user agent
 * MAY ignore unexpected 1xx responses." A proxy MAY forward them; the gateway forwards only 103 (see
 * {@link ClientSink#earlyHints}), so the others are dropped here. One instance per connection.
 */
final class InterimResponseFilter extends ChannelInboundHandlerAdapter {

    /** True between an interim response head that was dropped and the end of its (always empty) content. */
    private boolean dropping;

    /** Puts a filter into a new origin connection's pipeline, in front of Vert.x's own handler. */
    static void install(HttpConnection connection) {
        if (connection instanceof ConnectionBase base) {
            base.channelHandlerContext().pipeline().addBefore(base.channelHandlerContext().name(), "tiergate-interim-filter",
                    new InterimResponseFilter());
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof HttpResponse response && isUnhandledInterim(response.status().code())) {
            dropping = !(message instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
            return;
        }
        if (dropping && message instanceof HttpContent content) {
            dropping = !(content instanceof LastHttpContent);
            ReferenceCountUtil.release(message);
            return;
        }
        context.fireChannelRead(message);
    }

    /** 1xx other than 100 and 103, which Vert.x handles, and 101, which answers an Upgrade the gateway never sends. */
    static boolean isUnhandledInterim(int status) {
        return status >= 102 && status < 200 && status != 103;
    }
}
