package ccn.alerts.client.gui.login;

import java.util.Objects;

/** What the login form remembers between runs. Never the password. */
public record LoginDefaults(String host, String port, String username, String keyText) {
    public static final LoginDefaults FIRST_RUN = new LoginDefaults("127.0.0.1", "8888", "", "");

    public LoginDefaults {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(keyText, "keyText");
    }
}
