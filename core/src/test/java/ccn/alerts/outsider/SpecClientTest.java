package ccn.alerts.outsider;

import ccn.alerts.protocol.Priority;
import ccn.alerts.testing.TestServer;
import ccn.alerts.testing.TestServerExtension;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link SpecClient}, written from {@code docs/PROTOCOL.md} alone, against a real in-process
 * server: what the document promises, checked from outside. (Places where the server and the
 * document part ways are listed in the report of the outsider session, not asserted here.)
 */
class SpecClientTest {
    private static final Duration T = Duration.ofSeconds(5);

    @RegisterExtension
    final TestServerExtension server = TestServerExtension.withDefaults();
    private TestServer ts;

    private String key() {
        return ts.key().asText();
    }

    private SpecClient own(SpecClient c) {
        return server.own(c);
    }

    private SpecClient login(String user, String password) throws Exception {
        return own(SpecClient.login(ts.port(), key(), user, password, T));
    }

    // ------------------------------------------------------------------ §4, §7 offline

    @Test
    void theWorkedExampleIsReproducedByteForByteFromTheDocumentAlone() {
        // when:
        byte[] key = SpecClient.decodeKey("ccn1-AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9jDQ");
        byte[] connectionId = SpecClient.unhex("a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
        byte[] frame = SpecClient.seal(key, SpecClient.CLIENT_TO_SERVER, connectionId, 0, SpecClient.unhex("c0c1c2c3c4c5c6c7c8c9cacb"),
                "{\"type\":\"HELLO\",\"agent\":\"ccn-alerts-client/0.1\"}".getBytes(StandardCharsets.UTF_8));
        // then:
        assertEquals("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", SpecClient.hex(key));
        assertEquals("773E-712B", SpecClient.fingerprint(key));
        assertEquals("0143a0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3b4b5b6b7b8b9babbbcbdbebf0000000000000000",
                SpecClient.hex(SpecClient.associatedData(SpecClient.CLIENT_TO_SERVER, connectionId, 0)));
        assertEquals("0000004cc0c1c2c3c4c5c6c7c8c9cacb7b6a531e071db464ba91b8ee7ee3ca7a6e12845a52963d8008a028641a1c13d3cee2e48a11b72c66a6397b29d7f547f43bedd2f9af3069f911d79a314567ce37",
                SpecClient.hex(frame));
    }

    @Test
    void aKeyStringIsReadAcrossLineBreaksAndAMistypedCharacterIsRefused() {
        // when:
        byte[] wrapped = SpecClient.decodeKey("ccn1-AAECAwQFBgcICQoLDA0ODxAR\n  EhMUFRYXGBkaGxwdHh9jDQ");
        // then:
        assertEquals("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f", SpecClient.hex(wrapped));
        assertThrows(IllegalArgumentException.class, () -> SpecClient.decodeKey("ccn1-BAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9jDQ"));
        assertThrows(IllegalArgumentException.class, () -> SpecClient.decodeKey("ccn2-AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh9jDQ"));
    }

    @Test
    void theServersKeyStringDecodesAsSection4DescribesIt() throws Exception {
        ts = server.start();
        // when:
        byte[] key = SpecClient.decodeKey(key());
        // then:
        assertEquals(32, key.length);
        assertEquals(ts.key().fingerprint(), SpecClient.fingerprint(key));
    }

    // ------------------------------------------------------------------ §2, §6.1, §6.2

    @Test
    void theServerSendsWelcomeWithoutWaitingForHelloAndItsTimingsAreInRange() throws Exception {
        ts = server.start();
        // when: only the preambles are exchanged
        SpecClient c = own(SpecClient.preambled(ts.port(), key()));
        JsonNode welcome = c.awaitType("WELCOME", T);
        // then:
        assertTrue(welcome.get("agent").isTextual(), welcome.toString());
        long hb = welcome.get("heartbeatSeconds").asLong();
        long lt = welcome.get("loginTimeoutSeconds").asLong();
        assertTrue(hb >= 1 && hb <= 3600 && lt >= 1 && lt <= 3600, welcome.toString());
    }

    @Test
    void aHelloAndACorrectLoginAreAnsweredWithAuthSuccessNamingTheUser() throws Exception {
        ts = server.start();
        // when:
        SpecClient c = login("user1", "pass123");
        // then:
        JsonNode ok = c.awaitType("AUTH_SUCCESS", T);
        assertEquals("user1", ok.get("username").asText());
        assertFalse(ok.get("sessionId").asText().isBlank());
        assertTrue(ok.get("message").isTextual());
        assertEquals(List.of("WELCOME", "AUTH_SUCCESS"), c.received().stream().map(SpecClient::type).toList());
    }

    @Test
    void aWrongPasswordAndAnUnknownUserGetTheSameAnswerAndTheConnectionStaysOpenForAnotherLogin() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.hello(ts.port(), key()));
        // when:
        c.send(c.object("LOGIN").put("username", "admin").put("password", "wrong"));
        c.send(c.object("LOGIN").put("username", "nobody").put("password", "wrong"));
        c.send(c.object("LOGIN").put("username", "admin").put("password", "admin123"));
        // then:
        c.awaitType("AUTH_SUCCESS", T);
        List<JsonNode> failed = c.receivedOfType("AUTH_FAILED");
        assertEquals(2, failed.size(), c.received().toString());
        assertEquals("BAD_CREDENTIALS", failed.get(0).get("reason").asText());
        assertEquals(failed.get(0).get("reason"), failed.get(1).get("reason"));
        assertEquals(failed.get(0).get("message"), failed.get(1).get("message"));
    }

    @Test
    void aConnectionThatDoesNotLogInInTimeGetsLoginTimeoutAndIsClosed() throws Exception {
        ts = server.start(c -> c.withLoginTimeout(Duration.ofSeconds(1)));
        // when:
        SpecClient c = own(SpecClient.hello(ts.port(), key()));
        // then:
        JsonNode error = c.awaitType("ERROR", T);
        assertEquals("LOGIN_TIMEOUT", error.get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    // ------------------------------------------------------------------ §6.3 alerts and ACKs

    @Test
    void aBroadcastAlertArrivesWithEveryMemberOfTheTableAndItsAckIsAnsweredWithAckOk() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        // when:
        long id = ts.server().broadcastManualAlert(Priority.HIGH, "Evacuate building B", "admin").alertId();
        JsonNode alert = c.awaitType("ALERT", T);
        c.ack(id);
        // then:
        assertEquals(id, alert.get("alertId").asLong());
        assertEquals("HIGH", alert.get("priority").asText());
        assertEquals("Evacuate building B", alert.get("message").asText());
        assertEquals("MANUAL", alert.get("source").asText());
        assertEquals("admin", alert.get("sender").asText());
        assertFalse(alert.get("redelivery").asBoolean());
        assertTrue(alert.get("redelivery").isBoolean());
        assertFalse(alert.has("weather"), "a manual alert has no weather, and absent means omitted: " + alert);
        Instant.parse(alert.get("timestamp").asText());
        assertTrue(alert.get("timestamp").asText().endsWith("Z"), alert.toString());
        JsonNode ackOk = c.awaitMessage(m -> SpecClient.type(m).equals("ACK_OK") && m.get("alertId").asLong() == id, T);
        assertEquals(id, ackOk.get("alertId").asLong());
    }

    @Test
    void anAlertTheUserDidNotAcknowledgeIsSentAgainAtTheNextLoginMarkedAsRedelivery() throws Exception {
        ts = server.start();
        SpecClient first = login("user1", "pass123");
        long id = ts.server().broadcastManualAlert(Priority.MEDIUM, "not acknowledged", "admin").alertId();
        first.awaitType("ALERT", T);
        // when:
        first.close();
        ts.awaitLogLine("DISCONNECT", "user1");
        SpecClient second = login("user1", "pass123");
        // then:
        JsonNode again = second.awaitType("ALERT", T);
        assertEquals(id, again.get("alertId").asLong());
        assertTrue(again.get("redelivery").asBoolean(), again.toString());
    }

    // ------------------------------------------------------------------ §6.4 heartbeats

    @Test
    void heartbeatsAreAnsweredWithTheSameSeqAlsoBeforeLogin() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.hello(ts.port(), key()));
        // when:
        long before = c.heartbeat();
        c.send(c.object("LOGIN").put("username", "user1").put("password", "pass123"));
        c.awaitType("AUTH_SUCCESS", T);
        long after1 = c.heartbeat();
        long after2 = c.heartbeat();
        // then:
        Set<Long> expected = new TreeSet<>(List.of(before, after1, after2));
        Set<Long> echoed = new TreeSet<>();
        c.awaitMessage(m -> {
            if (SpecClient.type(m).equals("HEARTBEAT_OK")) {
                echoed.add(m.get("seq").asLong());
            }
            return echoed.equals(expected);
        }, T);
        assertEquals(expected, echoed);
    }

    @Test
    void aLoggedInClientThatSendsNothingForThreeIntervalsGetsTimedOut() throws Exception {
        ts = server.start(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
        // when:
        SpecClient c = login("user1", "pass123");
        // then:
        assertEquals("TIMED_OUT", c.awaitType("ERROR", Duration.ofSeconds(10)).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void aClientThatSendsHeartbeatsOnScheduleIsNotTimedOut() throws Exception {
        ts = server.start(c -> c.withHeartbeatInterval(Duration.ofSeconds(1)));
        SpecClient c = login("user1", "pass123");
        // when:
        c.startHeartbeats(T);
        // then: four intervals pass (more than the three of §6.4) and answers keep coming
        c.awaitMessage(m -> SpecClient.type(m).equals("HEARTBEAT_OK") && m.get("seq").asLong() >= 3, Duration.ofSeconds(10));
        assertNull(c.closedHow(), c.received().toString());
        assertTrue(c.receivedOfType("ERROR").isEmpty(), c.received().toString());
    }

    // ------------------------------------------------------------------ §6.1, §5.1 bad order

    @Test
    void aFirstFrameOtherThanHelloIsAnsweredWithBadMessage() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.preambled(ts.port(), key()));
        // when:
        c.send(c.object("LOGIN").put("username", "user1").put("password", "pass123"));
        // then:
        assertEquals("BAD_MESSAGE", c.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
        assertTrue(c.receivedOfType("AUTH_SUCCESS").isEmpty());
    }

    @Test
    void aSecondHelloIsAnsweredWithBadMessage() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        // when:
        c.send(c.object("HELLO").put("agent", SpecClient.AGENT));
        // then:
        assertEquals("BAD_MESSAGE", c.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void anAckBeforeLoginIsAnsweredWithNotAuthenticated() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.hello(ts.port(), key()));
        // when:
        c.ack(1);
        // then:
        assertEquals("NOT_AUTHENTICATED", c.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void textThatIsNotOneJsonObjectIsAnsweredWithBadMessage() throws Exception {
        ts = server.start();
        for (String text : List.of("{\"type\":\"HEARTBEAT\",\"seq\":1} x", "{\"type\":\"HEARTBEAT\",\"seq\":1}{\"type\":\"HEARTBEAT\",\"seq\":2}",
                "{'type':'HEARTBEAT','seq':1}", "[1]", "", "{\"type\":\"FOO\"}", "{\"seq\":1}")) {
            SpecClient c = own(SpecClient.hello(ts.port(), key()));
            c.awaitType("WELCOME", T);
            // when:
            c.sendJson(text);
            // then:
            assertEquals("BAD_MESSAGE", c.awaitType("ERROR", T).get("code").asText(), text);
            assertTrue(c.receivedOfType("HEARTBEAT_OK").isEmpty(), text);
        }
    }

    // ------------------------------------------------------------------ §2, §3, §6.6 bad bytes

    @Test
    void aPeerWithoutTheCcnMagicIsClosedWithoutAFrame() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.tcp(ts.port(), key()));
        // when:
        c.sendRaw("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] got = c.readAllRaw(T);
        // then: at most the server's own 20-byte preamble, which it sends without waiting
        assertTrue(got.length <= SpecClient.PREAMBLE_LENGTH, SpecClient.hex(got));
    }

    @Test
    void aPeerSpeakingAnotherVersionIsClosedWithoutAFrame() throws Exception {
        ts = server.start();
        SpecClient c = own(SpecClient.tcp(ts.port(), key()));
        // when:
        c.sendRaw(SpecClient.preamble((byte) 2, SpecClient.randomBytes(16)));
        byte[] got = c.readAllRaw(T);
        // then:
        assertTrue(got.length <= SpecClient.PREAMBLE_LENGTH, SpecClient.hex(got));
    }

    @Test
    void aFrameWithTheWrongSequenceNumberDirectionOrKeyEndsTheConnectionWithoutAnError() throws Exception {
        ts = server.start();
        byte[] hello = "{\"type\":\"HELLO\",\"agent\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        for (int variant = 0; variant < 3; variant++) {
            SpecClient c = own(SpecClient.preambled(ts.port(), key()));
            // when:
            switch (variant) {
                case 0 -> c.sendSealedAs(SpecClient.CLIENT_TO_SERVER, 1, hello);
                case 1 -> c.sendSealedAs(SpecClient.SERVER_TO_CLIENT, 0, hello);
                default -> c.sendRaw(SpecClient.seal(SpecClient.randomBytes(32), SpecClient.CLIENT_TO_SERVER, c.connectionId(), 0,
                        SpecClient.randomBytes(12), hello));
            }
            // then:
            assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T), "variant " + variant);
            assertEquals(List.of("WELCOME"), c.received().stream().map(SpecClient::type).toList(), "variant " + variant);
        }
    }

    @Test
    void zeroAndOversizedLengthsEndTheConnectionAndAFrameOfExactly64KiBIsRead() throws Exception {
        ts = server.start();
        SpecClient zero = own(SpecClient.preambled(ts.port(), key()));
        SpecClient over = own(SpecClient.preambled(ts.port(), key()));
        SpecClient max = own(SpecClient.preambled(ts.port(), key()));
        // when:
        zero.sendRaw(new byte[4]);
        over.sendRaw(new byte[]{0, 1, 0, 1}); // 65537
        String padded = "{\"type\":\"HELLO\",\"agent\":\"a\",\"x\":\"" + "b".repeat(SpecClient.MAX_FRAME - 28 - 35) + "\"}";
        assertEquals(SpecClient.MAX_FRAME - 28, padded.length());
        max.sendJson(padded);
        max.heartbeat();
        // then:
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, zero.awaitClosed(T));
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, over.awaitClosed(T));
        max.awaitType("HEARTBEAT_OK", T);
    }

    // ------------------------------------------------------------------ §6.5 the end

    @Test
    void logoutEndsTheConnectionWithoutAFrame() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        // when:
        c.logout();
        // then:
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
        assertEquals(List.of("WELCOME", "AUTH_SUCCESS"), c.received().stream().map(SpecClient::type).toList());
    }

    @Test
    void stoppingTheServerSendsServerShutdownThenACleanClose() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        // when:
        ts.server().stop();
        // then:
        assertTrue(c.awaitType("SERVER_SHUTDOWN", T).get("message").isTextual());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void anOperatorKickIsAnErrorKickedThenACleanClose() throws Exception {
        ts = server.start();
        SpecClient c = login("user1", "pass123");
        String sessionId = c.awaitType("AUTH_SUCCESS", T).get("sessionId").asText();
        // when:
        assertTrue(ts.server().kick(sessionId));
        // then:
        assertEquals("KICKED", c.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, c.awaitClosed(T));
    }

    @Test
    void aServerAtItsConnectionLimitSendsTooManyConnectionsInsteadOfWelcome() throws Exception {
        ts = server.start(c -> c.withMaxConnections(1));
        own(SpecClient.hello(ts.port(), key())).awaitType("WELCOME", T);
        // when:
        SpecClient second = own(SpecClient.preambled(ts.port(), key()));
        // then:
        assertEquals("TOO_MANY_CONNECTIONS", second.awaitType("ERROR", T).get("code").asText());
        assertEquals(SpecClient.Closed.BETWEEN_FRAMES, second.awaitClosed(T));
        assertTrue(second.receivedOfType("WELCOME").isEmpty());
    }
}
