package ccn.alerts.log;

/**
 * Makes untrusted text (anything that arrived from the network) safe to put into a single log line.
 *
 * <p>Without this, a client could send a username such as {@code "x\r\n[AUTH] Client ... authenticated
 * as admin"} and forge a whole extra line in {@code server_log.txt} (log injection), or hide text with
 * bidirectional-override characters. {@link #clean(String)} therefore
 * <ul>
 *   <li>turns {@code null} into {@code "(null)"};</li>
 *   <li>replaces CR, LF and TAB by the two-character escapes {@code \r}, {@code \n}, {@code \t};</li>
 *   <li>replaces every other control character (C0, DEL, C1 including NEL U+0085), the Unicode line and
 *       paragraph separators (U+2028, U+2029), bidirectional formatting controls and unpaired surrogates
 *       by <code>&#92;uXXXX</code>;</li>
 *   <li>caps the result at a maximum length, marking truncation with a trailing {@code …} (U+2026).</li>
 * </ul>
 * Ordinary printable text, including backslashes and non-Latin scripts, passes through unchanged.
 * Backslashes are deliberately not doubled: the goal is one unforgeable line per event, and a literal
 * {@code \n} typed by a client cannot break a line, so keeping paths and plain text readable wins.
 *
 * <p>Stateless and thread-safe.
 */
public final class LogSanitizer {

    /** Default cap for a single untrusted field such as a username or an alert title. */
    public static final int DEFAULT_MAX_LENGTH = 200;

    /** Marks that the text was cut off. */
    public static final char ELLIPSIS = '\u2026';

    private static final String NULL_TEXT = "(null)";

    private LogSanitizer() {
    }

    /**
     * Sanitises {@code untrusted} with the {@linkplain #DEFAULT_MAX_LENGTH default cap}.
     *
     * @param untrusted any string, may be {@code null}
     * @return a string without control characters or line breaks, at most {@value #DEFAULT_MAX_LENGTH}
     *         chars long; never {@code null}. Never throws.
     */
    public static String clean(String untrusted) {
        return clean(untrusted, DEFAULT_MAX_LENGTH);
    }

    /**
     * Sanitises {@code untrusted}, capping the result (escapes and ellipsis included) at
     * {@code maxLength} chars. Escapes and surrogate pairs are never cut in half.
     *
     * @param untrusted any string, may be {@code null}; no input makes this method throw
     * @param maxLength the longest result allowed, at least 1
     * @return the sanitised text, never {@code null}
     * @throws IllegalArgumentException if {@code maxLength < 1} (a programming error, not bad input)
     */
    public static String clean(String untrusted, int maxLength) {
        if (maxLength < 1) {
            throw new IllegalArgumentException("maxLength must be at least 1: " + maxLength);
        }
        if (untrusted == null) {
            return NULL_TEXT.length() <= maxLength ? NULL_TEXT : String.valueOf(ELLIPSIS);
        }
        if (maxLength >= untrusted.length() && isAlreadyClean(untrusted)) {
            return untrusted; // the common case: no copy
        }
        // Never build more than needed: a hostile peer may send megabytes.
        StringBuilder out = new StringBuilder(Math.min(untrusted.length(), maxLength) + 8);
        // Length of the output at the last piece boundary that still leaves room for the ellipsis.
        int cutWithRoomForEllipsis = 0;
        int i = 0;
        while (i < untrusted.length()) {
            int cp = untrusted.codePointAt(i);
            i += Character.charCount(cp);
            appendEscaped(out, cp);
            if (out.length() > maxLength) {
                out.setLength(cutWithRoomForEllipsis);
                out.append(ELLIPSIS);
                return out.toString();
            }
            if (out.length() <= maxLength - 1) {
                cutWithRoomForEllipsis = out.length();
            }
        }
        return out.toString();
    }

    private static boolean isAlreadyClean(String s) {
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (needsEscape(cp)) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }

    private static void appendEscaped(StringBuilder out, int cp) {
        switch (cp) {
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            case '\t' -> out.append("\\t");
            default -> {
                if (needsEscape(cp)) {
                    // Only BMP code points need escaping (controls, separators, bidi, lone surrogates).
                    out.append(String.format("\\u%04X", cp));
                } else {
                    out.appendCodePoint(cp);
                }
            }
        }
    }

    private static boolean needsEscape(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE -> true;
            default -> isBidiControl(cp);
        };
    }

    /** Bidi overrides and isolates can make a log line display differently from what it contains. */
    private static boolean isBidiControl(int cp) {
        return cp == 0x061C || cp == 0x200E || cp == 0x200F
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069);
    }
}
