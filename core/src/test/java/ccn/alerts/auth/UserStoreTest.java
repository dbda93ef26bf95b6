package ccn.alerts.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserStoreTest {

    private final PasswordHasher hasher = new PasswordHasher(1_000);

    @TempDir
    Path dir;

    @Test
    void addAll_addsTheNewOnesInOneWrite_skipsThoseThatExist_andSurvivesAReopen() throws Exception {
        UserStore store = UserStore.open(dir, hasher);
        java.util.Map<String, char[]> accounts = new java.util.LinkedHashMap<>();
        accounts.put("user1", "other".toCharArray()); // exists: kept as it was
        accounts.put("class-01", "pw1".toCharArray());
        accounts.put("class-02", "pw2".toCharArray());

        assertEquals(2, store.addAll(accounts));

        UserStore reopened = UserStore.open(dir, hasher);
        assertTrue(reopened.contains("class-01") && reopened.contains("class-02"));
        assertTrue(hasher.verify("pass123".toCharArray(), reopened.find("user1").orElseThrow()), "user1's password unchanged");
        assertEquals(java.util.List.of("lab-a"), java.util.List.copyOf(reopened.groupsOf("user1")), "groups kept");
        java.util.Map<String, char[]> bad = java.util.Map.of("bad name!", "x".toCharArray());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.addAll(bad));
    }

    @Test
    void groups_areSeeded_setAndKeptAcrossAReopen() throws Exception {
        UserStore store = UserStore.open(dir, hasher);
        assertEquals(java.util.List.of("lab-a", "lab-b"), store.groups());
        assertTrue(store.setGroups("admin", java.util.List.of("staff", " lab-a ")));
        assertEquals(java.util.List.of("admin", "user1"), store.members("lab-a"));
        assertEquals(java.util.List.of("lab-a", "staff"), java.util.List.copyOf(UserStore.open(dir, hasher).groupsOf("admin")));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.setGroups("admin", java.util.List.of("a,b")));
    }

    @Test
    void open_seedsDefaultUsersOnFirstStart() throws IOException {
        UserStore store = UserStore.open(dir, hasher);

        assertEquals(List.of("admin", "user1", "user2"), store.usernames());
        assertTrue(hasher.verify("admin123".toCharArray(), store.find("admin").orElseThrow()));
        assertTrue(hasher.verify("pass123".toCharArray(), store.find("user1").orElseThrow()));
        assertTrue(hasher.verify("pass456".toCharArray(), store.find("user2").orElseThrow()));
        assertTrue(Files.isRegularFile(dir.resolve("users.json")));
    }

    @Test
    void open_createsMissingDataDirectory() throws IOException {
        Path nested = dir.resolve("a/b/data");
        UserStore.open(nested, hasher);
        assertTrue(Files.isRegularFile(nested.resolve("users.json")));
    }

    @Test
    void file_containsNoPlaintextPasswords() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        store.add("carol", "hunter2-secret".toCharArray());

        String text = Files.readString(store.file());
        assertFalse(text.contains("admin123"));
        assertFalse(text.contains("pass123"));
        assertFalse(text.contains("pass456"));
        assertFalse(text.contains("hunter2-secret"));
    }

    @Test
    void file_followsDocumentedFormat() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        JsonNode root = new ObjectMapper().readTree(store.file().toFile());

        assertEquals(1, root.get("version").asInt());
        JsonNode admin = root.get("users").get(0);
        assertEquals("admin", admin.get("username").asText());
        assertEquals("PBKDF2WithHmacSHA256", admin.get("algorithm").asText());
        assertEquals(1_000, admin.get("iterations").asInt());
        assertEquals(16, java.util.Base64.getDecoder().decode(admin.get("salt").asText()).length);
        assertEquals(32, java.util.Base64.getDecoder().decode(admin.get("hash").asText()).length);
    }

    @Test
    void reopen_keepsUsersAndHashes() throws IOException {
        UserStore first = UserStore.open(dir, hasher);
        first.add("dave", "correct horse".toCharArray());
        first.remove("user2");
        PasswordHash adminHash = first.find("admin").orElseThrow();

        UserStore second = UserStore.open(dir, hasher);

        assertEquals(List.of("admin", "dave", "user1"), second.usernames());
        assertEquals(adminHash, second.find("admin").orElseThrow());
        assertTrue(hasher.verify("correct horse".toCharArray(), second.find("dave").orElseThrow()));
    }

    @Test
    void reopen_doesNotReseedRemovedDefaults() throws IOException {
        UserStore first = UserStore.open(dir, hasher);
        first.remove("user1");
        first.remove("user2");
        assertEquals(List.of("admin"), UserStore.open(dir, hasher).usernames());
    }

    @Test
    void add_thenContainsFindAndSortedList() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        store.add("zed", "pw".toCharArray());
        store.add("bob", "pw".toCharArray());

        assertEquals(List.of("admin", "bob", "user1", "user2", "zed"), store.usernames());
        assertTrue(store.contains("bob"));
        assertTrue(store.find("bob").isPresent());
        assertFalse(store.contains("nobody"));
        assertTrue(store.find("nobody").isEmpty());
    }

    @Test
    void usernames_areCaseSensitive() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        assertFalse(store.contains("Admin"));
    }

    @Test
    void remove_returnsWhetherUserExisted() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        assertTrue(store.remove("user1"));
        assertFalse(store.remove("user1"));
        assertFalse(store.contains("user1"));
    }

    @Test
    void add_rejectsDuplicateUsername() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        var e = assertThrows(IllegalArgumentException.class,
                () -> store.add("admin", "other".toCharArray()));
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
        assertTrue(hasher.verify("admin123".toCharArray(), store.find("admin").orElseThrow()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "semi;colon", "slash/", "ünïcode", "tab\t",
            "new\nline",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}) // 65 chars
    void add_rejectsInvalidUsernames(String username) throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        var e = assertThrows(IllegalArgumentException.class,
                () -> store.add(username, "pw".toCharArray()));
        assertTrue(e.getMessage().contains("invalid username"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "A.b_c-9", "0"})
    void add_acceptsValidUsernames(String username) throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        store.add(username, "pw".toCharArray());
        assertTrue(store.contains(username));
    }

    @Test
    void add_acceptsUsernameOfExactly64Characters() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        store.add("x".repeat(64), "pw".toCharArray());
        assertTrue(store.contains("x".repeat(64)));
    }

    @Test
    void add_rejectsEmptyPassword() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        var e = assertThrows(IllegalArgumentException.class, () -> store.add("eve", new char[0]));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        assertFalse(store.contains("eve"));
    }

    @Test
    void add_rejectsPasswordLongerThan128() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        assertThrows(IllegalArgumentException.class,
                () -> store.add("eve", "p".repeat(129).toCharArray()));
        store.add("eve", "p".repeat(128).toCharArray());
        assertTrue(store.contains("eve"));
    }

    @Test
    void setPassword_replacesHashAndPersists() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        assertTrue(store.setPassword("user1", "fresh".toCharArray()));
        assertFalse(store.setPassword("ghost", "fresh".toCharArray()));

        PasswordHash reloaded = UserStore.open(dir, hasher).find("user1").orElseThrow();
        assertTrue(hasher.verify("fresh".toCharArray(), reloaded));
        assertFalse(hasher.verify("pass123".toCharArray(), reloaded));
    }

    @Test
    void writes_leaveNoTempFilesBehind() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        store.add("a1", "pw".toCharArray());
        store.remove("a1");
        store.setPassword("admin", "pw".toCharArray());

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("users.json")), files.toList());
        }
    }

    @Test
    void failedWrite_leavesStoreUnchanged() throws IOException {
        UserStore store = UserStore.open(dir, hasher);
        // A directory in place of the file makes the move fail, whatever the OS.
        Files.delete(store.file());
        Files.createDirectory(store.file());
        Files.writeString(store.file().resolve("blocker"), "x");

        assertThrows(IOException.class, () -> store.add("newbie", "pw".toCharArray()));
        assertFalse(store.contains("newbie"));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(store.file()), files.toList(), "temp file must be cleaned up");
        }
    }

    @Test
    void open_reportsCorruptFileClearlyAndDoesNotOverwriteIt() throws IOException {
        Path file = dir.resolve("users.json");
        String garbage = "{\"version\":1,\"users\":[{\"username\":\"admin\"";
        Files.writeString(file, garbage);

        UserStoreException e = assertThrows(UserStoreException.class,
                () -> UserStore.open(dir, hasher));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(file, e.file());
        assertEquals(garbage, Files.readString(file));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "null",
        "[]",
        "{\"version\":2,\"users\":[]}",
        "{\"version\":1}",
        "{\"version\":1,\"users\":[null]}",
        "{\"version\":1,\"users\":[{\"username\":\"bad name\",\"algorithm\":\"PBKDF2WithHmacSHA256\","
                + "\"iterations\":1000,\"salt\":\"AAAA\",\"hash\":\"AAAA\"}]}",
        "{\"version\":1,\"users\":[{\"username\":\"a\",\"algorithm\":\"MD5\","
                + "\"iterations\":1000,\"salt\":\"AAAA\",\"hash\":\"AAAA\"}]}",
        "{\"version\":1,\"users\":[{\"username\":\"a\",\"algorithm\":\"PBKDF2WithHmacSHA256\","
                + "\"iterations\":1000,\"salt\":\"not base64!\",\"hash\":\"AAAA\"}]}",
        "{\"version\":1,\"users\":[{\"username\":\"a\",\"algorithm\":\"PBKDF2WithHmacSHA256\","
                + "\"iterations\":1000,\"salt\":\"AAAA\"}]}",
        "{\"version\":1,\"users\":[{\"username\":\"a\",\"algorithm\":\"PBKDF2WithHmacSHA256\","
                + "\"iterations\":0,\"salt\":\"AAAA\",\"hash\":\"AAAA\"}]}",
        "{\"version\":1,\"users\":[{\"username\":\"a\",\"algorithm\":\"PBKDF2WithHmacSHA256\","
                + "\"iterations\":1000,\"salt\":\"AAAA\",\"hash\":\"AAAA\","
                + "\"password\":\"plain\"}]}",
        "{\"version\":1,\"users\":["
                + "{\"username\":\"a\",\"algorithm\":\"PBKDF2WithHmacSHA256\","
                + "\"iterations\":1000,\"salt\":\"AAAA\",\"hash\":\"AAAA\"},"
                + "{\"username\":\"a\",\"algorithm\":\"PBKDF2WithHmacSHA256\","
                + "\"iterations\":1000,\"salt\":\"AAAA\",\"hash\":\"AAAA\"}]}",
    })
    void open_rejectsInvalidContentWithFileNameInMessage(String content) throws IOException {
        Path file = dir.resolve("users.json");
        Files.writeString(file, content, StandardCharsets.UTF_8);

        UserStoreException e = assertThrows(UserStoreException.class,
                () -> UserStore.open(dir, hasher));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        assertEquals(content, Files.readString(file), "corrupt file must not be overwritten");
    }

    @Test
    void concurrentAdds_allPersist() throws Exception {
        UserStore store = UserStore.open(dir, hasher);
        List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String name = "t" + i;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    store.add(name, "pw".toCharArray());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(11, store.usernames().size());
        assertEquals(11, UserStore.open(dir, hasher).usernames().size());
    }
}
