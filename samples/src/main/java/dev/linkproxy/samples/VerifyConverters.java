package dev.linkproxy.samples;

import dev.linkproxy.core.HostNames;
import dev.linkproxy.verifier.Cidr;
import dev.linkproxy.verifier.ConnectTo;
import dev.linkproxy.verifier.ExpectedTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** The values of {@code verify}'s options; a value that does not parse is bad input (exit 2), named by picocli. */
final class VerifyConverters {

    private VerifyConverters() {
    }

    /** {@code 10s}, {@code 500ms}, {@code 2m}, or a bare number of seconds; more than zero. */
    static final class Timeout implements ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d+)\\s*(ms|s|m)?");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new TypeConversionException("\"" + value + "\" is not a time; give e.g. 10s, 500ms, 2m or 30");
            }
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                throw new TypeConversionException("\"" + value + "\" is too long a time");
            }
            String unit = m.group(2) == null ? "s" : m.group(2);
            Duration d = switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
            if (d.isZero()) {
                throw new TypeConversionException("\"" + value + "\": the time must be more than zero");
            }
            return d;
        }
    }

    /**
     * A host-name suffix ({@code .cloudfront.net}, {@code d111.cloudfront.net}) or comma-separated CIDR ranges
     * ({@code 104.16.0.0/13,2606:4700::/32}); told apart by whether the first item is an address.
     */
    static final class Target implements ITypeConverter<ExpectedTarget> {
        @Override
        public ExpectedTarget convert(String value) {
            String text = value.trim();
            String firstItem = text.split(",", -1)[0].trim();
            if (looksLikeAddress(firstItem)) {
                List<String> cidrs = new ArrayList<>();
                for (String item : text.split(",", -1)) {
                    try {
                        cidrs.add(Cidr.parse(item).toString());
                    } catch (IllegalArgumentException e) {
                        throw new TypeConversionException(e.getMessage());
                    }
                }
                return ExpectedTarget.ranges(cidrs);
            }
            String suffix = text.startsWith(".") ? text.substring(1) : text;
            HostNames.Checked checked = HostNames.check(suffix);
            if (!checked.ok()) {
                throw new TypeConversionException("\"" + value + "\" is neither a host-name suffix (e.g."
                        + " .cloudfront.net) nor CIDR ranges (e.g. 104.16.0.0/13,2606:4700::/32): " + checked.problem());
            }
            return ExpectedTarget.hostSuffix(checked.name());
        }

        private static boolean looksLikeAddress(String item) {
            return item.contains(":") || item.contains("/") || item.matches("[\\d.]+");
        }
    }

    /**
     * {@code HOST=TARGET}: every connection to {@code HOST} goes to {@code TARGET} (an address or host name) on the
     * same port, while SNI, certificate checks and {@code Host} keep {@code HOST}. curl's own form
     * {@code HOST1:PORT1:HOST2:PORT2} is taken too, for a different port (a CDN edge on a test port).
     */
    static final class Pin implements ITypeConverter<ConnectTo> {
        @Override
        public ConnectTo convert(String value) {
            String text = value.trim();
            int eq = text.indexOf('=');
            if (eq < 0) {
                try {
                    return ConnectTo.parse(text);
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException("\"" + value + "\" is neither HOST=TARGET nor"
                            + " HOST1:PORT1:HOST2:PORT2");
                }
            }
            HostNames.Checked host = HostNames.check(text.substring(0, eq));
            if (!host.ok()) {
                throw new TypeConversionException("\"" + value + "\": " + host.problem());
            }
            String target = text.substring(eq + 1).trim();
            if (target.startsWith("[") && target.endsWith("]")) {
                target = target.substring(1, target.length() - 1);
            }
            boolean address = target.contains(":") || target.matches("[\\d.]+");
            if (address) {
                try {
                    if (target.contains("/")) {
                        throw new IllegalArgumentException("a range, not an address");
                    }
                    Cidr.parse(target); // a bare literal: checked without any lookup
                } catch (IllegalArgumentException e) {
                    throw new TypeConversionException("\"" + value + "\": \"" + target + "\" is not an address");
                }
            } else {
                HostNames.Checked checked = HostNames.check(target);
                if (!checked.ok()) {
                    throw new TypeConversionException("\"" + value + "\": the target is neither an address nor a host"
                            + " name: " + checked.problem());
                }
                target = checked.name();
            }
            return new ConnectTo(Optional.of(host.name()), 0, Optional.of(target), 0);
        }
    }
}
