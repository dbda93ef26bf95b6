package ccn.alerts.log;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSanitizerTest {

    @Test
    void null_becomes_a_visible_placeholder() {
        assertEquals("(null)", LogSanitizer.clean(null));
    }

    @Test
    void plain_text_is_returned_unchanged() {
        String text = "Client /127.0.0.1:54321 authenticated as admin — ünïcödé 日本 😀 C:\\path";
        assertSame(text, LogSanitizer.clean(text));
    }

    @Test
    void cr_lf_and_tab_become_backslash_escapes() {
        assertEquals("bob\\r\\n[AUTH] forged\\tx", LogSanitizer.clean("bob\r\n[AUTH] forged\tx"));
    }

    @Test
    void unicode_line_and_paragraph_separators_are_escaped() {
        assertEquals("a\\u2028b\\u2029c", LogSanitizer.clean("a\u2028b\u2029c"));
    }

    @Test
    void other_c0_c1_and_delete_controls_are_escaped() {
        assertEquals("\\u0000\\u001B[31m\\u007F\\u0085\\u009B\\u000B\\u000C",
                LogSanitizer.clean("\u0000\u001B[31m\u007F\u0085\u009B\u000B\u000C"));
    }

    @Test
    void bidi_overrides_are_escaped_so_text_cannot_display_reversed() {
        assertEquals("user\\u202Enimda", LogSanitizer.clean("user\u202Enimda"));
    }

    @Test
    void an_unpaired_surrogate_is_escaped_instead_of_throwing() {
        assertEquals("a\\uD800b", LogSanitizer.clean("a\uD800b"));
    }

    @Test
    void long_text_is_cut_to_the_default_cap_with_an_ellipsis() {
        String cleaned = LogSanitizer.clean("x".repeat(10_000));
        assertEquals(LogSanitizer.DEFAULT_MAX_LENGTH, cleaned.length());
        assertTrue(cleaned.endsWith("\u2026"));
        assertEquals("x".repeat(LogSanitizer.DEFAULT_MAX_LENGTH - 1), cleaned.substring(0, cleaned.length() - 1));
    }

    @Test
    void text_exactly_at_the_cap_is_not_marked_as_truncated() {
        String text = "y".repeat(50);
        assertEquals(text, LogSanitizer.clean(text, 50));
        assertEquals("y".repeat(49) + "\u2026", LogSanitizer.clean(text + "y", 50));
    }

    @Test
    void truncation_never_splits_an_escape_sequence() {
        // "abc" + "\n" escapes to "abc\\n" (5 chars); with cap 5 and more text following,
        // the escape would have to be cut, so it is dropped whole.
        assertEquals("abc\u2026", LogSanitizer.clean("abc\nzzz", 5));
    }

    @Test
    void truncation_never_splits_a_surrogate_pair() {
        String cleaned = LogSanitizer.clean("ab😀😀😀", 4);
        assertEquals("ab\u2026", cleaned);
        assertFalse(Character.isHighSurrogate(cleaned.charAt(cleaned.length() - 2)));
    }

    @Test
    void escapes_count_towards_the_cap() {
        String cleaned = LogSanitizer.clean("\n".repeat(1_000), 20);
        assertTrue(cleaned.length() <= 20);
        assertTrue(cleaned.endsWith("\u2026"));
    }

    @Test
    void a_cap_below_one_is_a_programming_error() {
        assertThrows(IllegalArgumentException.class, () -> LogSanitizer.clean("x", 0));
    }

    @Test
    void a_cap_of_one_still_yields_something() {
        assertEquals("\u2026", LogSanitizer.clean(null, 1));
        assertEquals("\u2026", LogSanitizer.clean("long", 1));
        assertEquals("a", LogSanitizer.clean("a", 1));
    }
}
