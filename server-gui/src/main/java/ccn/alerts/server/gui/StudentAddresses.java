package ccn.alerts.server.gui;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * What students type to reach the server. Bound to a wildcard ({@code 0.0.0.0}, {@code ::}) the
 * server's own address says nothing, so the machine's usable addresses are listed instead:
 * non-loopback addresses of interfaces that are up ({@code 0.0.0.0} accepts IPv4 only; IPv6
 * link-local addresses are left out, as they need a zone id nobody types).
 *
 * <p>Thread-safety: stateless; {@link Source#addresses()} may block (it asks the OS) — call it
 * off the FX thread.
 */
public final class StudentAddresses {
    private static final Set<String> WILDCARDS = Set.of("", "0.0.0.0", "::", "0:0:0:0:0:0:0:0", "[::]");

    private StudentAddresses() {
    }

    /** Where the machine's addresses come from; tests pass a fixed list. */
    @FunctionalInterface
    public interface Source {
        List<InetAddress> addresses() throws IOException;
    }

    /** Addresses of the interfaces that are up, loopback interfaces excluded. */
    public static Source fromInterfaces() {
        return () -> {
            List<InetAddress> out = new ArrayList<>();
            try {
                for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                    if (ni.isUp() && !ni.isLoopback()) {
                        out.addAll(Collections.list(ni.getInetAddresses()));
                    }
                }
            } catch (SocketException e) {
                throw new IOException("cannot list the network interfaces: " + e.getMessage(), e);
            }
            return out;
        };
    }

    public static boolean isWildcard(String bindAddress) {
        return WILDCARDS.contains(bindAddress == null ? "" : bindAddress.strip());
    }

    /** The sentence under the state: which {@code host:port} students connect to. */
    public static String describe(String bindAddress, int port, List<InetAddress> machine) {
        if (!isWildcard(bindAddress)) {
            String self = hostPort(bindAddress, port);
            return isLoopback(bindAddress)
                    ? "Only this computer can connect, to " + self + " (bind 0.0.0.0 to let students in)"
                    : "Students connect to " + self;
        }
        boolean ipv4Only = bindAddress.strip().equals("0.0.0.0");
        List<String> usable = new ArrayList<>();
        for (InetAddress a : machine) {
            if (a.isLoopbackAddress() || a.isAnyLocalAddress() || (ipv4Only && !(a instanceof Inet4Address))
                    || (a instanceof Inet6Address && a.isLinkLocalAddress())) {
                continue;
            }
            String hp = hostPort(a instanceof Inet6Address ? compact(a.getHostAddress()) : a.getHostAddress(), port);
            if (!usable.contains(hp)) {
                usable.add(hp);
            }
        }
        if (usable.isEmpty()) {
            return "No network address found: only this computer can connect, to " + hostPort("127.0.0.1", port);
        }
        String list = usable.size() == 1 ? usable.getFirst()
                : String.join(", ", usable.subList(0, usable.size() - 1)) + " or " + usable.getLast();
        return "Students connect to " + list;
    }

    /** {@code 2001:db8:0:0:0:0:0:7} as people write it, {@code 2001:db8::7} (RFC 5952). */
    static String compact(String ipv6) {
        int zone = ipv6.indexOf('%');
        String[] groups = (zone >= 0 ? ipv6.substring(0, zone) : ipv6).split(":");
        if (groups.length != 8) {
            return ipv6;
        }
        int bestStart = -1;
        int bestLength = 1; // a single zero group is not shortened
        for (int i = 0; i < 8; i++) {
            groups[i] = groups[i].replaceFirst("^0+(?=.)", "");
            int j = i;
            while (j < 8 && groups[j].replaceFirst("^0+(?=.)", "").equals("0")) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
        }
        if (bestStart < 0) {
            return String.join(":", groups);
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(groups, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(groups, bestStart + bestLength, 8));
        return head + "::" + tail;
    }

    private static boolean isLoopback(String host) {
        String h = host.strip();
        return h.equals("localhost") || h.startsWith("127.") || h.equals("::1");
    }

    private static String hostPort(String host, int port) {
        String h = host.strip();
        int zone = h.indexOf('%');
        if (zone >= 0) {
            h = h.substring(0, zone);
        }
        return (h.contains(":") && !h.startsWith("[") ? "[" + h + "]" : h) + ":" + port;
    }
}
