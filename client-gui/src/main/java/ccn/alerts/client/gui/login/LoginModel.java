package ccn.alerts.client.gui.login;

import ccn.alerts.client.ClientConfig;
import ccn.alerts.client.ClientState;
import ccn.alerts.client.ClientStatus;
import ccn.alerts.client.gui.connection.SessionModel;
import ccn.alerts.crypto.InvalidKeyStringException;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.protocol.Message;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.beans.Observable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The login form's state: the fields (writable, bound to the text fields), what is wrong with
 * them, the key's fingerprint, whether an attempt runs, and the last attempt's failure. A failure
 * goes as soon as the field it is about is edited (it no longer describes what the form holds),
 * and at the next attempt. After THROTTLED the form is locked until the server's
 * {@code retryAfterSeconds} have passed, and the message counts them down. Use on the FX
 * Application Thread.
 */
public final class LoginModel {
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final StringProperty port = new SimpleStringProperty(this, "port", "");
    private final StringProperty username = new SimpleStringProperty(this, "username", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty keyText = new SimpleStringProperty(this, "keyText", "");

    private final ReadOnlyStringWrapper keyError = new ReadOnlyStringWrapper(this, "keyError", "");
    private final ReadOnlyStringWrapper fingerprint = new ReadOnlyStringWrapper(this, "fingerprint", "");
    private final ReadOnlyBooleanWrapper valid = new ReadOnlyBooleanWrapper(this, "valid");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyStringWrapper failure = new ReadOnlyStringWrapper(this, "failure", "");
    private final ReadOnlyObjectWrapper<ClientState> failureState = new ReadOnlyObjectWrapper<>(this, "failureState");
    private final ReadOnlyBooleanWrapper locked = new ReadOnlyBooleanWrapper(this, "locked");
    private final InstantSource clock;
    private final Timeline countdown;
    private Instant lockedUntil;

    private final LoginDefaultsStore store;
    private final Function<ClientConfig, SessionModel> sessions;
    private Consumer<SessionModel> onLoggedIn = s -> { };
    private SharedKey key;

    public LoginModel(LoginDefaultsStore store) {
        this(store, SessionModel::new);
    }

    public LoginModel(LoginDefaultsStore store, Function<ClientConfig, SessionModel> sessions) {
        this(store, sessions, InstantSource.system());
    }

    /** @param clock what the lockout countdown reads (tests pass one they can move) */
    public LoginModel(LoginDefaultsStore store, Function<ClientConfig, SessionModel> sessions, InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Four ticks a second, so the shown second changes within 250 ms of the real one.
        countdown = new Timeline(new KeyFrame(javafx.util.Duration.millis(250), e -> tick()));
        countdown.setCycleCount(Animation.INDEFINITE);
        LoginDefaults d = store.load();
        host.set(d.host());
        port.set(d.port());
        username.set(d.username());
        keyText.set(d.keyText());
        for (Observable o : new Observable[] {host, port, username, password, keyText}) {
            o.addListener(x -> validate());
        }
        clearFailureOnEdit(ClientState.UNREACHABLE, host, port);
        clearFailureOnEdit(ClientState.AUTH_FAILED, username, password);
        clearFailureOnEdit(ClientState.WRONG_KEY, keyText);
        clearFailureOnEdit(ClientState.WRONG_SERVER, keyText, host, port);
        validate();
    }

    public StringProperty hostProperty() {
        return host;
    }

    public StringProperty portProperty() {
        return port;
    }

    public StringProperty usernameProperty() {
        return username;
    }

    public StringProperty passwordProperty() {
        return password;
    }

    public StringProperty keyTextProperty() {
        return keyText;
    }

    /** Why the key string is not a key, as soon as something is typed; empty when fine or blank. */
    public ReadOnlyStringProperty keyErrorProperty() {
        return keyError.getReadOnlyProperty();
    }

    /** The valid key's fingerprint, e.g. {@code 773E-712B}; empty otherwise. */
    public ReadOnlyStringProperty fingerprintProperty() {
        return fingerprint.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty validProperty() {
        return valid.getReadOnlyProperty();
    }

    /** True while a connection attempt runs. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The last attempt's failure in a plain sentence; empty when there is none. */
    public ReadOnlyStringProperty failureProperty() {
        return failure.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<ClientState> failureStateProperty() {
        return failureState.getReadOnlyProperty();
    }

    /** True while the server refuses logins from here (THROTTLED); Connect waits for it. */
    public ReadOnlyBooleanProperty lockedProperty() {
        return locked.getReadOnlyProperty();
    }

    /** Called on the FX thread with the connected session after a successful login. */
    public void setOnLoggedIn(Consumer<SessionModel> handler) {
        this.onLoggedIn = Objects.requireNonNull(handler, "handler");
    }

    /** Starts a login with the form's values; does nothing while invalid or busy. */
    public void connect() {
        if (!valid.get() || busy.get() || locked.get()) {
            return;
        }
        ClientConfig config = ClientConfig.of(host.get().trim(), Integer.parseInt(port.get().trim()),
                username.get().trim(), password.get(), key);
        LoginDefaults remembered = new LoginDefaults(config.host(), Integer.toString(config.port()), config.username(),
                keyText.get().strip());
        // Preferences.flush writes to disk (or the registry): not on the FX thread.
        Thread.ofVirtual().name("ccn-remember-login").start(() -> store.save(remembered));
        busy.set(true);
        clearFailure();
        SessionModel session = sessions.apply(config);
        session.connect().whenComplete((status, error) -> Platform.runLater(() -> finish(session, status, error)));
    }

    private void finish(SessionModel session, ClientStatus status, Throwable error) {
        busy.set(false);
        if (error == null && status.state() == ClientState.CONNECTED) {
            onLoggedIn.accept(session);
            return;
        }
        if (error != null) {
            failureState.set(ClientState.UNREACHABLE);
            failure.set("Could not connect: " + error.getMessage());
        } else if (status.state() == ClientState.THROTTLED && status.retryAt() != null) {
            failureState.set(ClientState.THROTTLED);
            lockedUntil = status.retryAt();
            locked.set(true);
            tick();
            countdown.play();
        } else {
            failureState.set(status.state());
            failure.set(message(status, host.get().trim(), port.get().trim()));
        }
    }

    private void tick() {
        long seconds = secondsLeft();
        if (seconds > 0) {
            failure.set("Too many attempts — retry in " + seconds + " s.");
        } else {
            countdown.stop();
            locked.set(false);
            failure.set("You can try again now.");
        }
    }

    private long secondsLeft() {
        long ms = java.time.Duration.between(clock.instant(), lockedUntil).toMillis();
        return Math.max(0, (ms + 999) / 1000);
    }

    private void clearFailureOnEdit(ClientState about, Observable... fields) {
        for (Observable f : fields) {
            f.addListener(x -> {
                ClientState shown = failureState.get();
                if (shown == about || shown == ClientState.THROTTLED && !locked.get()) {
                    clearFailure();
                }
            });
        }
    }

    private void clearFailure() {
        failure.set("");
        failureState.set(null);
    }

    /** Forgets the password, e.g. after logout. */
    public void clearPassword() {
        password.set("");
    }

    static String message(ClientStatus status, String host, String port) {
        return switch (status.state()) {
            case AUTH_FAILED -> "Wrong username or password.";
            case WRONG_KEY -> "Wrong class key — the server refused your key string; copy the one shown in the server window.";
            case WRONG_SERVER -> status.reason() + ".";
            case UNREACHABLE -> status.reason().contains(host + ":" + port) ? status.reason() + "."
                    : "Server unreachable at " + host + ":" + port + ": " + status.reason() + ".";
            case THROTTLED -> status.reason() + ".";
            default -> status.reason();
        };
    }

    private void validate() {
        String k = keyText.get();
        key = null;
        if (k == null || k.isBlank()) {
            keyError.set("");
        } else {
            try {
                key = SharedKey.parse(k);
                keyError.set("");
            } catch (InvalidKeyStringException e) {
                keyError.set(capitalise(e.getMessage()) + ".");
            }
        }
        fingerprint.set(key == null ? "" : key.fingerprint());
        String user = username.get() == null ? "" : username.get().trim();
        String pw = password.get() == null ? "" : password.get();
        valid.set(key != null && host.get() != null && !host.get().isBlank() && validPort(port.get())
                && !user.isEmpty() && user.length() <= Message.MAX_USERNAME
                && !pw.isEmpty() && pw.length() <= Message.MAX_PASSWORD);
    }

    private static boolean validPort(String text) {
        try {
            int p = Integer.parseInt(text == null ? "" : text.trim());
            return p >= 1 && p <= 65_535;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
