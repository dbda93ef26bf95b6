package ccn.alerts.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.util.Objects;

/**
 * JSON encoding of {@link Message}s (UTF-8). Decoding turns every kind of bad input — invalid
 * JSON, an unknown {@code type}, a missing or oversized field — into a
 * {@link MalformedMessageException}. Unknown properties are ignored, so a newer peer may add
 * fields. Thread-safe: the mapper is configured once and shared.
 */
public final class MessageCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        // A frame is at most 64 KiB, so these limits only matter against deeply nested garbage.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(16)
                .maxStringLength(FrameDecoder.DEFAULT_MAX_FRAME_LENGTH)
                .maxNumberLength(32)
                .build());
        // Jackson's default buffer pool is per thread; every session runs on its own virtual
        // thread, so that kept ~20 KiB of parser/generator buffers alive per connection (about
        // 200 MB at 10,000 clients). One shared pool holds only as many as are in use at once.
        MAPPER.getFactory().setRecyclerPool(JsonRecyclerPools.newConcurrentDequePool());
    }

    private MessageCodec() {
    }

    public static byte[] encode(Message message) {
        Objects.requireNonNull(message, "message");
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JsonProcessingException e) {
            // Records of known types always serialise; reaching here is a programming error.
            throw new IllegalStateException("cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    public static Message decode(byte[] json) throws MalformedMessageException {
        Objects.requireNonNull(json, "json");
        try {
            Message message = MAPPER.readValue(json, Message.class);
            if (message == null) {
                throw new MalformedMessageException("message is JSON null");
            }
            return message;
        // The messages below never quote the input: a broken LOGIN would otherwise put its password
        // into the log, the ERROR reply and the wire inspector. For the same reason Jackson's
        // exception (whose text quotes tokens) is not kept as the cause.
        } catch (InvalidTypeIdException e) {
            throw new MalformedMessageException("unknown or missing message type " + quote(e.getTypeId()));
        } catch (ValueInstantiationException e) {
            // Our records' own checks: they name the field and the limit, never the value.
            Throwable cause = e.getCause();
            throw new MalformedMessageException(cause instanceof IllegalArgumentException
                    ? "invalid message: " + cause.getMessage() : "invalid message: a field has an unusable value");
        } catch (MismatchedInputException e) {
            throw new MalformedMessageException("invalid message: wrong or missing value for " + fieldPath(e));
        } catch (JsonProcessingException e) {
            var at = e.getLocation();
            throw new MalformedMessageException(at == null ? "invalid JSON"
                    : "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable message");
        }
    }

    private static String fieldPath(MismatchedInputException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return path.isEmpty() ? "a field" : "'" + path.toString().replaceAll("[^A-Za-z0-9_.]", "?") + "'";
    }

    /** The wire name of a message's type, e.g. {@code HEARTBEAT_OK}. */
    public static String typeName(Message message) {
        return message.getClass().getAnnotation(com.fasterxml.jackson.annotation.JsonTypeName.class).value();
    }

    private static String quote(String typeId) {
        if (typeId == null) {
            return "(none)";
        }
        String shown = typeId.length() > 40 ? typeId.substring(0, 40) + "…" : typeId;
        return '"' + shown.replaceAll("\\p{Cntrl}", "?") + '"';
    }
}
