package ccn.alerts.client.gui;

import ccn.alerts.client.gui.attention.Attention;
import ccn.alerts.client.gui.attention.AttentionServices;
import ccn.alerts.client.gui.attention.AttentionSettings;
import ccn.alerts.client.gui.connection.SessionModel;
import ccn.alerts.client.gui.feed.FeedClock;
import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.client.gui.login.LoginModel;
import ccn.alerts.client.gui.login.LoginView;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.layout.StackPane;
import javafx.stage.Stage;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The window's content: the login form until a login succeeds, then the session; back to the
 * form after logout. The title names the user and server so several windows on one screen can be
 * told apart. The font size of the content is relative to the root's, which {@link ccn.alerts.gui.Zoom}
 * sets. While logged in, {@link Attention} draws attention to alerts by priority as the person's
 * {@link AttentionSettings} allow, and a {@link FeedClock} marks expired alerts.
 */
public final class ClientWindow extends StackPane {
    public static final String TITLE = "CCN Alert Client";

    private final LoginModel login;
    private final LoginView loginView;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", TITLE);
    private final ReadOnlyObjectWrapper<SessionModel> session = new ReadOnlyObjectWrapper<>(this, "session");
    /** The last engine the login form made (logged in or still logging in); read by signal handlers. */
    private volatile SessionModel latestSession;
    private final AttentionServices services;
    private final AttentionSettings settings;
    private final javafx.util.Duration ringEvery;
    /** The shown session's attention and expiry check; null on the login form. */
    private Attention attention;
    private FeedClock feedClock;

    /** A window without sound or notifications, its alert settings in memory (tests). */
    public ClientWindow(LoginDefaultsStore store, LaunchOptions options) {
        this(store, options, AttentionServices.quiet());
    }

    public ClientWindow(LoginDefaultsStore store, LaunchOptions options, AttentionServices services) {
        this(store, options, InstantSource.system(), services, Attention.RING_EVERY);
    }

    /** @param clock what the login form's lockout countdown reads (tests move it) */
    ClientWindow(LoginDefaultsStore store, LaunchOptions options, InstantSource clock) {
        this(store, options, clock, AttentionServices.quiet(), Attention.RING_EVERY);
    }

    /**
     * @param clock     what the lockout countdown and the feed's expiry read (tests move it)
     * @param ringEvery the pause between rings of an unread HIGH alert (tests shorten it)
     */
    ClientWindow(LoginDefaultsStore store, LaunchOptions options, InstantSource clock, AttentionServices services,
                 javafx.util.Duration ringEvery) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(options, "options");
        this.services = Objects.requireNonNull(services, "services");
        this.ringEvery = Objects.requireNonNull(ringEvery, "ringEvery");
        this.settings = new AttentionSettings(services.store().load());
        getStyleClass().add("client-window");
        // Remembers each engine as it is made, so a signal during a login still logs out.
        login = new LoginModel(store, config -> {
            SessionModel made = new SessionModel(config, clock);
            latestSession = made;
            return made;
        }, clock);
        options.host().ifPresent(login.hostProperty()::set);
        options.port().ifPresent(login.portProperty()::set);
        options.user().ifPresent(login.usernameProperty()::set);
        options.key().ifPresent(login.keyTextProperty()::set);
        options.password().ifPresent(login.passwordProperty()::set);
        loginView = new LoginView(login);
        login.setOnLoggedIn(this::showSession);
        showLogin();
        if (options.autoLogin()) {
            login.connect();
        }
    }

    public ReadOnlyStringProperty titleProperty() {
        return title.getReadOnlyProperty();
    }

    /** The logged-in session, or null on the login form. */
    public ReadOnlyObjectProperty<SessionModel> sessionProperty() {
        return session.getReadOnlyProperty();
    }

    public LoginModel loginModel() {
        return login;
    }

    /** The person's choices of how alerts draw attention (the settings menu changes them). */
    public AttentionSettings attentionSettings() {
        return settings;
    }

    public AttentionServices attentionServices() {
        return services;
    }

    /** The shown session's attention, or null on the login form. */
    Attention attention() {
        return attention;
    }

    /** Stops ringing and the expiry check: the window is closing. FX Application Thread. */
    public void silence() {
        if (attention != null) {
            attention.stop();
            attention = null;
        }
        if (feedClock != null) {
            feedClock.stop();
            feedClock = null;
        }
    }

    /**
     * Stops the engine without waiting (the window is closing); completes when it has logged out.
     * Any thread: a signal handler calls it too.
     */
    public CompletableFuture<Void> shutdown() {
        SessionModel s = latestSession;
        return s == null ? CompletableFuture.completedFuture(null) : s.closeInBackground();
    }

    private void showLogin() {
        silence();
        session.set(null);
        title.set(TITLE);
        getChildren().setAll(loginView);
        loginView.focusFirstEmpty();
    }

    private void showSession(SessionModel s) {
        session.set(s);
        // Who first: a narrow window's title bar (the demo tiles three) cuts the end, not the user.
        title.set(s.config().label() + " — " + TITLE);
        s.endedProperty().addListener((obs, old, ended) -> {
            if (ended) {
                login.clearPassword();
                showLogin();
            }
        });
        silence();
        attention = new Attention(s.feed(), settings, services.sound(), services.notifier(), this::bringToFront,
                ringEvery);
        feedClock = new FeedClock(s.feed());
        feedClock.start();
        getChildren().setAll(new SessionView(s, settings, services));
    }

    /** A HIGH alert: out of the task bar and in front of the other windows. */
    private void bringToFront() {
        if (getScene() != null && getScene().getWindow() instanceof Stage stage) {
            stage.setIconified(false);
            stage.toFront();
        }
    }
}
