package dev.tiergate.policy;

import java.util.List;

/** The problems a policy text is rejected with, as printed ({@code file:line path: message}), for tests. */
final class PolicyProblems {

    private PolicyProblems() {
    }

    /** Every problem of {@code yaml} read as {@code test.yaml}; fails when it is accepted. */
    static List<String> of(String yaml) {
        try {
            PolicyLoader.parse("test.yaml", yaml);
        } catch (PolicyException e) {
            return e.problems().stream().map(PolicyProblem::toString).toList();
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }
}
