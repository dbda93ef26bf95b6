package ccn.alerts.testing;

import ccn.alerts.protocol.Message;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every concrete message record, through the sealed hierarchy (sub-interfaces such as {@code FromServer} opened). */
public final class MessageTypes {
    private MessageTypes() {
    }

    public static Set<Class<?>> all() {
        return concrete(Message.class).collect(Collectors.toSet());
    }

    private static Stream<Class<?>> concrete(Class<?> type) {
        return Arrays.stream(type.getPermittedSubclasses()).flatMap(c -> c.isInterface() ? concrete(c) : Stream.of(c));
    }
}
