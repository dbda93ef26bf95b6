package ccn.alerts.net;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;

/**
 * How logs and views name the other end of a socket: {@code address} as {@code /127.0.0.1:54321}
 * (the seed's form), {@code host} as the bare IP (what per-address limits count). Immutable.
 */
record PeerAddress(String address, String host) {
    static PeerAddress of(SocketChannel socket) {
        InetSocketAddress peer;
        try {
            peer = (InetSocketAddress) socket.getRemoteAddress();
        } catch (IOException e) {
            peer = null;
        }
        if (peer == null) {
            return new PeerAddress("/unknown", "unknown");
        }
        return new PeerAddress(peer.getAddress().toString().replaceFirst("^[^/]*", "") + ":" + peer.getPort(),
                peer.getAddress().getHostAddress());
    }
}
