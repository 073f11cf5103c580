package io.switchboard.agent.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent jar's layout: the jar root holds only the entry point, the isolated class loader and
 * the bootstrap API; everything else is under inst/ as .classdata, relocated under io/switchboard.
 */
class AgentJarIT
{
    private static List<String> entries() throws Exception
    {
        final List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile()))
        {
            jar.stream().map(JarEntry::getName).forEach(names::add);
        }
        return names;
    }

    @Test
    void theRootHoldsOnlyTheEntryPointTheLoaderAndTheBootstrapApi() throws Exception
    {
        final List<String> rootClasses = entries().stream()
            .filter(name -> !name.startsWith("inst/") && !name.startsWith("META-INF/") && !name.endsWith("/"))
            .toList();

        assertThat(rootClasses).isNotEmpty().allSatisfy(name -> assertThat(name).matches(
            "io/switchboard/(api/.*|bootstrap/.*|agent/SwitchboardAgent.*\\.class|agent/boot/AgentClassLoader.*\\.class)"));
        assertThat(rootClasses).contains(
            "io/switchboard/agent/SwitchboardAgent.class",
            "io/switchboard/agent/boot/AgentClassLoader.class",
            "io/switchboard/api/Remote.class",
            "io/switchboard/bootstrap/Dispatch.class");
    }

    @Test
    void everythingElseIsHiddenUnderInstAndRelocatedUnderIoSwitchboard() throws Exception
    {
        final List<String> inst = entries().stream().filter(name -> name.startsWith("inst/")).toList();

        assertThat(inst).noneMatch(name -> name.endsWith(".class"));
        assertThat(inst).filteredOn(name -> name.endsWith(".classdata"))
            .isNotEmpty()
            .allSatisfy(name -> assertThat(name).startsWith("inst/io/switchboard/"))
            .contains(
                "inst/io/switchboard/agent/boot/AgentInstaller.classdata",
                "inst/io/switchboard/shaded/net/bytebuddy/ByteBuddy.classdata",
                "inst/io/switchboard/shaded/io/aeron/Aeron.classdata",
                "inst/io/switchboard/shaded/org/agrona/concurrent/UnsafeBuffer.classdata");
    }

    @Test
    void noThirdPartyClassIsLeftUnrelocatedAnywhere() throws Exception
    {
        assertThat(entries()).filteredOn(name -> name.endsWith(".class") || name.endsWith(".classdata"))
            .allSatisfy(name -> assertThat(name).matches("(inst/)?io/switchboard/.*"));
        assertThat(entries()).noneMatch(name -> name.startsWith("net/") || name.startsWith("org/") ||
            name.startsWith("com/") || name.startsWith("inst/net/") || name.startsWith("inst/org/") ||
            name.startsWith("inst/com/"));
    }

    @Test
    void theManifestDeclaresTheAgentAndTheMainClass() throws Exception
    {
        try (JarFile jar = new JarFile(ChildJvm.agentJar().toFile()))
        {
            final Attributes main = jar.getManifest().getMainAttributes();
            assertThat(main.getValue("Premain-Class")).isEqualTo("io.switchboard.agent.SwitchboardAgent");
            assertThat(main.getValue("Agent-Class")).isEqualTo("io.switchboard.agent.SwitchboardAgent");
            assertThat(main.getValue("Main-Class")).isEqualTo("io.switchboard.agent.SwitchboardAgent");
            assertThat(main.getValue("Can-Retransform-Classes")).isEqualTo("true");
            assertThat(main.getValue("Can-Redefine-Classes")).isEqualTo("true");
            assertThat(main.getValue("Implementation-Version")).isNotBlank();
        }
    }
}
