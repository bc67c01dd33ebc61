package dev.linkproxy.core;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/** Where the edge certificate for the link domains comes from. Spelt in spec files as each kind's {@code toString()}. */
public sealed interface CertificateSource {

    /** The accepted spellings, for messages. */
    String FORMS = "\"acm:<certificate ARN>\", \"managed\", or \"pem:<certificate file>,<key file>\"";

    /** An AWS Certificate Manager certificate (CloudFront; it must live in us-east-1). */
    record Acm(String arn) implements CertificateSource {
        private static final Pattern ARN =
                Pattern.compile("arn:aws[a-z-]*:acm:([a-z0-9-]+):(\\d{12}):certificate/[A-Za-z0-9-]+");

        public Acm {
            Objects.requireNonNull(arn, "arn");
        }

        /** The region named in the ARN. */
        public String region() {
            var m = ARN.matcher(arn);
            return m.matches() ? m.group(1) : "";
        }

        @Override
        public String toString() {
            return "acm:" + arn;
        }
    }

    /** A certificate the CDN issues and renews itself (Cloudflare certificate pack, Fastly TLS subscription). */
    record Managed() implements CertificateSource {
        @Override
        public String toString() {
            return "managed";
        }
    }

    /** A certificate and private key in PEM files, uploaded to the CDN. */
    record Pem(Path certificateFile, Path keyFile) implements CertificateSource {
        public Pem {
            Objects.requireNonNull(certificateFile, "certificateFile");
            Objects.requireNonNull(keyFile, "keyFile");
        }

        @Override
        public String toString() {
            return "pem:" + certificateFile + "," + keyFile;
        }
    }

    /**
     * Reads the spec-file spelling.
     *
     * @throws IllegalArgumentException with a sentence saying what is wrong and what is accepted
     */
    static CertificateSource parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("required; give " + FORMS);
        }
        String t = text.trim();
        if (t.equals("managed")) {
            return new Managed();
        }
        if (t.startsWith("acm:")) {
            String arn = t.substring(4);
            if (!Acm.ARN.matcher(arn).matches()) {
                throw new IllegalArgumentException("\"" + arn + "\" is not an ACM certificate ARN "
                        + "(arn:aws:acm:<region>:<12-digit account>:certificate/<id>)");
            }
            return new Acm(arn);
        }
        if (t.startsWith("pem:")) {
            String[] files = t.substring(4).split(",", -1);
            if (files.length != 2 || files[0].isBlank() || files[1].isBlank()) {
                throw new IllegalArgumentException("\"" + t + "\" needs both files: \"pem:<certificate file>,<key file>\"");
            }
            return new Pem(Path.of(files[0].trim()), Path.of(files[1].trim()));
        }
        throw new IllegalArgumentException("\"" + t + "\" is not a certificate source; give " + FORMS);
    }
}
