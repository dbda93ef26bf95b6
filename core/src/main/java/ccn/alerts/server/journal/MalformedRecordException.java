package ccn.alerts.server.journal;

/**
 * A journal line that cannot be used: torn, failing its checksum, not JSON, or not a record we
 * know. The message says which.
 */
public final class MalformedRecordException extends Exception {
    public MalformedRecordException(String message) {
        super(message);
    }
}
