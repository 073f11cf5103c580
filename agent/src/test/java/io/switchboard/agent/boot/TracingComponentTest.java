package io.switchboard.agent.boot;

import io.switchboard.agent.config.SwitchboardConfig;
import io.switchboard.agent.trace.RpcTracing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TracingComponentTest
{
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @AfterEach
    void uninstall()
    {
        RpcTracing.install(null);
    }

    @Test
    void withNoExporterTracingStaysOffAndNoSdkStarts()
    {
        final AgentContext context = context(null);
        final TracingComponent component = new TracingComponent();
        component.start(context);

        assertThat(RpcTracing.current()).isNull();
        assertThat(context.startupLine()).doesNotContain("tracing=");
        component.close();
    }

    @Test
    void anExporterInAgentArgsInstallsTracingUntilClose()
    {
        final AgentContext context = context("otel.traces.exporter=logging,otel.service.name=shop");
        final TracingComponent component = new TracingComponent();
        component.start(context);

        assertThat(RpcTracing.current()).isNotNull();
        assertThat(context.startupLine()).contains("service.name=shop").contains("tracing=logging");

        component.close();
        assertThat(RpcTracing.current()).isNull();
    }

    private AgentContext context(final String agentArgs)
    {
        final SwitchboardConfig config = SwitchboardConfig.load(agentArgs, Map.of(), Map.of(), warning -> {});
        return new AgentContext(config, null, false, new AgentLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
    }
}
