package dev.linkproxy.cutover;

import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.verifier.VerificationReport;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cutover of one link domain did.
 *
 * @param domain  the link domain
 * @param status  how it ended
 * @param before  what the name held when it was read
 * @param now     what the name holds at the end (as the provider serves it)
 * @param gate    the pre-cutover verification through the CDN endpoint, when it ran
 * @param proof   the post-cutover verification through the authoritative servers, when it ran
 * @param message one line for a person
 */
public record CutoverOutcome(String domain, Status status, NameRecords before, NameRecords now,
                             Optional<VerificationReport> gate, Optional<VerificationReport> proof, String message) {

    /** How a link domain's cutover ended. */
    public enum Status {
        /** The record already pointed at the CDN and the proof passed; nothing was changed. */
        ALREADY_CUT_OVER,
        /** Changed, live on every authoritative server, and proven. */
        CUT_OVER,
        /** Changed, the proof failed, and the previous record is back. */
        ROLLED_BACK,
        /** Changed and the proof failed; left as it is because rollback was turned off. */
        FAILED_NOT_ROLLED_BACK,
        /** The CDN does not serve the domain yet (the gate failed): nothing was changed. */
        GATE_FAILED,
        /** The name holds something other than the origin's CNAME: nothing changed without consent. */
        NEEDS_CONSENT,
        /** The DNS provider refused or failed before the change: nothing was changed. */
        NOT_CHANGED,
        /** The record's TTL is at or below the one asked for, ahead of a cutover ({@link Cutover#lowerTtl}). */
        TTL_LOWERED
    }

    public CutoverOutcome {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(proof, "proof");
        Objects.requireNonNull(message, "message");
    }

    /** Whether the link domain ends served by the CDN and proven so. */
    public boolean done() {
        return status == Status.CUT_OVER || status == Status.ALREADY_CUT_OVER;
    }
}
