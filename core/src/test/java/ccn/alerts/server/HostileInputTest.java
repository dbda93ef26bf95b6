package ccn.alerts.server;

import ccn.alerts.protocol.Message;
import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.Await;
import ccn.alerts.testing.RawClient;
import ccn.alerts.testing.TestClient;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Hostile or broken peers lose their own connection only; the server keeps serving everyone else. */
class HostileInputTest {
    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;
    private TestClient admin;
    private String adminSession;

    @BeforeEach
    void startServerWithAnAdminConnected() throws IOException {
        ts = server.start();
        admin = ts.connected("admin", "admin123");
        adminSession = ts.server().clients().getFirst().sessionId();
    }

    @Test
    void randomGarbage_closesThatConnectionOnly() throws IOException {
        byte[] garbage = new byte[64];
        new Random(42).nextBytes(garbage);
        garbage[0] = 0; // never "CCN" by chance
        RawClient raw = ts.own(RawClient.tcp(ts.port()));

        raw.sendRaw(garbage);

        assertEquals(4, raw.drainRawUntilClosed(), "only the server's preamble came back");
        ts.awaitLogLine("ERROR", "^Not a CCN alert client at /127\\.0\\.0\\.1:\\d+: not a CCN alert peer: its first bytes are 0x00$");
        assertOthersStillServed();
    }

    @Test
    void hugeFrameLength_closesThatConnectionOnlyWithoutAllocating() throws IOException {
        RawClient raw = ts.rawHandshake();

        raw.sendRaw(new byte[] {0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});

        List<Message> got = raw.readUntilClosed();
        assertEquals(1, got.size(), got.toString());
        assertInstanceOf(Message.ServerHello.class, got.getFirst());
        ts.awaitLogLine("ERROR", "^Protocol error from /127\\.0\\.0\\.1:\\d+: ");
        assertOthersStillServed();
    }

    @Test
    void aServerMessageBeforeLogin_getsBadMessageLikeInAnyOtherState() throws IOException {
        RawClient raw = ts.rawHandshake();
        raw.hello();

        // when:
        raw.send(new Message.HeartbeatOk(1));

        // then: the direction is wrong, whatever the state (PROTOCOL.md §5.1)
        List<Message> got = raw.readUntilClosed();
        Message.ErrorReport error = assertInstanceOf(Message.ErrorReport.class, got.getLast(), got.toString());
        assertEquals(Message.ErrorCode.BAD_MESSAGE, error.code());
        ts.awaitLogLine("ERROR", "HEARTBEAT_OK is a server message");
        assertOthersStillServed();
    }

    @Test
    void ackBeforeLogin_getsNotAuthenticatedAndIsClosed() throws IOException {
        RawClient raw = ts.rawHandshake();
        raw.hello();

        raw.send(new Message.Ack(1));

        List<Message> got = raw.readUntilClosed();
        Message.ErrorReport error = assertInstanceOf(Message.ErrorReport.class, got.getLast(), got.toString());
        assertEquals(Message.ErrorCode.NOT_AUTHENTICATED, error.code());
        ts.awaitLogLine("ERROR", "/127\\.0\\.0\\.1:\\d+.*ACK before login");
        ts.awaitLogLine("DISCONNECT", "^Removed disconnected client: /127\\.0\\.0\\.1:\\d+: ACK before login$");
        assertOthersStillServed();
    }

    @Test
    void replayedFrame_failsToDecryptAndClosesThatConnectionOnly() throws IOException {
        RawClient raw = ts.rawLogin("user1", "pass123");
        byte[] heartbeatFrame = raw.send(new Message.Heartbeat(0));
        assertEquals(0, raw.expect(Message.HeartbeatOk.class).seq());

        raw.sendRaw(heartbeatFrame); // byte-for-byte copy: valid once, a replay now

        List<Message> got = raw.readUntilClosed();
        assertTrue(got.isEmpty(), "closed without another frame: " + got);
        ts.awaitLogLine("ERROR", "^Rejected frame from user1 \\(/127\\.0\\.0\\.1:\\d+\\): ");
        assertOthersStillServed();
    }

    @Test
    void loginWithANumberForPassword_getsBadMessageNamingTheFieldAndIsClosed() throws IOException {
        RawClient raw = ts.rawHandshake();
        raw.hello();

        // when:
        raw.sendJson("{\"type\":\"LOGIN\",\"username\":\"user1\",\"password\":424242}");

        // then:
        List<Message> got = raw.readUntilClosed();
        Message.ErrorReport error = assertInstanceOf(Message.ErrorReport.class, got.getLast(), got.toString());
        assertEquals(Message.ErrorCode.BAD_MESSAGE, error.code());
        assertEquals("invalid message: 'password' must be a JSON string", error.message());
        String line = ts.awaitLogLine("ERROR", "^Bad message from /127\\.0\\.0\\.1:\\d+: invalid message: 'password' must be a JSON string$");
        assertFalse(line.contains("424242"), line);
        assertOthersStillServed();
    }

    @Test
    void frameTooShortForNonceAndTag_isLoggedAsACorruptFrameNotAsAWrongKey() throws IOException {
        RawClient raw = ts.rawHandshake();

        // when:
        raw.sendRaw(new byte[] {0, 0, 0, 5, 1, 2, 3, 4, 5});

        // then:
        List<Message> got = raw.readUntilClosed();
        assertEquals(1, got.size(), got.toString());
        ts.awaitLogLine("ERROR", "^Corrupt frame from /127\\.0\\.0\\.1:\\d+: frame payload of 5 bytes is shorter than "
                + "the 28-byte minimum \\(nonce \\+ tag\\)$");
        assertOthersStillServed();
        assertTrue(ts.logLines("ERROR", "Wrong class key").isEmpty(), ts.logLines().toString());
    }

