package dev.linkproxy.core;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** A spec value that has one spelling in spec files and on the command line. */
public interface WireName {

    /** The spelling used in spec files, e.g. {@code "http-and-https"}. */
    String wireName();

    /** Finds the constant spelt {@code text} (case-insensitive), if any. */
    static <E extends Enum<E> & WireName> Optional<E> parse(Class<E> type, String text) {
        if (text == null) {
            return Optional.empty();
        }
        String wanted = text.trim();
        return Arrays.stream(type.getEnumConstants())
                .filter(e -> e.wireName().equalsIgnoreCase(wanted))
                .findFirst();
    }

    /** The accepted spellings, comma separated, for error messages. */
    static <E extends Enum<E> & WireName> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(WireName::wireName).collect(Collectors.joining(", "));
    }
}
