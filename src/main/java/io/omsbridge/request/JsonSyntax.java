package io.omsbridge.request;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Says what is wrong with text that is not JSON in the user's words: {@code not valid JSON at line L, column C: <what
 * was expected>}, never the parser's own (class names, feature flags, its "[Source: ...]" locations). The parser's
 * message is matched by rule; one no rule knows is kept without its locations and code names.
 */
final class JsonSyntax {

    /** The value text of an unquoted token is never repeated: it may be a secret pasted without quotes. */
    private static final String A_VALUE =
            "a value (a string in double quotes, a number, an object, an array, true," + " false or null)";

    private record Rule(Pattern pattern, Function<Matcher, String> says) {}

    private static final List<Rule> RULES = List.of(
            rule(
                    "^Unexpected end-of-input.*(?:close marker for Object|in field name)",
                    m -> "the text ends inside an object: a '}' is missing"),
            rule(
                    "^Unexpected end-of-input.*close marker for Array",
                    m -> "the text ends inside an array: a ']' is" + " missing"),
            rule("^Unexpected end-of-input.*closing quote", m -> "the text ends inside a string: a '\"' is missing"),
            rule("^Unexpected end-of-input", m -> "the text ends before the request is complete"),
            rule(
                    "^Unexpected character \\((.*) \\(code \\d+\\)\\): was expecting double-quote to start field name",
                    m -> "expected a field name in double quotes, found " + found(m.group(1))
                            + ("'}'".equals(m.group(1)) ? " (no comma goes before it)" : "")),
            rule(
                    "^Unexpected character \\((.*) \\(code \\d+\\)\\): was expecting comma to separate Object entries",
                    m -> "expected ',' or '}' after a field's value, found " + found(m.group(1))),
            rule(
                    "^Unexpected character \\((.*) \\(code \\d+\\)\\): was expecting comma to separate Array entries",
                    m -> "expected ',' or ']' after an element of an array, found " + found(m.group(1))),
            rule(
                    "^Unexpected character \\((.*) \\(code \\d+\\)\\): was expecting a colon",
                    m -> "expected ':' after a field name, found " + found(m.group(1))),
            rule(
                    "^Unexpected character \\((.*) \\(code \\d+\\)\\): maybe a \\(non-standard\\) comment",
                    m -> "comments are not JSON, found " + found(m.group(1))),
            rule(
                    "^Unexpected character \\((.*) \\(code \\d+\\)\\): expected a valid value",
                    m -> "expected " + A_VALUE + ", found " + found(m.group(1))),
            rule("^Unexpected character \\((.*) \\(code \\d+\\)\\)", m -> "unexpected " + m.group(1)),
            rule(
                    "^Unexpected close marker '(.)': expected '(.)'",
                    m -> "found '" + m.group(1) + "' where '" + m.group(2) + "' closes what is open"),
            rule("^Unexpected close marker '(.)'", m -> "found '" + m.group(1) + "' with nothing open to close"),
            rule(
                    "^Non-standard token '(NaN|[+-]?Infinity|[+-]?INF)'",
                    m -> "expected a number, found " + m.group(1) + " (not a JSON number)"),
            rule("^(?:Unrecognized|Non-standard) token", m -> "expected " + A_VALUE),
            rule("^Trailing token", m -> "more text after the request's closing '}': a request is one JSON object"),
            rule("^Duplicate field '(.*)'", m -> "duplicate field '" + m.group(1) + "': a field may be given once"),
            rule(
                    "^Document nesting depth \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)",
                    m -> "nesting depth " + m.group(1) + ": objects and arrays nest at most " + m.group(2)
                            + " levels deep in a request"),
            rule(
                    "^Number value length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)",
                    m -> "a number of " + m.group(1) + " digits: at most " + m.group(2)),
            rule(
                    "^String value length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)",
                    m -> "a string longer than " + m.group(2) + " characters"),
            rule(
                    "^Name length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)",
                    m -> "a field name longer than " + m.group(2) + " characters"),
            rule(
                    "^Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)",
                    m -> "a control character (code " + m.group(1) + ") inside a string: write it escaped (\\n, \\t,"
                            + " \\u0000)"),
            rule(
                    "^Illegal character \\(\\(CTRL-CHAR, code (\\d+)\\)\\)",
                    m -> "a control character (code " + m.group(1) + ") between values: only spaces, tabs and line"
                            + " breaks may be there"),
            rule(
                    "^Unrecognized character escape (.*) \\(code \\d+\\)",
                    m -> "unknown escape \\" + m.group(1).replace("'", "") + " in a string (JSON knows \\\" \\\\ \\/"
                            + " \\b \\f \\n \\r \\t \\uXXXX)"),
            rule("^Invalid numeric value: (.*)", m -> "not a number: " + m.group(1)),
            rule("^Unexpected character \\((.*)\\)", m -> "unexpected " + m.group(1)));

    private static final Pattern SOURCE =
            Pattern.compile("\\s*\\(?(?:start marker |for \\w+ starting )?at \\[Source:" + ".*?\\]\\)?");
    private static final Pattern CODE_NAMES =
            Pattern.compile("\\s*\\(?[^()]*`[^`]*`[^()]*\\)?|:\\s*not allowed as per.*");

    private JsonSyntax() {}

    private static Rule rule(String regex, Function<Matcher, String> says) {
        return new Rule(Pattern.compile(regex, Pattern.DOTALL), says);
    }

    /** "not valid JSON at line 3, column 14: expected a field name in double quotes, found '}'". */
    static String describe(JsonProcessingException e, JsonLocation current) {
        JsonLocation at = e.getLocation() != null ? e.getLocation() : current;
        String where =
                at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
        return "not valid JSON" + where + ": " + explain(e.getOriginalMessage());
    }

    static String explain(String parserMessage) {
        String message = parserMessage == null ? "" : firstLine(parserMessage);
        for (Rule rule : RULES) {
            Matcher m = rule.pattern().matcher(message);
            if (m.find()) {
                return rule.says().apply(m);
            }
        }
        String plain = CODE_NAMES
                .matcher(SOURCE.matcher(message).replaceAll(""))
                .replaceAll("")
                .strip();
        return plain.isEmpty() ? "the text is not JSON" : plain.substring(0, 1).toLowerCase() + plain.substring(1);
    }

    /** The character the parser quotes, as a reader sees it: a lone single quote is named. */
    private static String found(String quoted) {
        return "'''".equals(quoted) ? "a single quote (JSON strings take double quotes)" : quoted;
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