    @Test
    void frameTooShortForNonceAndTagAfterLogin_isLoggedAsACorruptFrameByTheNonBlockingReaderToo() throws IOException {
        RawClient raw = ts.rawLogin("user1", "pass123");

        // when: after login the session's frames are read by the selector loop
        raw.sendRaw(new byte[] {0, 0, 0, 3, 1, 2, 3});

        // then:
        raw.readUntilClosed();
        ts.awaitLogLine("ERROR", "^Corrupt frame from user1 \\(/127\\.0\\.0\\.1:\\d+\\): frame payload of 3 bytes is shorter "
                + "than the 28-byte minimum \\(nonce \\+ tag\\)$");
        assertOthersStillServed();
    }

    /**
     * An outsider who sends a valid preamble and then 64 KiB of junk: the first four junk bytes are
     * the frame length, and the log says what that length made of the rest (PROTOCOL.md §3.2).
     */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "80 00 00 00 | ^Corrupt frame from /127\\.0\\.0\\.1:\\d+: frame length is negative .*",
            "00 00 00 00 | ^Corrupt frame from /127\\.0\\.0\\.1:\\d+: frame length is zero$",
            "00 00 00 1b | ^Corrupt frame from /127\\.0\\.0\\.1:\\d+: frame payload of 27 bytes .*",
            "00 10 00 00 | ^Protocol error from /127\\.0\\.0\\.1:\\d+: frame length 1048576 exceeds the maximum of 65536 bytes$",
            // after the handshake the keys are known to match: a frame that fails is corrupt or forged
            "00 00 10 00 | ^Rejected frame from /127\\.0\\.0\\.1:\\d+: frame 0 failed to decrypt: corrupted, tampered.*",
    })
    void junkAfterAValidPreamble_isLoggedForWhatItsFirstFourBytesMakeOfIt(String header, String logLine) throws IOException {
        byte[] junk = new byte[64 * 1024];
        new Random(7).nextBytes(junk);
        System.arraycopy(HexFormat.ofDelimiter(" ").parseHex(header), 0, junk, 0, 4);
        RawClient raw = ts.rawHandshake();

        // when:
        try {
            raw.sendRaw(junk);
        } catch (IOException cutOff) {
            // the server may close after the header, before it has taken all of it
        }

        // then:
        raw.readUntilClosed();
        ts.awaitLogLine("ERROR", logLine);
        assertOthersStillServed();
    }

    @Test
    void junkInsteadOfTheHandshake_isRefusedWithARejectAndLogged() throws IOException {
        RawClient raw = ts.own(RawClient.tcp(ts.port()));
        byte[] junk = new byte[4 + 4 + 57];
        new Random(3).nextBytes(junk);
        System.arraycopy(new byte[] {'C', 'C', 'N', 2, 0, 0, 0, 57}, 0, junk, 0, 8);
        junk[8] = 0x09; // not INIT

        // when:
        raw.sendRaw(junk);

        // then: the preamble, then a REJECT frame (type 3, reason 3 = malformed)
        byte[] back = raw.readRawUntilClosed();
        assertEquals(0x03, back[8], java.util.Arrays.toString(back));
        assertEquals(3, back[9]);
        ts.awaitLogLine("ERROR", "^Handshake failed with /127\\.0\\.0\\.1:\\d+: expected a 57-byte handshake INIT, got 57 bytes of type 0x09$");
        assertOthersStillServed();
    }

    @Test
    void bytesSentBehindAValidInit_waitForTheHandshakeAndAreThenReadAsItsFirstFrame() throws IOException {
        // No honest client can do this (it has no frame key before RESPONSE): the bytes behind INIT
        // are held while the handshake runs off the loop, then read in order as frame 0.
        byte[] opening = new ccn.alerts.protocol.Handshake.Client(ts.key(), 65_536).opening(null);
        byte[] junk = new byte[4 + 40];
        new Random(11).nextBytes(junk);
        System.arraycopy(new byte[] {0, 0, 0, 40}, 0, junk, 0, 4);
        byte[] both = java.util.Arrays.copyOf(opening, opening.length + junk.length);
        System.arraycopy(junk, 0, both, opening.length, junk.length);
        RawClient raw = ts.own(RawClient.tcp(ts.port()));

        // when:
        raw.sendRaw(both);

        // then: preamble, RESPONSE (a 49-byte frame of type 2), WELCOME, then the close
        byte[] back = raw.readRawUntilClosed();
        assertEquals(49, back[7], java.util.Arrays.toString(back));
        assertEquals(0x02, back[8]);
        assertTrue(back.length > 4 + 4 + 49, "WELCOME followed the handshake");
        ts.awaitLogLine("ERROR", "^Rejected frame from /127\\.0\\.0\\.1:\\d+: frame 0 failed to decrypt: .*");
        assertOthersStillServed();
    }

    private void assertOthersStillServed() throws IOException {
        Await.until(() -> ts.server().clients().size() == 1, "the hostile connection is gone: " + ts.server().clients());
        assertEquals(ServerState.RUNNING, ts.server().state());
        assertEquals(adminSession, ts.server().clients().getFirst().sessionId());
        Message.Alert alert = ts.server().broadcastManualAlert(Priority.LOW, "Still serving", "admin");
        admin.awaitAlert(alert.alertId());
        admin.awaitAckConfirmed(alert.alertId());
    }
}
