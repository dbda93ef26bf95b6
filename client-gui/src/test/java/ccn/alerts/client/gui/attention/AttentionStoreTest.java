package ccn.alerts.client.gui.attention;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AttentionStoreTest {
    private final Preferences node = Preferences.userRoot().node("ccn-alerts-test-" + UUID.randomUUID());

    @AfterEach
    void removeNode() throws BackingStoreException {
        node.removeNode();
    }

    @Test
    void preferences_startWithEverythingOn() {
        assertEquals(AttentionChoices.ALL, AttentionStore.preferences(node).load());
    }

    @Test
    void preferences_rememberEachSwitch() {
        AttentionChoices choices = new AttentionChoices(false, true, false, true);

        // when:
        AttentionStore.preferences(node).save(choices);

        // then: a new store on the same node (the next launch) reads them back
        assertEquals(choices, AttentionStore.preferences(node).load());
    }
}
