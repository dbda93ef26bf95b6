package ccn.alerts.bench;

import ccn.alerts.auth.PasswordHasher;
import ccn.alerts.auth.UserStore;
import ccn.alerts.crypto.SharedKey;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A crowd of heart-beating load clients for a server started some other way (the console, for
 * its resident memory at 1,000 clients: {@code server-gui/bench/console-rss.sh}).
 *
 * <pre>
 * Crowd prepare DATA_DIR USERS          accounts load-00000 … with the load password, in users.json
 * Crowd connect PORT KEY_FILE CLIENTS SECONDS
 *                                       logs them in, answers every ALERT with ACK, heartbeats for
 *                                       SECONDS, prints "@crowd LOGGED_IN n" then "@crowd DONE …"
 * </pre>
 */
public final class Crowd {
    private Crowd() {
    }

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "prepare" -> prepare(Path.of(args[1]), Integer.parseInt(args[2]));
            case "connect" -> connect(Integer.parseInt(args[1]), Path.of(args[2]), Integer.parseInt(args[3]),
                    Integer.parseInt(args[4]));
            default -> {
                System.err.println("usage: Crowd prepare DATA_DIR USERS | Crowd connect PORT KEY_FILE CLIENTS SECONDS");
                System.exit(2);
            }
        }
    }

    static void prepare(Path dataDir, int users) throws IOException {
        Files.createDirectories(dataDir);
        UserStore store = UserStore.open(dataDir, new PasswordHasher(1_000));
        Map<String, char[]> accounts = new LinkedHashMap<>();
        for (int i = 0; i < users; i++) {
            accounts.put(BenchServer.userName(i), BenchServer.PASSWORD.toCharArray());
        }
        store.addAll(accounts);
        System.out.println("@crowd PREPARED " + users);
    }

    static void connect(int port, Path keyFile, int clients, int seconds) throws Exception {
        SharedKey key = SharedKey.parse(Files.readString(keyFile, StandardCharsets.UTF_8).strip());
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        AtomicLong alerts = new AtomicLong();
        LoadClient.Sink sink = (client, alertId, nanos) -> alerts.incrementAndGet();
        List<LoadClient> crowd = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger failures = new AtomicInteger();
        LoadClientLoop loop = new LoadClientLoop(false);
        Semaphore slots = new Semaphore(100);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                int index = i;
                slots.acquire();
                pool.submit(() -> {
                    try {
                        LoadClient c = LoadClient.connect(loop, index, server, key, BenchServer.userName(index),
                                BenchServer.PASSWORD, Duration.ofSeconds(30), sink);
                        c.awaitLogin();
                        crowd.add(c);
                    } catch (IOException e) {
                        failures.incrementAndGet();
                        System.err.println("client " + index + ": " + e.getMessage());
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        System.out.println("@crowd LOGGED_IN " + crowd.size() + " failed " + failures.get());
        TimeUnit.SECONDS.sleep(seconds); // the measured period: heartbeats and whatever alerts come
        long open = crowd.stream().filter(c -> !c.isClosed()).count();
        long heartbeats = crowd.stream().mapToLong(LoadClient::heartbeatReplies).sum();
        System.out.println("@crowd DONE open " + open + " alerts " + alerts.get() + " heartbeat replies " + heartbeats);
        crowd.forEach(LoadClient::close);
        loop.close();
    }
}
