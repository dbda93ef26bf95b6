package ccn.alerts.alert;

import ccn.alerts.protocol.Message;

/**
 * Where automatic alerts get their weather from. The server asks for one reading per alert
 * interval; {@link WeatherSources#parse} builds one from the {@code --weather} command-line flag.
 *
 * <p>Thread-safety: implementations must be safe for concurrent use. {@link #read()} may block for
 * network I/O (bounded by the source's own timeout), so do not call it while holding a lock that
 * other work needs.
 */
public interface WeatherSource {

    /**
     * Takes one reading.
     *
     * @return a valid reading, never {@code null}
     * @throws WeatherUnavailableException if no reading can be had now; the message says why
     */
    Message.Weather read() throws WeatherUnavailableException;

    /** A short human description for logs and the status display, e.g. {@code "Open-Meteo 24.86,67.01"}. */
    String describe();
}
