package io.omsbridge.request;

/** Cutting text that came from the input for a problem message, without ever splitting a surrogate pair. */
final class Texts {

    private Texts() {
    }

    /** {@code text} when it has at most {@code max} chars, else its first {@code max} (one less at a pair) and "...". */
    static String cut(String text, int max) {
        if (text == null || text.length() <= max) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(max - 1)) ? max - 1 : max;
        return text.substring(0, end) + "...";
    }
}
