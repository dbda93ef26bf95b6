package ccn.alerts.school;

/**
 * A classroom's counts for one school alert, as its server publishes them on
 * {@code PREFIX.roster.ID.ROOM} whenever they change (docs/SCHOOL.md §4): the users of the room's
 * audience, how many have it on screen (ACKed) and how many confirmed reading it. {@code at} is
 * milliseconds since the epoch; {@code revision} the school's revision the room shows.
 */
public record RoomRoster(int v, long id, int revision, String room, int audience, int delivered, int read, long at) {
    public RoomRoster {
        if (v != SchoolAlert.VERSION || id < 1 || revision < 1 || audience < 0 || delivered < 0 || read < 0
                || delivered > audience || read > audience || at < 1) {
            throw new IllegalArgumentException("roster of school alert " + id + " for " + room + " does not add up");
        }
        SchoolSubjects.room(room);
    }

    public byte[] toJson() {
        return SchoolJson.write(this);
    }

    /** @throws IllegalArgumentException with a sentence naming what is wrong */
    public static RoomRoster parse(byte[] json) {
        return SchoolJson.read(json, RoomRoster.class, "room roster");
    }

    /** Same counts (a republish of what the school has already). */
    boolean sameCounts(RoomRoster o) {
        return o != null && o.revision == revision && o.audience == audience && o.delivered == delivered && o.read == read;
    }
}
