package io.switchboard.agent.it;

import com.sun.tools.attach.VirtualMachine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Attaches the agent to a running JVM ({@code agentmain}).
 */
class AgentAttachIT
{
    @TempDir
    Path workDir;

    private ChildJvm.Result attach(final String agentArgs) throws Exception
    {
        try (ChildJvm.Running app = ChildJvm.start(workDir, Map.of(),
            List.of("-cp", ChildJvm.testClasses(), TestApp.class.getName(), "--wait")))
        {
            await().atMost(Duration.ofSeconds(ChildJvm.TIMEOUT_SECONDS))
                .until(() -> app.out().contains("test app: waiting") || !app.process.isAlive());
            assertThat(app.process.isAlive()).as("the test app is waiting").isTrue();
            final VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.process.pid()));
            try
            {
                vm.loadAgent(ChildJvm.agentJar().toString(), agentArgs);
            }
            finally
            {
                vm.detach();
            }
            app.process.getOutputStream().close();
            return app.await();
        }
    }

    @Test
    void attachingToARunningJvmStartsTheAgent() throws Exception
    {
        final ChildJvm.Result result = attach("provide=com.acme.Inventory,service.name=attached");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString())
            .containsPattern("switchboard \\S+: provides \\[com.acme.Inventory\\] registry=local service.name=attached");
        assertThat(result.out()).contains("test app: done");
    }

    @Test
    void aBadValueWhenAttachingIsReportedButDoesNotStopTheRunningApp() throws Exception
    {
        final ChildJvm.Result result = attach("fallback=maybe");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString())
            .contains("switchboard: invalid value \"maybe\" for switchboard.fallback (from agent args): expected fail or local")
            .doesNotContain("provides [");
        assertThat(result.out()).contains("test app: done");
    }
}
