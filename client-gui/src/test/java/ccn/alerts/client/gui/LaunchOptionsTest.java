package ccn.alerts.client.gui;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaunchOptionsTest {
    @Test
    void parse_readsEveryFlag() {
        // when:
        LaunchOptions o = LaunchOptions.parse(List.of("--host", "10.0.0.2", "--port=9000", "--user", "user1",
                "--key", "ccn2-x", "--password", "pass123", "--auto-login"));

        // then:
        assertEquals(new LaunchOptions(Optional.of("10.0.0.2"), Optional.of("9000"), Optional.of("user1"),
                Optional.of("ccn2-x"), Optional.of("pass123"), true), o);
    }

    @Test
    void parse_withoutFlagsChangesNothing() {
        assertEquals(LaunchOptions.NONE, LaunchOptions.parse(List.of()));
    }

    @Test
    void parse_rejectsABadPortPlainly() {
        // when:
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LaunchOptions.parse(List.of("--port", "99999")));

        // then:
        assertTrue(e.getMessage().contains("--port must be between 1 and 65535"), e.getMessage());
    }

    @Test
    void parse_rejectsAnUnknownOption() {
        assertThrows(IllegalArgumentException.class, () -> LaunchOptions.parse(List.of("--colour", "red")));
    }
}
