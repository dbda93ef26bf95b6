package ccn.alerts.server;

/**
 * Counters for the console, read at one moment.
 *
 * @param connections    open connections, logged in or not
 * @param clients        logged-in sessions
 * @param alerts         alerts broadcast since the server object was created
 * @param deliveries     alert frames queued to sessions
 * @param acknowledgements ACKs recorded for those deliveries
 */
public record ServerStats(int connections, int clients, long alerts, long deliveries, long acknowledgements,
                          long bytesIn, long bytesOut) {

    /** Share of deliveries acknowledged, 0..1; 1 when nothing was delivered yet. */
    public double ackRate() {
        return deliveries == 0 ? 1.0 : (double) acknowledgements / deliveries;
    }
}
