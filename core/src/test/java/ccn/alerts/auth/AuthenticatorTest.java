package ccn.alerts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthenticatorTest {

    private static final String ADDR = "127.0.0.1";

    private final PasswordHasher hasher = new PasswordHasher(1_000);
    private final List<PasswordHash> verified = new ArrayList<>();
    private long now = 0;
    private final LoginThrottle throttle =
            new LoginThrottle(5, Duration.ofSeconds(30), 1_000, () -> now);

    @TempDir
    Path dir;

    private UserStore store;
    private Authenticator auth;

    @BeforeEach
    void setUp() throws IOException {
        store = UserStore.open(dir, hasher);
        auth = new Authenticator(store, hasher, throttle, (password, stored) -> {
            verified.add(stored);
            return hasher.verify(password, stored);
        });
    }

    @Test
    void authenticate_succeedsWithCorrectPassword() {
        LoginResult result = auth.authenticate("admin", "admin123".toCharArray(), ADDR);
        assertEquals(new LoginResult.Success("admin"), result);
        assertEquals(LoginResult.Outcome.SUCCESS, result.outcome());
    }

    @Test
    void authenticate_worksThroughPublicConstructor() {
        Authenticator plain = new Authenticator(store, hasher, new LoginThrottle());
        assertEquals(LoginResult.Outcome.SUCCESS,
                plain.authenticate("user1", "pass123".toCharArray(), ADDR).outcome());
        assertEquals(LoginResult.Outcome.BAD_CREDENTIALS,
                plain.authenticate("user1", "nope".toCharArray(), ADDR).outcome());
    }

    @Test
    void authenticate_wrongPasswordAndUnknownUserGiveIdenticalOutcome() {
        LoginResult wrongPassword = auth.authenticate("admin", "guess".toCharArray(), ADDR);
        LoginResult unknownUser = auth.authenticate("mallory", "guess".toCharArray(), "127.0.0.2");

        assertEquals(new LoginResult.BadCredentials(), wrongPassword);
        assertEquals(wrongPassword, unknownUser);
        assertEquals(wrongPassword.toString(), unknownUser.toString());
    }

    @Test
    void authenticate_unknownUserStillRunsAFullVerifyWithSameIterationCount() {
        auth.authenticate("mallory", "guess".toCharArray(), ADDR);
        auth.authenticate("admin", "guess".toCharArray(), ADDR);

        assertEquals(2, verified.size(), "both paths must pay for one hash");
        assertEquals(verified.get(1).iterations(), verified.get(0).iterations());
        assertEquals(PasswordHasher.ALGORITHM, verified.get(0).algorithm());
    }

    @Test
    void authenticate_dummyHashIsComputedOnceAndReused() {
        auth.authenticate("ghost1", "x".toCharArray(), "10.0.0.1");
        auth.authenticate("ghost2", "y".toCharArray(), "10.0.0.2");
        assertSame(verified.get(0), verified.get(1));
    }

    @Test
    void authenticate_invalidUsernameIsJustBadCredentials() {
        LoginResult result = auth.authenticate("bad name\n", "x".toCharArray(), ADDR);
        assertEquals(new LoginResult.BadCredentials(), result);
        assertEquals(1, verified.size(), "invalid names must cost the same as valid ones");
    }

    @Test
    void authenticate_throttledOutcomeCarriesRetryAfter() {
        for (int i = 0; i < 5; i++) {
            auth.authenticate("admin", "guess".toCharArray(), ADDR);
        }
        now += Duration.ofSeconds(10).toNanos();

        LoginResult result = auth.authenticate("admin", "admin123".toCharArray(), ADDR);

        LoginResult.Throttled throttled = assertInstanceOf(LoginResult.Throttled.class, result);
        assertEquals(Duration.ofSeconds(20), throttled.retryAfter());
        assertEquals(LoginResult.Outcome.THROTTLED, result.outcome());
    }

    @Test
    void authenticate_throttledAttemptDoesNotCallVerify() {
        for (int i = 0; i < 5; i++) {
            auth.authenticate("admin", "guess".toCharArray(), ADDR);
        }
        verified.clear();

        auth.authenticate("admin", "admin123".toCharArray(), ADDR);

        assertEquals(List.of(), verified);
    }

    @Test
    void authenticate_unknownUsersAreThrottledToo() {
        for (int i = 0; i < 5; i++) {
            auth.authenticate("ghost", "guess".toCharArray(), "10.0.0." + i);
        }
        assertEquals(LoginResult.Outcome.THROTTLED,
                auth.authenticate("ghost", "guess".toCharArray(), "10.9.9.9").outcome());
    }

    @Test
    void authenticate_lockLiftsAfterWindow() {
        for (int i = 0; i < 5; i++) {
            auth.authenticate("admin", "guess".toCharArray(), ADDR);
        }
        now += Duration.ofSeconds(30).toNanos();
        assertEquals(LoginResult.Outcome.SUCCESS,
                auth.authenticate("admin", "admin123".toCharArray(), ADDR).outcome());
    }

    @Test
    void authenticate_successResetsFailureCount() {
        for (int i = 0; i < 4; i++) {
            auth.authenticate("admin", "guess".toCharArray(), ADDR);
        }
        auth.authenticate("admin", "admin123".toCharArray(), ADDR);
        for (int i = 0; i < 4; i++) {
            auth.authenticate("admin", "guess".toCharArray(), ADDR);
        }
        assertEquals(LoginResult.Outcome.SUCCESS,
                auth.authenticate("admin", "admin123".toCharArray(), ADDR).outcome());
    }

    @Test
    void authenticate_doesNotModifyCallersPassword() {
        char[] password = "admin123".toCharArray();
        auth.authenticate("admin", password, ADDR);
        assertEquals("admin123", new String(password));
    }

    @Test
    void outcome_canBeSwitchedOverExhaustively() {
        LoginResult result = auth.authenticate("admin", "admin123".toCharArray(), ADDR);
        String text = switch (result) {
            case LoginResult.Success s -> "welcome " + s.username();
            case LoginResult.BadCredentials b -> "bad";
            case LoginResult.Throttled t -> "wait " + t.retryAfter();
        };
        assertEquals("welcome admin", text);
    }
}
