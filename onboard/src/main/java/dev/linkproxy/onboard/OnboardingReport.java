package dev.linkproxy.onboard;

import java.util.List;

/**
 * What an onboarding did, step by step, and what is left for a person.
 *
 * @param linkDomains the spec's link domains
 * @param steps       every step taken, in order
 * @param ready       whether every link domain is cut over and proven: SSL click tracking can be switched on
 * @param nextSteps   what to ask the ESP (or, when not ready, what to fix)
 */
public record OnboardingReport(List<String> linkDomains, List<OnboardingStep> steps, boolean ready,
                               List<String> nextSteps) {

    public OnboardingReport {
        linkDomains = List.copyOf(linkDomains);
        steps = List.copyOf(steps);
        nextSteps = List.copyOf(nextSteps);
    }

    /** Whether any step wrote something (a re-run of a finished onboarding writes nothing). */
    public boolean wroteAnything() {
        return steps.stream().anyMatch(s -> s.status() == OnboardingStep.Status.DONE);
    }
}
