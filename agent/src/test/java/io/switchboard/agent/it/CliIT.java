package io.switchboard.agent.it;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs {@code java -jar agent/target/switchboard-agent.jar <command>}.
 */
class CliIT
{
    @TempDir
    Path workDir;

    private ChildJvm.Result cli(final String... args) throws Exception
    {
        final List<String> command = new java.util.ArrayList<>(List.of("-jar", ChildJvm.agentJar().toString()));
        command.addAll(List.of(args));
        return ChildJvm.run(workDir, Map.of(), command);
    }

    @Test
    void helpListsTheCommands() throws Exception
    {
        final ChildJvm.Result result = cli("help");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("usage: java -jar switchboard-agent.jar <command>")
            .containsPattern("(?m)^  help +\\S")
            .containsPattern("(?m)^  version +\\S")
            .containsPattern("(?m)^  registry +\\S")
            .containsPattern("(?m)^  driver +\\S")
            .containsPattern("(?m)^  services +\\S");
    }

    @Test
    void anUnknownCommandPrintsUsageOnStderrAndExits2() throws Exception
    {
        final ChildJvm.Result result = cli("frobnicate");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("unknown command \"frobnicate\"", "usage: java -jar switchboard-agent.jar");
        assertThat(result.out()).isEmpty();
    }

    @Test
    void versionPrintsTheVersion() throws Exception
    {
        final ChildJvm.Result result = cli("version");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).matches("switchboard \\d+\\.\\d+\\.\\d+\\S*\\R");
    }

    @Test
    void registryRunsAZooKeeperThatServicesCanReadAndStopsOnSigterm() throws Exception
    {
        final int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress()))
        {
            port = socket.getLocalPort();
        }
        final java.nio.file.Path data = workDir.resolve("zk-data");
        try (ChildJvm.Running registry = ChildJvm.start(workDir, java.util.Map.of(), java.util.List.of(
            "-jar", ChildJvm.agentJar().toString(), "registry", "--port", Integer.toString(port), "--dir", data.toString())))
        {
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() ->
                registry.out().contains("listening") || !registry.process.isAlive());
            assertThat(registry.out()).contains("switchboard registry: ZooKeeper listening on 127.0.0.1:" + port +
                ", data in " + data + "; use registry=zookeeper://127.0.0.1:" + port);

            final ChildJvm.Result services = cli("services", "--registry", "zookeeper://127.0.0.1:" + port);
            assertThat(services.exitCode()).as(services.toString()).isZero();
            assertThat(services.out()).contains("ZooKeeper registry zookeeper://127.0.0.1:" + port,
                "No services are registered.");

            registry.process.destroy(); // SIGTERM, as Ctrl-C
            final ChildJvm.Result stopped = registry.await();
            assertThat(stopped.err()).as(stopped.toString()).contains("switchboard registry: stopped");
        }
    }

    @Test
    void servicesListsAnEmptyLocalRegistry() throws Exception
    {
        final ChildJvm.Result result = cli("services", "--registry-dir", workDir.resolve("registry").toString());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.out()).contains("local registry " + workDir.resolve("registry"));
    }
}
