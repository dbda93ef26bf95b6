package ccn.alerts.crypto;

/** A key string that is not a CCN key: wrong prefix, length, characters or checksum. */
public final class InvalidKeyStringException extends Exception {
    public InvalidKeyStringException(String message) {
        super(message);
    }
}
