package ccn.alerts.server;

import java.time.Duration;
import java.time.Instant;

/**
 * An immutable snapshot of one connection, as the console shows it.
 *
 * @param sessionId      unique per connection (one user may hold several sessions)
 * @param username       null until the login succeeds
 * @param address        the peer, e.g. {@code /127.0.0.1:54321}
 * @param connectedAt    when the TCP connection was accepted
 * @param lastHeartbeat  when the last HEARTBEAT arrived, or null
 * @param delivered      alerts written to this session
 * @param acknowledged   ACKs received on this session
 * @param lastAckLatency time from writing the last acknowledged alert to receiving its ACK (a
 *                       true round trip through the client), or null before the first ACK
 */
public record ClientInfo(String sessionId, String username, String address, Instant connectedAt,
                         Instant lastHeartbeat, long delivered, long acknowledged, Duration lastAckLatency,
                         long bytesIn, long bytesOut) {

    public boolean authenticated() {
        return username != null;
    }

    /** Alerts delivered but not yet acknowledged. */
    public long pending() {
        return Math.max(0, delivered - acknowledged);
    }

    /** {@code admin (/127.0.0.1:54321)}, or the address alone before login: the seed's way to name a client. */
    public String label() {
        return label(username, address);
    }

    /** The one place that decides how a client is named in logs and views. */
    static String label(String username, String address) {
        return username == null ? address : username + " (" + address + ")";
    }
}
