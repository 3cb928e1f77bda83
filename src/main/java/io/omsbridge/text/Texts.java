package io.omsbridge.text;

/** Cutting text to a length (a problem message, a task description, a ledger column) without splitting a surrogate
 * pair. */
public final class Texts {

    private Texts() {}

    /** {@code text} when it has at most {@code max} chars, else its first {@code max} (one less at a pair) and "...".
     * */
    public static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : prefix(text, max) + "...";
    }

    /** {@code text} when it has at most {@code max} chars, else its first {@code max}, one less at a pair. */
    public static String prefix(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max);
    }
}
