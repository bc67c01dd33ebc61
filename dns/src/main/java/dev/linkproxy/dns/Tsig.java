package dev.linkproxy.dns;

import dev.linkproxy.core.spi.Secret;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * A TSIG key (RFC 8945): its name and algorithm, and a secret that leaves {@link Secret} only to sign a message.
 *
 * @param keyName   the key's name, as the server's update policy names it
 * @param algorithm {@code hmac-sha256}, {@code hmac-sha384} or {@code hmac-sha512}
 * @param secret    the base64 secret
 */
record Tsig(String keyName, String algorithm, Secret secret) {

    private static final Map<String, Name> ALGORITHMS = Map.of("hmac-sha256", TSIG.HMAC_SHA256,
            "hmac-sha384", TSIG.HMAC_SHA384, "hmac-sha512", TSIG.HMAC_SHA512);

    Tsig {
        Objects.requireNonNull(keyName, "keyName");
        Objects.requireNonNull(secret, "secret");
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        if (!ALGORITHMS.containsKey(algorithm)) {
            throw new dev.linkproxy.core.LinkProxyException("rfc2136: TSIG algorithm \"" + algorithm + "\" is not one of "
                    + ALGORITHMS.keySet() + " (HMAC-MD5 and SHA-1 are not offered: RFC 8945 deprecates them)");
        }
    }

    /** The dnsjava signer; built per use so the secret is not kept outside {@link Secret}. */
    TSIG signer() {
        try {
            return new TSIG(ALGORITHMS.get(algorithm), Name.fromString(keyName.endsWith(".") ? keyName : keyName + "."),
                    secret.reveal());
        } catch (org.xbill.DNS.TextParseException | IllegalArgumentException e) {
            throw new dev.linkproxy.core.LinkProxyException("rfc2136: the TSIG key name or secret is malformed "
                    + "(the secret must be base64); the key is " + keyName);
        }
    }

    @Override
    public String toString() {
        return "Tsig[" + keyName + ", " + algorithm + ", secret hidden]";
    }
}
