package dev.linkproxy.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Certification Authority Authorization (RFC 8659): whether the CAA record set that governs a name lets a certificate
 * authority issue for it. Pure logic; finding the set (the closest ancestor that has one, following CNAMEs as a DNS
 * query does) is the DNS side's job.
 */
public final class Caa {

    /** The flag of a property a CA must understand or refuse to issue (RFC 8659 §4.1). */
    private static final int CRITICAL = 128;

    private Caa() {
    }

    /**
     * One CAA record.
     *
     * @param flags the flags octet (128: critical)
     * @param tag   the property tag ({@code issue}, {@code issuewild}, {@code iodef}, …), lower case
     * @param value the property value, e.g. {@code letsencrypt.org; accounturi=…} or {@code ;}
     */
    public record Record(int flags, String tag, String value) {
        public Record {
            tag = Objects.requireNonNull(tag, "tag").toLowerCase(Locale.ROOT);
            value = Objects.requireNonNull(value, "value").trim();
        }

        /** The issuer domain an {@code issue}/{@code issuewild} value names, lower case; empty for {@code ";"}. */
        public String issuer() {
            int semi = value.indexOf(';');
            String issuer = (semi < 0 ? value : value.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
            return issuer.endsWith(".") ? issuer.substring(0, issuer.length() - 1) : issuer;
        }

        @Override
        public String toString() {
            return flags + " " + tag + " \"" + value + "\"";
        }
    }

    /**
     * Why the set forbids every one of {@code issuers} (the identities of the one CA that will issue) from issuing for
     * the name (a wildcard name when {@code wildcard}), or empty when one of them may. An empty set allows every CA.
     */
    public static Optional<String> refusal(List<Record> set, List<String> issuers, boolean wildcard) {
        if (set.isEmpty() || issuers.isEmpty()) {
            return Optional.empty();
        }
        for (Record r : set) {
            if ((r.flags() & CRITICAL) != 0 && !List.of("issue", "issuewild", "iodef").contains(r.tag())) {
                return Optional.of("a critical CAA property \"" + r.tag() + "\" that no CA may ignore forbids issuance");
            }
        }
        List<Record> relevant = wildcard && set.stream().anyMatch(r -> r.tag().equals("issuewild"))
                ? set.stream().filter(r -> r.tag().equals("issuewild")).toList()
                : set.stream().filter(r -> r.tag().equals("issue")).toList();
        if (relevant.isEmpty()) {
            return Optional.empty(); // no issue property: the set restricts nothing but reporting
        }
        List<String> named = new ArrayList<>();
        for (Record r : relevant) {
            if (issuers.contains(r.issuer())) {
                return Optional.empty();
            }
            named.add(r.issuer().isEmpty() ? "no CA at all (\";\")" : r.issuer());
        }
        return Optional.of("its CAA records allow only " + String.join(", ", named));
    }

    /** The record that lets the CA issue, in zone-file form, for a person to add at {@code at}. */
    public static String recordToAdd(String at, List<String> issuers, boolean wildcard) {
        return at + ". CAA 0 " + (wildcard ? "issuewild" : "issue") + " \"" + issuers.get(0) + "\"";
    }
}
