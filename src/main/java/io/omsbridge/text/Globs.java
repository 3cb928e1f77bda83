package io.omsbridge.text;

import java.util.regex.Pattern;

/** The operator's name patterns (bucket patterns of an alias, the reply-to pattern): {@code *} any, {@code ?} one. */
public final class Globs {

    private Globs() {}

    public static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            regex.append(
                    switch (c) {
                        case '*' -> ".*";
                        case '?' -> ".";
                        default -> Pattern.quote(String.valueOf(c));
                    });
        }
        return Pattern.compile(regex.toString());
    }
}
