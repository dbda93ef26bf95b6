package ccn.alerts.server;

import ccn.alerts.alert.AlertIdSequence;
import ccn.alerts.auth.PasswordHasher;
import ccn.alerts.auth.UserStore;
import ccn.alerts.crypto.ServerKeys;
import ccn.alerts.crypto.SharedKey;
import ccn.alerts.log.EventLog;
import ccn.alerts.log.EventType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Everything the server keeps in its data directory, opened together and closed together: the
 * event log ({@code server_log.txt}), the shared key, the users, the alert id sequence, and the
 * alert journal replayed into a fresh {@link AckTracker}.
 *
 * <p>Thread-safety: the parts are thread-safe themselves; {@link #close} once, at the end.
 */
final class DataDirectory implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DataDirectory.class);

    final Path dir;
    final EventLog eventLog;
    final UserStore users;
    final AlertIdSequence alertIds;
    final AckTracker tracker;
    final AlertJournal journal;
    /** The highest session number the journal mentions: new sessions must not reuse one. */
    final long highestSession;
    private volatile ServerKeys keys;

    private DataDirectory(Path dir, EventLog eventLog, ServerKeys keys, UserStore users, AlertIdSequence alertIds,
                          AckTracker tracker, AlertJournal journal) {
        this.dir = dir;
        this.eventLog = eventLog;
        this.keys = keys;
        this.users = users;
        this.alertIds = alertIds;
        this.tracker = tracker;
        this.journal = journal;
        this.highestSession = journal.loadReport().highestSession();
    }

    /** Opens (creating what is missing) and reports in the event log what the journal gave back. */
    static DataDirectory open(ServerConfig config, PasswordHasher hasher) throws IOException {
        Path dir = config.dataDir();
        EventLog eventLog = EventLog.open(dir);
        try {
            ServerKeys keys = ServerKeys.loadOrCreate(dir, note -> eventLog.log(EventType.SERVER, note));
            UserStore users = UserStore.open(dir, hasher);
            AlertIdSequence alertIds = AlertIdSequence.open(dir);
            AckTracker tracker = new AckTracker(config.retainedAlerts(), config.retention());
            AlertJournal journal = AlertJournal.open(dir, tracker, AlertJournal.DEFAULT_COMPACT_BYTES);
            DataDirectory data = new DataDirectory(dir, eventLog, keys, users, alertIds, tracker, journal);
            data.reportRestore();
            return data;
        } catch (IOException | RuntimeException e) {
            eventLog.close();
            throw e;
        }
    }

    private void reportRestore() throws IOException {
        AlertJournal.LoadReport report = journal.loadReport();
        if (report.corrupt()) {
            String text = "Alert journal " + journal.file() + " is damaged at byte offset " + report.corruptAt()
                    + ": " + report.problem() + "; kept the " + report.records() + " valid record(s) before it";
            LOG.error(text);
            eventLog.log(EventType.ERROR, text);
        }
        if (report.records() > 0) {
            eventLog.log(EventType.SERVER, "Restored " + tracker.statuses().size() + " recent alert(s) from the alert journal");
        }
        if (alertIds.advancePast(report.highestAlertId())) {
            eventLog.log(EventType.ERROR, "The alert id file was behind the alert journal; ids continue after "
                    + report.highestAlertId());
        } else if (alertIds.continueAfter(report.highestAlertId())) {
            // The ids reserved after it were never journalled, so nobody saw them: no gap.
            eventLog.log(EventType.SERVER, "The previous run did not shut down cleanly; alert ids continue after "
                    + report.highestAlertId() + ", the last one in the alert journal");
        }
    }

    /** The key string students paste. */
    SharedKey key() {
        return keys.sharedKey();
    }

    /** The class key and the identity, for the handshake. */
    ServerKeys keys() {
        return keys;
    }

    /** Renews the class key, the identity or both, on disk and in memory. */
    SharedKey regenerate(boolean classKey, boolean identity) throws IOException {
        ServerKeys fresh = keys.renew(classKey, identity);
        fresh.store(dir);
        keys = fresh;
        return fresh.sharedKey();
    }

    /** Flushes the journal, saves the next alert id and closes the log, each even if another fails. */
    @Override
    public void close() {
        try {
            journal.close();
        } catch (IOException e) {
            LOG.warn("Could not flush the alert journal", e);
        }
        try {
            alertIds.close();
        } catch (IOException e) {
            LOG.warn("Could not save the next alert id; the next start skips ahead instead", e);
        }
        eventLog.close();
    }
}
