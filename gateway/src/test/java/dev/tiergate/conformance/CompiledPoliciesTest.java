package dev.tiergate.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.PolicyCompiler;
import dev.tiergate.policy.PolicyLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The edge worker reads policies in their compiled form (it has no YAML parser): the conformance
 * vectors' from {@code policies/conformance/compiled/}, the examples' from {@code policies/compiled/}.
 * Each file there must be exactly what {@code tiergate policy compile} writes for its policy today, so
 * the compiler is inside the loop that holds both implementations to the vectors.
 */
class CompiledPoliciesTest {

    /** A directory of policies and the directory of their compiled forms. */
    private record Pair(Path policies, Path compiled) {
    }

    private static final Path ROOT = Path.of("..", "policies");
    private static final List<Pair> PAIRS = List.of(new Pair(ROOT, ROOT.resolve("compiled")),
            new Pair(ROOT.resolve("conformance/policies"), ROOT.resolve("conformance/compiled")));

    @TestFactory
    Stream<DynamicTest> everyPolicyHasItsCurrentCompiledForm() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Pair pair : PAIRS) {
            List<Path> policies = files(pair.policies(), ".yaml");
            assertThat(policies).as(pair.policies().toString()).isNotEmpty();
            for (Path policy : policies) {
                tests.add(DynamicTest.dynamicTest(policy.toString(), () -> {
                    Path compiled = pair.compiled().resolve(policy.getFileName().toString().replaceFirst("\\.yaml$", ".json"));
                    String expected = PolicyCompiler.compile(PolicyLoader.load(policy));
                    assertThat(compiled).as("%s is missing: run bin/compile-policies", compiled).exists();
                    assertThat(Files.readString(compiled, StandardCharsets.UTF_8))
                            .as("%s is out of date: run bin/compile-policies", compiled).isEqualTo(expected);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    Stream<DynamicTest> noCompiledFileOutlivesItsPolicy() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Pair pair : PAIRS) {
            for (Path compiled : files(pair.compiled(), ".json")) {
                Path policy = pair.policies().resolve(compiled.getFileName().toString().replaceFirst("\\.json$", ".yaml"));
                tests.add(DynamicTest.dynamicTest(compiled.toString(), () -> assertThat(policy).exists()));
            }
        }
        return tests.stream();
    }

    private static List<Path> files(Path directory, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.toString().endsWith(suffix)).sorted().toList();
        }
    }
}
