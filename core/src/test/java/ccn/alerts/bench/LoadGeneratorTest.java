package ccn.alerts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keeps the load generator working: a tiny in-process run must measure and fully acknowledge. */
class LoadGeneratorTest {

    @Test
    void run_withTwentyClients_everyAlertIsAcknowledgedByEveryClientAndReported(@TempDir Path dir) throws Exception {
        // given:
        LoadGenerator.Options options = LoadGenerator.Options.defaults()
                .withClients(20).withAlerts(5, 1).withIdleSeconds(0).inProcess(dir);

        // when:
        LoadReport report = LoadGenerator.run(options);

        // then:
        assertEquals(20, report.connected());
        assertEquals(5, report.alerts());
        assertEquals(20, report.minAcks(), "fewest ACKs any alert got");
        assertTrue(report.allAcknowledged());
        assertTrue(report.fanOutP50Ms() > 0 && report.fanOutP50Ms() <= report.fanOutP99Ms()
                && report.fanOutP99Ms() <= report.fanOutMaxMs(), report.toTable());
        assertTrue(report.e2eP50Ms() > 0, "end-to-end latency measured: " + report.toTable());
        assertTrue(report.loginsPerSecond() > 0 && report.heapAfterGcMb() > 0 && report.serverThreads() > 0);
        assertEquals(20, report.loggedIn(), "sessions the server counted as logged in");
        assertTrue(report.serverPeakThreads() >= report.serverThreads(), report.toTable());
        JsonNode json = new ObjectMapper().readTree(report.toJson());
        for (String field : List.of("mode", "clients", "connected", "alerts", "passwordIterations", "loginsPerSecond",
                "fanOutP50Ms", "fanOutP99Ms", "fanOutMaxMs", "allAcknowledged", "e2eP99Ms", "cpuPerAlertMs",
                "heapAfterGcMb", "serverThreads", "serverPeakThreads", "loggedIn", "idleCpuPercent", "cores", "loadAverage")) {
            assertTrue(json.has(field), "JSON line lacks " + field + ": " + json);
        }
        assertTrue(report.toTable().contains("lowered for the run"), "the table says hashing was lowered");
    }

    @Test
    void run_withTheServerInItsOwnJvm_startsItFromTheSameClassPathAndMeasuresIt(@TempDir Path dir) throws Exception {
        // given: the default mode, whose child JVM must find BenchServer on the class path we build
        LoadGenerator.Options options = LoadGenerator.Options.defaults()
                .withClients(60).withAlerts(3, 1).withIdleSeconds(0).withDataDir(dir);

        // when:
        LoadReport report = LoadGenerator.run(options);

        // then:
        assertEquals("server-jvm", report.mode());
        assertTrue(report.allAcknowledged(), report.toTable());
        assertEquals(60, report.loggedIn(), "the server JVM counted every client logged in");
        // The figure is the server JVM's alone, and sessions have no thread of their own.
        assertTrue(report.serverThreads() > 0 && report.serverThreads() < 60, "fewer threads than sessions: "
                + report.toTable());
    }

    @Test
    void parse_readsTheDocumentedFlags() {
        LoadGenerator.Options o = LoadGenerator.parse(new String[] {"--clients", "300", "--alerts", "7", "--in-process",
                "--heartbeat", "2", "--idle", "0"});
        assertEquals(300, o.clients());
        assertEquals(7, o.alerts());
        assertEquals(false, o.serverJvm());
        assertEquals(2, o.heartbeatSeconds());
        assertEquals(100, o.users(), "at most 100 accounts by default");
    }

    @Test
    void percentile_isNearestRank() {
        long[] ms = {5_000_000, 1_000_000, 3_000_000, 2_000_000, 4_000_000};
        assertEquals(3.0, LoadReport.percentileMs(ms, 50));
        assertEquals(5.0, LoadReport.percentileMs(ms, 99));
        assertEquals(1.0, LoadReport.percentileMs(ms, 1));
    }
}
