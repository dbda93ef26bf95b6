package ccn.alerts.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Arrays;
import java.util.Locale;

/**
 * What one load run measured. Times are milliseconds, sizes MiB, CPU in milliseconds of process
 * CPU time (all cores). Immutable; {@link #toJson()} is the machine-readable line,
 * {@link #toTable()} the human one.
 *
 * @param mode               {@code server-jvm} (server in its own JVM) or {@code in-process}
 *                           (server figures then include the clients)
 * @param passwordIterations PBKDF2 rounds of the load users (lowered from the default for the run)
 * @param allAcknowledged    every timed alert was acknowledged by every connected client
 * @param minAcks            fewest ACKs any timed alert got
 * @param cpuPerAlertMs      server CPU per alert (fan-out to all clients, ACKs included)
 * @param idleCpuPercent     server CPU while idle, in percent of one core
 * @param serverThreads      the server's live platform threads once every client has logged in
 * @param serverPeakThreads  the most it had at once until then (start-up and logins included)
 * @param loggedIn           sessions the server counted as logged in at that moment
 */
public record LoadReport(
        String mode, int clients, int connected, int alerts, int passwordIterations, int heartbeatSeconds,
        double connectSeconds, double loginsPerSecond, int connectFailures,
        double fanOutP50Ms, double fanOutP99Ms, double fanOutMaxMs, boolean allAcknowledged, int minAcks,
        double e2eP50Ms, double e2eP99Ms, double e2eMaxMs,
        double cpuConnectMs, double cpuPerAlertMs,
        double heapAfterGcMb, int serverThreads, int serverPeakThreads, int loggedIn,
        double idleSeconds, double idleCpuPercent, double heartbeatsPerSecond, double idleHeapAfterGcMb,
        int cores, String javaVersion, double loadAverage) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Nearest-rank percentile of nanosecond samples, in milliseconds. */
    static double percentileMs(long[] nanos, double p) {
        if (nanos.length == 0) {
            return Double.NaN;
        }
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public String toTable() {
        StringBuilder b = new StringBuilder();
        row(b, "mode", mode);
        row(b, "clients connected / asked", connected + " / " + clients + (connectFailures > 0 ? " (" + connectFailures + " failed)" : ""));
        row(b, "password hashing", passwordIterations + " PBKDF2 iterations (lowered for the run)");
        row(b, "connect + login", f("%.2f s, %.0f logins/s", connectSeconds, loginsPerSecond));
        row(b, "fan-out (broadcast to last ACK)", f("p50 %.2f ms, p99 %.2f ms, max %.2f ms over %d alerts",
                fanOutP50Ms, fanOutP99Ms, fanOutMaxMs, alerts));
        row(b, "every alert ACKed by every client", allAcknowledged + " (fewest ACKs " + minAcks + ")");
        row(b, "end-to-end, one alert to one client", f("p50 %.3f ms, p99 %.3f ms, max %.3f ms", e2eP50Ms, e2eP99Ms, e2eMaxMs));
        row(b, "server CPU", f("%.0f ms for all logins, %.2f ms per alert", cpuConnectMs, cpuPerAlertMs));
        row(b, "server heap after GC", f("%.1f MiB", heapAfterGcMb));
        row(b, "server threads, " + loggedIn + " logged in", f("%d live, peak %d (platform threads; the JVM does not"
                + " count virtual ones)", serverThreads, serverPeakThreads));
        if (idleSeconds > 0) {
            row(b, "idle, heartbeat every " + heartbeatSeconds + " s", f("%.2f %% of a core over %.0f s, %.0f heartbeats/s, heap %.1f MiB",
                    idleCpuPercent, idleSeconds, heartbeatsPerSecond, idleHeapAfterGcMb));
        }
        row(b, "machine", f("%d cores, Java %s, load average %.2f", cores, javaVersion, loadAverage));
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append(String.format(Locale.ROOT, "| %-38s | %s%n", name, value));
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
