package dev.linkproxy.cloudflare;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cloudflare's published edge address ranges, bundled with the adapter so the verifier can check that a proxied link
 * domain resolves into Cloudflare without fetching anything.
 *
 * <p>Source: https://www.cloudflare.com/ips-v4 and https://www.cloudflare.com/ips-v6, as known on 2026-11-25 (written
 * offline; the resource file {@code cloudflare-ips.txt} says the same and is marked for re-checking before a
 * release).
 */
public final class CloudflareAddressRanges {

    /** The date the bundled list was last compared with Cloudflare's published one. */
    public static final String CHECKED_ON = "2026-11-25";

    /** Where Cloudflare publishes the ranges. */
    public static final List<String> SOURCES = List.of("https://www.cloudflare.com/ips-v4", "https://www.cloudflare.com/ips-v6");

    private static final List<String> ALL = load();

    private CloudflareAddressRanges() {
    }

    /** Every range, IPv4 first, as CIDR text. */
    public static List<String> all() {
        return ALL;
    }

    private static List<String> load() {
        try (InputStream in = CloudflareAddressRanges.class.getResourceAsStream("cloudflare-ips.txt")) {
            if (in == null) {
                throw new IllegalStateException("cloudflare-ips.txt is missing from the adapter jar");
            }
            List<String> out = new ArrayList<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String t = line.strip();
                if (!t.isEmpty() && !t.startsWith("#")) {
                    out.add(t);
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
