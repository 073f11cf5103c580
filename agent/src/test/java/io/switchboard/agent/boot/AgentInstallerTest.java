package io.switchboard.agent.boot;

import io.switchboard.agent.config.SwitchboardConfig;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AgentInstallerTest
{
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> events = new ArrayList<>();

    private AgentContext context()
    {
        final SwitchboardConfig config = SwitchboardConfig.of(Map.of(
            "provide", "com.acme.Inventory,com.acme.Pricing", "service.name", "shop"));
        return new AgentContext(config, null, false, new AgentLog(new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    private AgentComponent component(final String name, final boolean failsToStart)
    {
        return new AgentComponent()
        {
            public String name()
            {
                return name;
            }

            public void start(final AgentContext context)
            {
                events.add("start " + name);
                if (failsToStart)
                {
                    throw new IllegalStateException("boom");
                }
                context.addStartupDetail(name, "up");
            }

            public void close()
            {
                events.add("close " + name);
            }
        };
    }

    @Test
    void startsComponentsInOrderAndClosesThemInReverse()
    {
        final AgentInstaller agent = AgentInstaller.start(context(), List.of(component("a", false), component("b", false)));
        agent.close();

        assertThat(events).containsExactly("start a", "start b", "close b", "close a");
    }

    @Test
    void printsOneStartupLineWithTheDetailsComponentsAdd()
    {
        AgentInstaller.start(context(), List.of(component("endpoint", false))).close();

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
            "switchboard " + AgentVersion.get() + ": provides [com.acme.Inventory, com.acme.Pricing] registry=local " +
                "service.name=shop endpoint=up" + System.lineSeparator());
    }

    @Test
    void aComponentThatFailsIsLoggedAndSkippedWithoutStoppingTheOthers()
    {
        final AgentInstaller agent = AgentInstaller.start(
            context(), List.of(component("a", true), component("b", false)));

        assertThat(agent.started()).extracting(AgentComponent::name).containsExactly("b");
        assertThat(err.toString(StandardCharsets.UTF_8))
            .contains("switchboard: ERROR: component a failed to start; continuing without it")
            .contains("switchboard 0");
        agent.close();
    }
}
