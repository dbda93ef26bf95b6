package ccn.alerts.school;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A classroom's counts for one school alert, as its server publishes them on
 * {@code PREFIX.roster.ID.ROOM} whenever they change (docs/SCHOOL.md §4): the users of the room's
 * audience, how many have it on screen (ACKed) and how many confirmed reading it. {@code at} is
 * milliseconds since the epoch; {@code revision} the school's revision the room shows.
 */
public record RoomRoster(int v, long id, int revision, String room, int audience, int delivered, int read, long at) {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    public RoomRoster {
        if (v != SchoolAlert.VERSION || id < 1 || revision < 1 || audience < 0 || delivered < 0 || read < 0
                || delivered > audience || read > audience || at < 1) {
            throw new IllegalArgumentException("roster of school alert " + id + " for " + room + " does not add up");
        }
        SchoolSubjects.room(room);
    }

    public byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @throws IllegalArgumentException with a sentence naming what is wrong */
    public static RoomRoster parse(byte[] json) {
        try {
            return JSON.readValue(json, RoomRoster.class);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not a room roster: " + SchoolAlert.firstLine(e.getMessage()), e);
        }
    }

    /** Same counts (a republish of what the school has already). */
    boolean sameCounts(RoomRoster o) {
        return o != null && o.revision == revision && o.audience == audience && o.delivered == delivered && o.read == read;
    }
}
