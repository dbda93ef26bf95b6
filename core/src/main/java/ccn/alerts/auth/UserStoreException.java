package ccn.alerts.auth;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The users file exists but cannot be understood: malformed JSON, an unknown format version, or an
 * entry that fails validation. The store refuses to start rather than overwrite it, because the
 * file may hold the only copy of the accounts.
 */
public final class UserStoreException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public UserStoreException(Path file, String message, Throwable cause) {
        super(Objects.requireNonNull(file, "file") + ": " + message, cause);
        this.file = file;
    }

    public UserStoreException(Path file, String message) {
        this(file, message, null);
    }

    /** The offending file. */
    public Path file() {
        return file;
    }
}
