package ccn.alerts.protocol;

/** Which way a frame travels; its code is part of every frame's associated data. */
public enum Direction {
    CLIENT_TO_SERVER((byte) 'C'),
    SERVER_TO_CLIENT((byte) 'S');

    private final byte code;

    Direction(byte code) {
        this.code = code;
    }

    public byte code() {
        return code;
    }

    public Direction reverse() {
        return this == CLIENT_TO_SERVER ? SERVER_TO_CLIENT : CLIENT_TO_SERVER;
    }
}
