package dev.linkproxy.core;

import java.util.List;
import java.util.stream.Collectors;

/** A spec (or a spec file) has problems; all of them are listed, none was sent to a CDN. */
public final class InvalidSpecException extends LinkProxyException {

    private static final long serialVersionUID = 1L;

    private final List<SpecProblem> problems;

    public InvalidSpecException(List<SpecProblem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    /** Every problem found, in field order. */
    public List<SpecProblem> problems() {
        return problems;
    }

    private static String describe(List<SpecProblem> problems) {
        String noun = problems.size() == 1 ? "problem" : "problems";
        return "the spec has " + problems.size() + " " + noun + ":\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
