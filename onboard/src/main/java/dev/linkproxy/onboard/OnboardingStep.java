package dev.linkproxy.onboard;

import java.util.Objects;

/**
 * One step of an onboarding, as it went.
 *
 * @param name   the step: {@code preflight}, {@code caa}, {@code dns}, {@code certificate}, {@code apply},
 *               {@code await}, {@code cutover}
 * @param domain the link domain it concerns, or empty for the whole spec
 * @param status how it went
 * @param detail a sentence for a person
 */
public record OnboardingStep(String name, String domain, Status status, String detail) {

    /** How a step went. */
    public enum Status {
        /** A check that reads only, passed. */
        CHECKED,
        /** Done now: something was written. */
        DONE,
        /** Found done already: nothing written. */
        ALREADY,
        /** A dry run: what it would do. */
        WOULD_DO,
        /** Not needed for this spec and CDN. */
        SKIPPED,
        /** Failed: the onboarding stopped here; the detail says what to do. */
        FAILED
    }

    public OnboardingStep {
        Objects.requireNonNull(name, "name");
        domain = domain == null ? "" : domain;
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(detail, "detail");
    }

    @Override
    public String toString() {
        return name + (domain.isEmpty() ? "" : " " + domain) + ": " + status.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + ": " + detail;
    }
}
