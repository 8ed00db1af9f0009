package dev.rewardsmith.task;

/** A strict JSON syntax check (RFC 8259) for frame output, so core tests need no JSON library. */
public final class JsonCheck {

    private final String text;
    private int at;

    private JsonCheck(String text) {
        this.text = text;
    }

    /** @throws IllegalArgumentException with the offset if {@code text} is not exactly one JSON value */
    public static void assertValid(String text) {
        JsonCheck check = new JsonCheck(text);
        check.value();
        check.space();
        if (check.at != text.length()) throw check.error("trailing characters");
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException(what + " at offset " + at + " in " + text);
    }

    private void space() {
        while (at < text.length() && " \t\r\n".indexOf(text.charAt(at)) >= 0) at++;
    }

    private char peek() {
        if (at >= text.length()) throw error("unexpected end");
        return text.charAt(at);
    }

    private void expect(char c) {
        if (peek() != c) throw error("expected '" + c + "'");
        at++;
    }

    private void value() {
        space();
        char c = peek();
        switch (c) {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true");
            case 'f' -> literal("false");
            case 'n' -> literal("null");
            default -> number();
        }
    }

    private void object() {
        expect('{');
        space();
        if (peek() == '}') {
            at++;
            return;
        }
        while (true) {
            space();
            string();
            space();
            expect(':');
            value();
            space();
            if (peek() == ',') {
                at++;
                continue;
            }
            expect('}');
            return;
        }
    }

    private void array() {
        expect('[');
        space();
        if (peek() == ']') {
            at++;
            return;
        }
        while (true) {
            value();
            space();
            if (peek() == ',') {
                at++;
                continue;
            }
            expect(']');
            return;
        }
    }

    private void string() {
        expect('"');
        while (true) {
            char c = peek();
            at++;
            if (c == '"') return;
            if (c < 0x20) throw error("control character in string");
            if (c == '\\') {
                char e = peek();
                at++;
                if (e == 'u') {
                    for (int k = 0; k < 4; k++) {
                        if (Character.digit(peek(), 16) < 0) throw error("bad unicode escape");
                        at++;
                    }
                } else if ("\"\\/bfnrt".indexOf(e) < 0) {
                    throw error("bad escape");
                }
            }
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, at)) throw error("expected " + word);
        at += word.length();
    }

    private void number() {
        int start = at;
        if (peek() == '-') at++;
        if (peek() == '0') {
            at++;
        } else {
            digits();
        }
        if (at < text.length() && text.charAt(at) == '.') {
            at++;
            digits();
        }
        if (at < text.length() && (text.charAt(at) == 'e' || text.charAt(at) == 'E')) {
            at++;
            if (peek() == '+' || peek() == '-') at++;
            digits();
        }
        if (at == start) throw error("expected a value");
    }

    private void digits() {
        int start = at;
        while (at < text.length() && Character.isDigit(text.charAt(at))) at++;
        if (at == start) throw error("expected digits");
    }
}
