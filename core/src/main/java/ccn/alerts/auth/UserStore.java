package ccn.alerts.auth;

import ccn.alerts.io.AtomicFile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user accounts, persisted as salted PBKDF2 hashes in {@value #FILE_NAME} inside a data
 * directory. Plaintext passwords are never written.
 *
 * <p>File format (UTF-8 JSON, salt and hash in standard Base64):
 *
 * <pre>{@code
 * {"version":1,"users":[
 *   {"username":"admin","algorithm":"PBKDF2WithHmacSHA256","iterations":600000,
 *    "salt":"<base64>","hash":"<base64>","groups":["lab-a"]}
 * ]}
 * }</pre>
 *
 * <p>{@code groups} is optional (absent: none); group names follow the username rules. A group
 * exists while it has a member.
 *
 * <p>If the file does not exist, {@link #open} seeds the default accounts {@code admin/admin123},
 * {@code user1/pass123} (group {@code lab-a}) and {@code user2/pass456} (group {@code lab-b}) and
 * writes it. If it exists but cannot be parsed
 * or validated, {@link #open} throws {@link UserStoreException} naming the file; it is never
 * silently overwritten.
 *
 * <p>Usernames are 1–{@value #MAX_USERNAME_LENGTH} characters from {@code [A-Za-z0-9._-]} and are
 * case-sensitive. Passwords are 1–{@value #MAX_PASSWORD_LENGTH} characters.
 *
 * <p>Every change is written to a temporary file in the same directory and then moved over
 * {@value #FILE_NAME} atomically (falling back to a plain replace on file systems without atomic
 * moves), so a crash leaves either the old or the new file, never a torn one.
 *
 * <p>Thread-safety: the store is safe for concurrent use. The accounts live in an immutable map
 * published through a volatile field (copy-on-write), so lookups never block; mutations are
 * serialized on the store's monitor and the new map is published only after it has been written
 * to disk, so a failed write leaves memory and file in agreement. Password hashing for
 * {@link #add} happens outside the monitor so a slow hash does not stall logins.
 */
public final class UserStore {

    /** Name of the users file inside the data directory. */
    public static final String FILE_NAME = "users.json";

    /** The only file format version this class reads and writes. */
    public static final int FORMAT_VERSION = 1;

    public static final int MAX_USERNAME_LENGTH = 64;
    public static final int MAX_PASSWORD_LENGTH = 128;

    private static final Logger log = LoggerFactory.getLogger(UserStore.class);
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final String[][] DEFAULT_USERS = {
        {"admin", "admin123"}, {"user1", "pass123"}, {"user2", "pass456"},
    };

    private final Path dir;
    private final Path file;
    private final PasswordHasher hasher;
    private final ObjectMapper mapper;
    private volatile Map<String, PasswordHash> users;
    /** Each user's groups, sorted; users without groups are absent. Published with {@link #users}. */
    private volatile Map<String, java.util.SortedSet<String>> groups = Map.of();

    private UserStore(Path dir, PasswordHasher hasher, ObjectMapper mapper) {
        this.dir = dir;
        this.file = dir.resolve(FILE_NAME);
        this.hasher = hasher;
        this.mapper = mapper;
    }

    /**
     * Loads {@value #FILE_NAME} from {@code dataDir}, creating the directory and seeding the
     * default accounts if the file is missing.
     *
     * @throws UserStoreException if the file exists but is corrupt or invalid
     * @throws IOException if the directory or file cannot be read or written
     */
    public static UserStore open(Path dataDir, PasswordHasher hasher) throws IOException {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(hasher, "hasher");
        ObjectMapper mapper = new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                // Catch hand-edited files with typos in field names instead of reading nulls.
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        UserStore store = new UserStore(dataDir, hasher, mapper);
        if (Files.exists(store.file)) {
            store.load();
            log.info("Loaded {} user(s) from {}", store.users.size(), store.file);
        } else {
            Files.createDirectories(dataDir);
            Map<String, PasswordHash> seeded = new TreeMap<>();
            for (String[] user : DEFAULT_USERS) {
                char[] password = user[1].toCharArray();
                try {
                    seeded.put(user[0], hasher.hash(password));
                } finally {
                    Arrays.fill(password, '\0');
                }
            }
            // Two lab groups, so sending to a group works from the first start (the Users tab edits them).
            Map<String, java.util.SortedSet<String>> seededGroups = new TreeMap<>(Map.of(
                    "user1", Collections.unmodifiableSortedSet(new java.util.TreeSet<>(List.of("lab-a"))),
                    "user2", Collections.unmodifiableSortedSet(new java.util.TreeSet<>(List.of("lab-b")))));
            store.write(seeded, seededGroups);
            store.groups = Collections.unmodifiableMap(seededGroups);
            store.users = Collections.unmodifiableMap(seeded);
            log.warn("Created {} with the default accounts {}; change their passwords",
                    store.file, seeded.keySet());
        }
        return store;
    }

    /** The users file this store reads and writes. */
    public Path file() {
        return file;
    }

    /** All usernames in ascending order. */
    public List<String> usernames() {
        return List.copyOf(users.keySet());
    }

    public boolean contains(String username) {
        Objects.requireNonNull(username, "username");
        return users.containsKey(username);
    }

    /** The groups {@code username} belongs to, sorted (empty for none or an unknown user). */
    public java.util.SortedSet<String> groupsOf(String username) {
        Objects.requireNonNull(username, "username");
        return groups.getOrDefault(username, Collections.emptySortedSet());
    }

    /** Every group that has a member, sorted. */
    public List<String> groups() {
        java.util.TreeSet<String> all = new java.util.TreeSet<>();
        groups.values().forEach(all::addAll);
        return List.copyOf(all);
    }

    /** The members of {@code group}, sorted (empty for an unknown group). */
    public List<String> members(String group) {
        Objects.requireNonNull(group, "group");
        List<String> out = new ArrayList<>();
        groups.forEach((user, gs) -> {
            if (gs.contains(group)) {
                out.add(user);
            }
        });
        Collections.sort(out);
        return out;
    }

    /**
     * Replaces the groups of an existing user and persists the change.
     *
     * @return false if there is no such user
     * @throws IllegalArgumentException if a group name is invalid
     * @throws IOException if the file cannot be written; the store is then unchanged
     */
    public synchronized boolean setGroups(String username, java.util.Collection<String> newGroups) throws IOException {
        Objects.requireNonNull(username, "username");
        java.util.TreeSet<String> clean = new java.util.TreeSet<>();
        for (String g : Objects.requireNonNull(newGroups, "groups")) {
            String name = g.strip();
            if (!isValidUsername(name)) {
                throw new IllegalArgumentException("invalid group name '" + LogSafe.of(name) + "': must be 1-"
                        + MAX_USERNAME_LENGTH + " characters of letters, digits, '.', '_' or '-'");
            }
            clean.add(name);
        }
        if (!users.containsKey(username)) {
            return false;
        }
        Map<String, java.util.SortedSet<String>> next = new TreeMap<>(groups);
        if (clean.isEmpty()) {
            next.remove(username);
        } else {
            next.put(username, Collections.unmodifiableSortedSet(clean));
        }
        write(users, next);
        groups = Collections.unmodifiableMap(next);
        log.info("Groups of user '{}': {}", username, clean);
        return true;
    }

    /**
     * Parses a comma- or space-separated list of group names as the Users tab takes them.
     *
     * @throws IllegalArgumentException naming the first invalid name
     */
    public static List<String> parseGroups(String text) {
        List<String> out = new ArrayList<>();
        for (String part : Objects.requireNonNull(text, "text").split("[,\\s]+")) {
            if (part.isEmpty()) {
                continue;
            }
            if (!isValidUsername(part)) {
                throw new IllegalArgumentException("invalid group name '" + LogSafe.of(part)
                        + "': use letters, digits, '.', '_' or '-'");
            }
            out.add(part);
        }
        return out;
    }

    /** Keeps a bad name printable in a message: no control characters, at most 40 characters. */
    private static final class LogSafe {
        static String of(String s) {
            String t = s.replaceAll("\\p{Cntrl}", "?");
            return t.length() > 40 ? t.substring(0, 40) + "…" : t;
        }
    }

    /** The stored hash for {@code username}, or empty if there is no such user. */
    public Optional<PasswordHash> find(String username) {
        Objects.requireNonNull(username, "username");
        return Optional.ofNullable(users.get(username));
    }

    /**
     * Adds a user and persists the change. The caller still owns {@code password} and should zero
     * it afterwards.
     *
     * @throws IllegalArgumentException if the username or password is invalid, or the user exists
     * @throws IOException if the file cannot be written; the store is then unchanged
     */
    public void add(String username, char[] password) throws IOException {
        requireValidUsername(username);
        requireValidPassword(password);
        if (contains(username)) {
            throw duplicate(username); // fail fast before the expensive hash
        }
        PasswordHash hash = hasher.hash(password);
        synchronized (this) {
            if (users.containsKey(username)) {
                throw duplicate(username); // someone added it while we were hashing
            }
            Map<String, PasswordHash> next = new TreeMap<>(users);
            next.put(username, hash);
            commit(next);
        }
        log.info("Added user '{}'", username);
    }

    /**
     * Adds several users in one write of the file (a class list, a load test): adding 10,000 one
     * by one rewrote the growing file 10,000 times. Users that exist already are skipped. The
     * caller still owns the passwords.
     *
     * @return how many were added
     * @throws IllegalArgumentException if a username or password is invalid; nothing is added then
     * @throws IOException if the file cannot be written; the store is then unchanged
     */
    public int addAll(Map<String, char[]> accounts) throws IOException {
        Map<String, PasswordHash> hashed = new TreeMap<>();
        for (Map.Entry<String, char[]> a : accounts.entrySet()) {
            requireValidUsername(a.getKey());
            requireValidPassword(a.getValue());
        }
        for (Map.Entry<String, char[]> a : accounts.entrySet()) {
            if (!contains(a.getKey())) {
                hashed.put(a.getKey(), hasher.hash(a.getValue())); // outside the monitor, as add() does
            }
        }
        int added = 0;
        synchronized (this) {
            Map<String, PasswordHash> next = new TreeMap<>(users);
            for (Map.Entry<String, PasswordHash> h : hashed.entrySet()) {
                if (next.putIfAbsent(h.getKey(), h.getValue()) == null) {
                    added++;
                }
            }
            if (added > 0) {
                commit(next);
            }
        }
        log.info("Added {} user(s)", added);
        return added;
    }

    /**
     * Replaces the password of an existing user and persists the change.
     *
     * @return false if there is no such user
     * @throws IllegalArgumentException if the password is invalid
     * @throws IOException if the file cannot be written; the store is then unchanged
     */
    public boolean setPassword(String username, char[] password) throws IOException {
        Objects.requireNonNull(username, "username");
        requireValidPassword(password);
        if (!contains(username)) {
            return false;
        }
        PasswordHash hash = hasher.hash(password);
        synchronized (this) {
            if (!users.containsKey(username)) {
                return false; // removed while we were hashing
            }
            Map<String, PasswordHash> next = new TreeMap<>(users);
            next.put(username, hash);
            commit(next);
        }
        log.info("Changed password of user '{}'", username);
        return true;
    }

    /**
     * Removes a user and persists the change.
     *
     * @return false if there was no such user
     * @throws IOException if the file cannot be written; the store is then unchanged
     */
    public synchronized boolean remove(String username) throws IOException {
        Objects.requireNonNull(username, "username");
        if (!users.containsKey(username)) {
            return false;
        }
        Map<String, PasswordHash> next = new TreeMap<>(users);
        next.remove(username);
        Map<String, java.util.SortedSet<String>> nextGroups = new TreeMap<>(groups);
        nextGroups.remove(username);
        write(next, nextGroups);
        users = Collections.unmodifiableMap(next);
        groups = Collections.unmodifiableMap(nextGroups);
        log.info("Removed user '{}'", username);
        return true;
    }

    /** Whether {@code username} satisfies the naming rules; never throws. */
    public static boolean isValidUsername(String username) {
        return username != null && USERNAME.matcher(username).matches();
    }

    static void requireValidUsername(String username) {
        Objects.requireNonNull(username, "username");
        if (!isValidUsername(username)) {
            throw new IllegalArgumentException("invalid username: must be 1-" + MAX_USERNAME_LENGTH
                    + " characters of letters, digits, '.', '_' or '-'");
        }
    }

    private static void requireValidPassword(char[] password) {
        Objects.requireNonNull(password, "password");
        if (password.length == 0) {
            throw new IllegalArgumentException("password must not be empty");
        }
        if (password.length > MAX_PASSWORD_LENGTH) {
            throw new IllegalArgumentException(
                    "password must be at most " + MAX_PASSWORD_LENGTH + " characters");
        }
    }

    private static IllegalArgumentException duplicate(String username) {
        return new IllegalArgumentException("user '" + username + "' already exists");
    }

    // Caller holds the monitor. Publishing after the write keeps memory and disk in agreement.
    private void commit(Map<String, PasswordHash> next) throws IOException {
        write(next, groups);
        users = Collections.unmodifiableMap(next);
    }

    private void load() throws IOException {
        UsersFile parsed;
        try {
            parsed = mapper.readValue(file.toFile(), UsersFile.class);
        } catch (JacksonException e) {
            throw new UserStoreException(file, "not a valid users file: " + e.getOriginalMessage(), e);
        }
        if (parsed == null) {
            throw new UserStoreException(file, "file is empty or null");
        }
        if (parsed.version() != FORMAT_VERSION) {
            throw new UserStoreException(file, "unsupported format version " + parsed.version()
                    + " (expected " + FORMAT_VERSION + ")");
        }
        if (parsed.users() == null) {
            throw new UserStoreException(file, "missing \"users\" array");
        }
        Map<String, PasswordHash> loaded = new TreeMap<>();
        Map<String, java.util.SortedSet<String>> loadedGroups = new TreeMap<>();
        Base64.Decoder base64 = Base64.getDecoder();
        for (int i = 0; i < parsed.users().size(); i++) {
            UserEntry entry = parsed.users().get(i);
            String where = "users[" + i + "]";
            if (entry == null) {
                throw new UserStoreException(file, where + " is null");
            }
            if (!isValidUsername(entry.username())) {
                throw new UserStoreException(file, where + " has an invalid or missing username");
            }
            if (!PasswordHasher.ALGORITHM.equals(entry.algorithm())) {
                throw new UserStoreException(file, where + " ('" + entry.username()
                        + "') uses unsupported algorithm " + entry.algorithm());
            }
            PasswordHash hash;
            try {
                hash = new PasswordHash(entry.algorithm(), entry.iterations(),
                        base64.decode(Objects.requireNonNull(entry.salt(), "missing salt")),
                        base64.decode(Objects.requireNonNull(entry.hash(), "missing hash")));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new UserStoreException(file, where + " ('" + entry.username()
                        + "') is invalid: " + e.getMessage(), e);
            }
            if (loaded.putIfAbsent(entry.username(), hash) != null) {
                throw new UserStoreException(file, where + " duplicates user '"
                        + entry.username() + "'");
            }
            if (entry.groups() != null && !entry.groups().isEmpty()) {
                java.util.TreeSet<String> gs = new java.util.TreeSet<>();
                for (String g : entry.groups()) {
                    if (!isValidUsername(g)) {
                        throw new UserStoreException(file, where + " ('" + entry.username()
                                + "') has an invalid group name");
                    }
                    gs.add(g);
                }
                loadedGroups.put(entry.username(), Collections.unmodifiableSortedSet(gs));
            }
        }
        users = Collections.unmodifiableMap(loaded);
        groups = Collections.unmodifiableMap(loadedGroups);
    }

    private void write(Map<String, PasswordHash> toWrite, Map<String, java.util.SortedSet<String>> groupsToWrite)
            throws IOException {
        Base64.Encoder base64 = Base64.getEncoder();
        List<UserEntry> entries = new ArrayList<>(toWrite.size());
        toWrite.forEach((name, h) -> {
            java.util.SortedSet<String> gs = groupsToWrite.get(name);
            entries.add(new UserEntry(name, h.algorithm(), h.iterations(),
                    base64.encodeToString(h.saltBytes()), base64.encodeToString(h.hashBytes()),
                    gs == null || gs.isEmpty() ? null : List.copyOf(gs)));
        });
        byte[] json = mapper.writeValueAsBytes(new UsersFile(FORMAT_VERSION, entries));

        // Owner-only on POSIX (AtomicFile's temp file is 0600): the hashes deserve it.
        AtomicFile.write(file, json);
    }

    /** On-disk shape of the whole file. */
    record UsersFile(int version, List<UserEntry> users) {}

    /** On-disk shape of one account. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    record UserEntry(String username, String algorithm, int iterations, String salt, String hash, List<String> groups) {}
}
