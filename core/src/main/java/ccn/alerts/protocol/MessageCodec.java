package ccn.alerts.protocol;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;

import java.io.IOException;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * JSON encoding of {@link Message}s (UTF-8). Decoding turns every kind of bad input — invalid
 * JSON, an unknown {@code type}, a missing or oversized field, a member of the wrong JSON type —
 * into a {@link MalformedMessageException} that names the member but never quotes its value.
 * The reader is strict about JSON types (docs/PROTOCOL.md §5): {@code "5"} is not an integer,
 * {@code 5} is not a string, {@code 1.0} and {@code 1e3} are not integers, {@code null} counts
 * as missing. Only an integer where a decimal is expected is accepted, since JSON does not tell
 * {@code 32} from {@code 32.0}. Unknown properties are ignored, so a newer peer may add fields.
 * Thread-safe: the mapper is configured once and shared.
 */
public final class MessageCodec {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            // Without it a repeated "type" was read first-wins, a repeated known member was an
            // error and a repeated unknown one last-wins: §5 rejects every repeated name instead.
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // Jackson converts between scalar types by default ("1" -> 1, 5 -> "5", 1.5 -> 1,
            // 2 -> the enum constant at index 2); a peer that sends the wrong type has a bug we
            // want to see, and an ALERT that two clients read differently is worse than a rejected one.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS) // strings to numbers and booleans
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            // ALLOW_COERCION_OF_SCALARS does not cover String targets; an integer for a decimal
            // stays allowed, since JSON does not tell 32 from 32.0.
            .withCoercionConfig(LogicalType.Textual, c -> c
                    .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addHandler(new UnknownEnumNameAsDefault())
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
        if (!startsAsObject(json)) {
            // Jackson would also take ["ACK",{"alertId":1}], its array form of a typed value.
            throw new MalformedMessageException("invalid message: not a JSON object");
        }
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
            String shape = wrongShape(json);
            throw new MalformedMessageException(shape != null ? shape : "unknown or missing message type " + quote(e.getTypeId()));
        } catch (ValueInstantiationException e) {
            // Our records' own checks: they name the field and the limit, never the value.
            Throwable cause = e.getCause();
            throw new MalformedMessageException(cause instanceof IllegalArgumentException
                    ? "invalid message: " + cause.getMessage() : "invalid message: a field has an unusable value");
        } catch (MismatchedInputException e) {
            Class<?> target = e.getTargetType();
            if (target != null && target.isEnum() && e instanceof InvalidFormatException f && f.getValue() instanceof String) {
                // Our constants' names, not the input.
                throw new MalformedMessageException("invalid message: " + fieldPath(e) + " must be one of "
                        + Arrays.stream(target.getEnumConstants()).map(String::valueOf).collect(Collectors.joining(", ")));
            }
            String expected = jsonTypeOf(target);
            throw new MalformedMessageException(expected == null
                    ? "invalid message: wrong or missing value for " + fieldPath(e)
                    : "invalid message: " + fieldPath(e) + " must be " + expected);
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof InputCoercionException) {
                // An integer too large for its field (Jackson wraps the parser's exception).
                throw new MalformedMessageException("invalid message: " + fieldPath(e) + " is out of range");
            }
            throw invalidJson(e);
        } catch (JsonProcessingException e) {
            throw invalidJson(e);
        } catch (IOException e) {
            throw new MalformedMessageException("unreadable message");
        }
    }

    /** The JSON type (§5) a member read into {@code target} must have, or null when unsure. */
    private static String jsonTypeOf(Class<?> target) {
        if (target == null) {
            return null;
        }
        if (target == String.class || target.isEnum()) {
            return "a JSON string";
        }
        if (target == long.class || target == Long.class || target == int.class || target == Integer.class) {
            return "a JSON integer";
        }
        if (target == double.class || target == Double.class) {
            return "a JSON number";
        }
        if (target == boolean.class || target == Boolean.class) {
            return "a JSON boolean";
        }
        return target.isRecord() ? "a JSON object" : null;
    }

    /**
     * Looks again, only once Jackson gave up on the type id, at the shape of the message: Jackson
     * reads a {@code "type"} of {@code 17} or {@code true} as the text "17" or "true", and an array
     * or object there as no type at all, so its exception cannot tell those from an unknown name.
     * Returns the error, or null for a real unknown name.
     */
    private static String wrongShape(byte[] json) {
        try (JsonParser p = MAPPER.createParser(json)) {
            p.nextToken();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("type".equals(name)) {
                    return value == JsonToken.VALUE_STRING ? null : "invalid message: 'type' must be a JSON string";
                }
                p.skipChildren();
            }
            return null;
        } catch (IOException e) {
            return null; // broken further on: Jackson's first answer stands
        }
    }

    private static boolean startsAsObject(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') { // RFC 8259 white space
                return b == '{';
            }
        }
        return false;
    }

    private static MalformedMessageException invalidJson(JsonProcessingException e) {
        var at = e.getLocation();
        // Jackson's own words name the member; ours do not, the name being input.
        boolean duplicate = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field");
        String where = at == null ? "invalid JSON" : "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return new MalformedMessageException(duplicate ? where + ": a member name appears twice in one object" : where);
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            }
        }
        return shownPath(path.toString());
    }

    /** Paths name members we know, but a name is still input: only safe characters, and short. */
    private static String shownPath(String path) {
        if (path.isEmpty()) {
            return "a field";
        }
        String shown = path.length() > 64 ? path.substring(0, 64) + "…" : path;
        return "'" + shown.replaceAll("[^A-Za-z0-9_.…]", "?") + "'";
    }

    /**
     * §5 reads an enumeration value it does not know as {@code UNKNOWN}; Jackson, with scalar
     * coercion off, refuses a digits-only string ("3") as a "quoted index" instead of falling back
     * to the default, so this handler does the fallback. Enums without a default keep failing.
     */
    private static final class UnknownEnumNameAsDefault extends DeserializationProblemHandler {
        @Override
        public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType, String valueToConvert,
                                             String failureMsg) {
            if (targetType.isEnum()) {
                for (Object constant : targetType.getEnumConstants()) {
                    try {
                        if (targetType.getField(((Enum<?>) constant).name()).isAnnotationPresent(JsonEnumDefaultValue.class)) {
                            return constant;
                        }
                    } catch (NoSuchFieldException e) {
                        throw new IllegalStateException(e); // every constant is a public field
                    }
                }
            }
            return NOT_HANDLED;
        }
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
