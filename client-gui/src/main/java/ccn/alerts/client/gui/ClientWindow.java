package ccn.alerts.client.gui;

import ccn.alerts.client.gui.connection.SessionModel;
import ccn.alerts.client.gui.login.LoginDefaultsStore;
import ccn.alerts.client.gui.login.LoginModel;
import ccn.alerts.client.gui.login.LoginView;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.layout.StackPane;

import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * The window's content: the login form until a login succeeds, then the session; back to the
 * form after logout. The title names the user and server so several windows on one screen can be
 * told apart. The font size of the content is relative to the root's, which {@link ccn.alerts.gui.Zoom}
 * sets.
 */
public final class ClientWindow extends StackPane {
    public static final String TITLE = "CCN Alert Client";

    private final LoginModel login;
    private final LoginView loginView;
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper(this, "title", TITLE);
    private final ReadOnlyObjectWrapper<SessionModel> session = new ReadOnlyObjectWrapper<>(this, "session");
    /** The last engine the login form made (logged in or still logging in); read by signal handlers. */
    private volatile SessionModel latestSession;

    public ClientWindow(LoginDefaultsStore store, LaunchOptions options) {
        this(store, options, InstantSource.system());
    }

    /** @param clock what the login form's lockout countdown reads (tests move it) */
    ClientWindow(LoginDefaultsStore store, LaunchOptions options, InstantSource clock) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(options, "options");
        getStyleClass().add("client-window");
        // Remembers each engine as it is made, so a signal during a login still logs out.
        login = new LoginModel(store, config -> {
            SessionModel made = new SessionModel(config);
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

    /**
     * Stops the engine without waiting (the window is closing); completes when it has logged out.
     * Any thread: a signal handler calls it too.
     */
    public CompletableFuture<Void> shutdown() {
        SessionModel s = latestSession;
        return s == null ? CompletableFuture.completedFuture(null) : s.closeInBackground();
    }

    private void showLogin() {
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
        getChildren().setAll(new SessionView(s));
    }
}
