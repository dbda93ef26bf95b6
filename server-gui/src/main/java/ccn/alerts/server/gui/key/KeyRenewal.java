package ccn.alerts.server.gui.key;

/** What "Regenerate" renews: the class key, the server identity, or both. */
public enum KeyRenewal {
    CLASS_KEY(true, false),
    IDENTITY(false, true),
    BOTH(true, true);

    private final boolean classKey;
    private final boolean identity;

    KeyRenewal(boolean classKey, boolean identity) {
        this.classKey = classKey;
        this.identity = identity;
    }

    public boolean classKey() {
        return classKey;
    }

    public boolean identity() {
        return identity;
    }
}
