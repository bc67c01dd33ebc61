package dev.linkproxy.core;

import java.net.IDN;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Host-name rules shared by link domains and origins: normalised to lower-case A-labels without a trailing dot;
 * wildcards, IP literals, empty labels, over-long labels and names, and characters outside LDH are refused.
 */
public final class HostNames {

    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostNames() {
    }

    /** The outcome of checking one name: the normalised name, or the reason it is not a host name. */
    public record Checked(String name, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    /** Normalises {@code raw} or says, in one sentence, why it is not a usable host name. */
    public static Checked check(String raw) {
        if (raw == null || raw.isBlank()) {
            return fail("empty; give a host name, e.g. \"ablink.news.example.com\"");
        }
        String text = raw.trim();
        if (text.contains("://") || text.contains("/")) {
            return fail(quote(text) + " is a URL; give the host name only");
        }
        if (text.contains("*")) {
            return fail(quote(text) + " is a wildcard; a link domain names one host");
        }
        if (text.contains(":") || text.startsWith("[") || IPV4.matcher(text).matches()) {
            return fail(quote(text) + " is an IP address; give a host name");
        }
        if (text.endsWith(".") && !text.endsWith("..")) {
            text = text.substring(0, text.length() - 1);
        }
        if (text.isEmpty() || text.startsWith(".") || text.endsWith(".") || text.contains("..")) {
            return fail(quote(raw.trim()) + " has an empty label");
        }
        for (String label : text.split("\\.")) {
            if (label.length() > 63) {
                return tooLong(label);
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                return fail("label \"" + label + "\" starts or ends with a hyphen");
            }
        }
        Optional<Character> bad = text.chars().mapToObj(c -> (char) c)
                .filter(c -> c < 0x80 && !(Character.isLetterOrDigit(c) || c == '-' || c == '.'))
                .findFirst();
        if (bad.isPresent()) {
            return fail(quote(text) + " contains \"" + bad.get() + "\"; host names use letters, digits and hyphens");
        }
        String ascii;
        if (text.chars().allMatch(c -> c < 0x80)) {
            // Nothing for IDN to convert; loading its Unicode tables would be a tenth of a short command's start.
            ascii = text.toLowerCase(Locale.ROOT);
        } else {
            try {
                ascii = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            } catch (IllegalArgumentException e) {
                return fail(quote(text) + " is not a valid internationalised name");
            }
        }
        // Each label is LDH, 1 to 63 long, hyphens inside: checked above for ASCII, by IDN's STD3 rules for the rest.
        String[] labels = ascii.split("\\.", -1);
        if (ascii.length() > 253) {
            return fail("the name is " + ascii.length() + " characters long; the limit is 253");
        }
        if (labels.length < 2) {
            return fail(quote(ascii) + " is a single label; give the full name, e.g. \"ablink.example.com\"");
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return fail(quote(ascii) + " ends in a numeric label; give a host name");
        }
        return new Checked(ascii, null);
    }

    /** True when {@code name} is {@code parent} or a name under it; both already normalised. */
    public static boolean isAtOrUnder(String name, String parent) {
        return name.equals(parent) || name.endsWith("." + parent);
    }

    private static Checked tooLong(String label) {
        return fail("label \"" + abbreviate(label) + "\" is " + label.length() + " characters long; the limit is 63");
    }

    private static Checked fail(String problem) {
        return new Checked(null, problem);
    }

    private static String quote(String s) {
        return "\"" + s + "\"";
    }

    private static String abbreviate(String label) {
        return label.length() <= 20 ? label : label.substring(0, 12) + "…";
    }
}
