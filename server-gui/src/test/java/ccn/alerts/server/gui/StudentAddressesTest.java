package ccn.alerts.server.gui;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The "Students connect to" sentence, from fixed address lists (CI may have no network interface). */
class StudentAddressesTest {

    @Test
    void wildcardIpv4_listsTheMachinesIpv4Addresses_withoutLoopbackOrIpv6() throws Exception {
        // when:
        String text = StudentAddresses.describe("0.0.0.0", 8888, List.of(ip("127.0.0.1"), ip("10.0.0.5"),
                ip("2001:db8::7"), ip("192.168.1.20")));

        // then:
        assertEquals("Students connect to 10.0.0.5:8888 or 192.168.1.20:8888", text);
    }

    @Test
    void wildcardIpv6_bracketsIpv6_andLeavesOutLinkLocal() throws Exception {
        // when:
        String text = StudentAddresses.describe("::", 9000, List.of(ip("fe80::1%1"), ip("2001:db8::7"), ip("10.0.0.5"),
                ip("::1")));

        // then:
        assertEquals("Students connect to [2001:db8::7]:9000 or 10.0.0.5:9000", text);
    }

    @Test
    void wildcardWithNoNetworkAddress_saysOnlyThisComputerCanConnect() throws Exception {
        // when:
        String text = StudentAddresses.describe("0.0.0.0", 8888, List.of(ip("127.0.0.1")));

        // then:
        assertEquals("No network address found: only this computer can connect, to 127.0.0.1:8888", text);
    }

    @Test
    void specificAddress_isWhatStudentsType() {
        assertEquals("Students connect to 10.0.0.5:8888", StudentAddresses.describe("10.0.0.5", 8888, List.of()));
        assertEquals("Only this computer can connect, to 127.0.0.1:8888 (bind 0.0.0.0 to let students in)",
                StudentAddresses.describe("127.0.0.1", 8888, List.of()));
    }

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal); // a literal: no lookup
    }
}
