package ccn.alerts.server;

import ccn.alerts.server.AckTracker.Delivery;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The compact table behaves as the {@code LinkedHashMap<String, Delivery>} it replaced. */
class DeliveryTableTest {

    @Test
    void random_operations_match_a_linked_hash_map_through_growth_removals_and_rebuilds() {
        Random random = new Random(18);
        for (int round = 0; round < 20; round++) {
            DeliveryTable table = new DeliveryTable();
            LinkedHashMap<String, Delivery> model = new LinkedHashMap<>();
            int sessions = 5 + random.nextInt(3_000);
            int users = 1 + random.nextInt(Math.max(1, sessions / 2));
            for (int op = 0; op < sessions * 4; op++) {
                String session = "s" + random.nextInt(sessions);
                String user = "u" + Math.floorMod(session.hashCode(), users); // a session has one user
                switch (random.nextInt(5)) {
                    case 0, 1 -> {
                        Delivery d = new Delivery(session, user, time(random), null, 0);
                        assertEquals(model.putIfAbsent(session, d) == null, table.putIfAbsent(d), "putIfAbsent " + session);
                    }
                    case 2 -> {
                        Delivery old = model.get(session);
                        Delivery d = new Delivery(session, user, old == null ? time(random) : old.sentAt(), time(random),
                                1 + random.nextInt(4));
                        model.put(session, d);
                        table.put(d);
                    }
                    case 3 -> assertEquals(model.remove(session) != null, table.remove(session), "remove " + session);
                    default -> assertEquals(model.get(session), table.get(session), "get " + session);
                }
            }
            assertEquals(model.size(), table.size());
            assertEquals(List.copyOf(model.values()), table.values(), "order and contents");
            assertEquals(model.keySet(), table.sessions());
            for (int u = 0; u < users; u++) {
                String user = "u" + u;
                List<Delivery> expected = model.values().stream().filter(d -> d.username().equals(user)).toList();
                assertEquals(expected, table.ofUser(user), "deliveries of " + user);
                assertEquals(expected.stream().anyMatch(Delivery::acknowledged), table.anyAcknowledged(user));
            }
            assertEquals(new LinkedHashSet<>(model.values().stream().map(Delivery::username).toList()), table.users());
        }
    }

    @Test
    void times_keep_their_nanoseconds_and_a_pending_delivery_has_no_ack_time() {
        DeliveryTable table = new DeliveryTable();
        Instant sent = Instant.parse("2026-12-02T03:30:00.123456789Z");
        table.putIfAbsent(new Delivery("s1", "user1", sent, null, 0));
        assertEquals(sent, table.get("s1").sentAt());
        assertNull(table.get("s1").ackedAt());
        assertFalse(table.get("s1").acknowledged());
        Instant acked = Instant.parse("1969-07-20T20:17:40.000000001Z"); // before the epoch too
        table.put(new Delivery("s1", "user1", sent, acked, 2));
        assertEquals(new Delivery("s1", "user1", sent, acked, 2), table.get("s1"));
        assertTrue(table.anyAcknowledged("user1"));
        assertFalse(table.anyAcknowledged("user2"));
        assertNull(table.get("s2"));
        assertEquals(List.of(), table.ofUser("user2"));
    }

    @Test
    void a_session_keeps_the_user_it_was_added_with() {
        DeliveryTable table = new DeliveryTable();
        table.putIfAbsent(new Delivery("s1", "user1", Instant.EPOCH, null, 0));
        assertThrows(IllegalArgumentException.class,
                () -> table.put(new Delivery("s1", "user2", Instant.EPOCH, Instant.EPOCH, 1)));
    }

    @Test
    void removing_most_deliveries_keeps_the_rest_in_order() {
        DeliveryTable table = new DeliveryTable();
        List<String> kept = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            table.putIfAbsent(new Delivery("s" + i, "u" + (i % 7), Instant.EPOCH, null, 0));
        }
        for (int i = 0; i < 1_000; i++) {
            if (i % 10 == 3) {
                kept.add("s" + i);
            } else {
                assertTrue(table.remove("s" + i));
            }
        }
        assertEquals(kept, List.copyOf(table.sessions()));
        assertEquals(100, table.size());
        assertTrue(table.putIfAbsent(new Delivery("s4", "u4", Instant.EPOCH, null, 0)), "a removed session may come back");
        assertEquals("s4", table.values().getLast().sessionId());
    }

    private static Instant time(Random random) {
        return Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000_000));
    }
}
