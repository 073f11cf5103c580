package io.switchboard.agent.it;

import io.switchboard.bootstrap.Dispatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts real JVMs with {@code -javaagent:agent/target/switchboard-agent.jar} on {@link TestApp}.
 */
class AgentStartupIT
{
    private static final Pattern STARTUP_LINE = Pattern.compile("(?m)^switchboard \\S+: provides ");

    @TempDir
    Path workDir;

    private ChildJvm.Result runApp(final Map<String, String> env, final String... jvmArgs) throws Exception
    {
        return runAppWithClassPath(env, ChildJvm.testClasses(), jvmArgs);
    }

    private ChildJvm.Result runAppWithClassPath(
        final Map<String, String> env, final String classPath, final String... jvmArgs)
        throws Exception
    {
        final List<String> args = new java.util.ArrayList<>(List.of(jvmArgs));
        args.addAll(List.of("-cp", classPath, TestApp.class.getName()));
        return ChildJvm.run(workDir, env, args);
    }

    private static long startupLines(final ChildJvm.Result result)
    {
        return STARTUP_LINE.matcher(result.err()).results().count();
    }

    @Test
    void printsTheStartupLineAndRunsMainWithTheApiOnTheBootstrapClassPath() throws Exception
    {
        final ChildJvm.Result result = runApp(Map.of(), "-javaagent:" + ChildJvm.agentJar() +
            "=provide=com.acme.Inventory,com.acme.Pricing,registry=zookeeper://zk1:2181,zk2:2181/shop");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString()).containsPattern(
            "switchboard \\S+: provides \\[com.acme.Inventory, com.acme.Pricing\\] " +
                "registry=zookeeper://zk1:2181,zk2:2181/shop service.name=" + Pattern.quote(TestApp.class.getName()));
        assertThat(startupLines(result)).as(result.toString()).isEqualTo(1);
        assertThat(result.out()).contains(
            "test app: main ran",
            "test app: io.switchboard.api loader=bootstrap",
            "test app: agent internals visible=false,false");
    }

    @Test
    void readsConfigurationFromTheEnvironment() throws Exception
    {
        final ChildJvm.Result result = runApp(
            Map.of("SWITCHBOARD_PROVIDE", "com.acme.Inventory", "SWITCHBOARD_SERVICE_NAME", "inventory"),
            "-javaagent:" + ChildJvm.agentJar());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).containsPattern("provides \\[com.acme.Inventory\\] registry=local service.name=inventory");
    }

    @Test
    void aBadValueStopsTheJvmWithAMessageNamingTheKeyAndWhatItAccepts() throws Exception
    {
        final ChildJvm.Result result = runApp(Map.of(),
            "-javaagent:" + ChildJvm.agentJar(), "-Dswitchboard.timeout.ms=soon");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(78);
        assertThat(result.err()).as(result.toString()).contains(
            "switchboard: invalid value \"soon\" for switchboard.timeout.ms (from system property): " +
                "expected a whole number of milliseconds greater than 0");
        assertThat(result.out()).doesNotContain("main ran");
    }

    @Test
    void aBadEnvironmentValueStopsTheJvmToo() throws Exception
    {
        final ChildJvm.Result result = runApp(Map.of("SWITCHBOARD_REGISTRY", "etcd://h:1"),
            "-javaagent:" + ChildJvm.agentJar());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.err()).as(result.toString()).contains(
            "switchboard: invalid value \"etcd://h:1\" for switchboard.registry (from environment variable " +
                "SWITCHBOARD_REGISTRY): expected local or zookeeper://");
        assertThat(result.out()).doesNotContain("main ran");
    }

    @Test
    void anUnknownKeyWarnsWithTheNearestKnownKeyAndStartsAnyway() throws Exception
    {
        final ChildJvm.Result result = runApp(Map.of(),
            "-javaagent:" + ChildJvm.agentJar() + "=provde=com.acme.Inventory", "-Dswitchboard.timout.ms=5");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).as(result.toString())
            .contains("unknown system property switchboard.timout.ms is ignored; did you mean switchboard.timeout.ms?")
            .contains("unknown key \"provde\" in agent args is ignored; did you mean \"provide\"?");
        assertThat(startupLines(result)).isEqualTo(1);
        assertThat(result.out()).contains("test app: main ran");
    }

    @Test
    void aSecondJavaagentOfTheSameJarIsIgnoredWithAWarning() throws Exception
    {
        final String agent = "-javaagent:" + ChildJvm.agentJar();
        final ChildJvm.Result result = runApp(Map.of(), agent, agent);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(startupLines(result)).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("switchboard: WARNING: ignoring -javaagent:" + ChildJvm.agentJar() +
            ": the Switchboard agent from " + ChildJvm.agentJar() + " is already installed in this JVM");
        assertThat(result.out()).contains("test app: main ran");
    }

    @Test
    void aSecondCopyOfTheAgentJarIsIgnoredToo() throws Exception
    {
        final Path copy = Files.copy(ChildJvm.agentJar(), workDir.resolve("copy-of-switchboard-agent.jar"));
        final ChildJvm.Result result = runApp(Map.of(), "-javaagent:" + ChildJvm.agentJar(), "-javaagent:" + copy);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(startupLines(result)).as(result.toString()).isEqualTo(1);
        assertThat(result.err()).contains("is already installed in this JVM");
    }

    @Test
    void anAppWithTheApiJarOnItsClassPathUsesTheBootstrapCopy() throws Exception
    {
        final String classPath = ChildJvm.testClasses() + File.pathSeparator + ChildJvm.codeSource(Dispatch.class);
        final ChildJvm.Result result = runAppWithClassPath(Map.of(), classPath, "-javaagent:" + ChildJvm.agentJar());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).as(result.toString())
            .contains("test app: main ran", "test app: io.switchboard.api loader=bootstrap");
    }

    @Test
    void withoutTheAgentTheAppRunsUnchanged() throws Exception
    {
        final String classPath = ChildJvm.testClasses() + File.pathSeparator + ChildJvm.codeSource(Dispatch.class);
        final ChildJvm.Result result = runAppWithClassPath(Map.of(), classPath);

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err()).doesNotContain("switchboard");
        assertThat(result.out()).contains("test app: main ran", "test app: io.switchboard.api loader=app");
    }
}
