package io.switchboard.agent.it.e2e;

import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same application without the agent: one process, the same functional results.
 */
class WithoutAgentIT
{
    @TempDir
    Path workDir;

    @Test
    void withoutTheAgentEveryCallRunsInOneProcessWithTheSameResults() throws Exception
    {
        final E2e.Consumer consumer = E2e.runConsumer(workDir, List.of(), "shapes");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.result().err()).as("nothing goes wrong, nothing is said").doesNotContain("switchboard");
        final String self = String.valueOf(consumer.self());
        final SoftAssertions softly = new SoftAssertions();
        softly.assertThat(E2e.functional(consumer.values())).as(consumer.toString()).isEqualTo(E2e.SHAPES);
        softly.assertThat(consumer.get("where.pid")).isEqualTo(self);
        softly.assertThat(consumer.get("where.pid.after")).isEqualTo(self);
        softly.assertThat(consumer.get("where.describe")).isEqualTo("described for bob by " + self);
        softly.assertThat(consumer.get("where.future.later.pid")).isEqualTo(self);
        softly.assertAll();
    }

    @Test
    void withoutTheAgentExceptionsAreTheLocalOnes() throws Exception
    {
        final E2e.Consumer consumer = E2e.runConsumer(workDir, List.of(), "exceptions", "0");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        final SoftAssertions softly = new SoftAssertions();
        softly.assertThat(E2e.functional(consumer.values())).as(consumer.toString()).isEqualTo(E2e.EXCEPTIONS);
        softly.assertThat(consumer.get("where.checked.message")).isEqualTo("rejected: no by " + consumer.self());
        softly.assertThat(consumer.get("where.checked.remoteFrame")).isEqualTo("false");
        softly.assertThat(consumer.get("where.checked.quota.message")).isEqualTo("over quota by " + consumer.self());
        softly.assertThat(consumer.get("where.runtime.custom")).isEqualTo("local com.acme.e2e.OopsException: oops: boom");
        softly.assertAll();
    }

    @Test
    void lookupWithoutTheAgentFailsWithAClearMessage() throws Exception
    {
        final E2e.Consumer consumer = E2e.runConsumer(workDir, List.of(), "lookup");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.get("lookup.error")).as(consumer.toString())
            .startsWith("java.lang.IllegalStateException: ")
            .contains("com.acme.e2e.Catalog")
            .contains("-javaagent");
        assertThat(Map.copyOf(consumer.values())).doesNotContainKey("where.pid");
    }
}
