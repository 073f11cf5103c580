package io.switchboard.agent.it.e2e;

import com.sun.tools.attach.VirtualMachine;
import io.switchboard.agent.it.ChildJvm;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One provider JVM of {@code com.acme.e2e.Catalog} serves consumer JVMs that construct
 * {@code new CatalogImpl()} (or look the interface up) and run one scenario each.
 */
class RemoteCallsIT
{
    @TempDir
    static Path workDir;

    private static Path registryDir;
    private static ChildJvm.Running provider;
    private static String providerPid;

    @BeforeAll
    static void startProvider() throws Exception
    {
        registryDir = Files.createDirectories(workDir.resolve("registry"));
        provider = E2e.startProvider(workDir, registryDir);
        providerPid = String.valueOf(provider.process.pid());
    }

    @AfterAll
    static void stopProvider()
    {
        if (null != provider)
        {
            provider.close();
        }
    }

    private static List<String> agent(final String extraArgs)
    {
        return List.of(E2e.javaagent(E2e.registry(registryDir) + "," + E2e.CALL_TIMEOUT + extraArgs));
    }

    private static void assertFunctional(final SoftAssertions softly, final E2e.Consumer consumer, final Map<String, String> expected)
    {
        for (final Map.Entry<String, String> entry : expected.entrySet())
        {
            softly.assertThat(consumer.get(entry.getKey())).as("result %s\n%s", entry.getKey(), consumer).isEqualTo(entry.getValue());
        }
    }

    @Test
    void everyCallShapeRunsInTheProvider() throws Exception
    {
        final E2e.Consumer consumer = E2e.runConsumer(workDir, agent(""), "shapes");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.get("where.pid")).as("the call ran in the provider\n%s", consumer).isEqualTo(providerPid);
        final SoftAssertions softly = new SoftAssertions();
        assertFunctional(softly, consumer, E2e.SHAPES);
        softly.assertThat(consumer.get("where.describe")).as("a method of an unannotated super-interface\n%s", consumer)
            .isEqualTo("described for bob by " + providerPid);
        softly.assertThat(consumer.get("where.default.value")).as("a default method runs in the consumer")
            .isEqualTo("hello echo:ann from " + consumer.self());
        softly.assertThat(consumer.get("where.future.later.pid")).as("the future was completed by the provider")
            .isEqualTo(providerPid);
        for (final String thread : List.of("where.future.later.thread", "where.future.stage.thread"))
        {
            softly.assertThat(consumer.get(thread)).as("%s: callbacks never run on a polling thread\n%s", thread, consumer)
                .isNotNull()
                .doesNotContainIgnoringCase("switchboard-transport")
                .doesNotContainIgnoringCase("aeron");
        }
        softly.assertThat(consumer.get("where.pid.after")).isEqualTo(providerPid);
        softly.assertThat(E2e.unexpectedStderr(consumer.result().err())).as("stderr of a healthy run").isEmpty();
        softly.assertAll();
    }

    @Test
    void exceptionsAreRethrownAsTheUserExpects() throws Exception
    {
        final E2e.Consumer consumer = E2e.runConsumer(workDir,
            List.of(E2e.javaagent(E2e.registry(registryDir) + ",timeout.ms=3000")), "exceptions", "10000");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.get("where.pid")).as(consumer.toString()).isEqualTo(providerPid);
        final SoftAssertions softly = new SoftAssertions();
        assertFunctional(softly, consumer, E2e.EXCEPTIONS);
        softly.assertThat(consumer.get("where.checked.message")).as("the remote message\n%s", consumer)
            .isEqualTo("rejected: no by " + providerPid);
        softly.assertThat(consumer.get("where.checked.remoteFrame")).as("a <remote: frame in the stack trace\n%s", consumer)
            .isEqualTo("true");
        softly.assertThat(consumer.get("where.checked.quota.message")).isEqualTo("over quota by " + providerPid);
        softly.assertThat(consumer.get("where.checked.quota.remoteFrame")).isEqualTo("true");
        softly.assertThat(consumer.get("where.runtime.jdk.remoteFrame")).isEqualTo("true");
        softly.assertThat(consumer.get("where.runtime.custom")).as("an undeclared custom runtime exception\n%s", consumer)
            .isEqualTo("remote failure");
        softly.assertThat(consumer.get("where.runtime.custom.remoteClass")).isEqualTo("com.acme.e2e.OopsException");
        softly.assertThat(consumer.get("where.runtime.custom.message")).contains("oops: boom");
        softly.assertThat(consumer.get("where.timeout")).as("a call beyond timeout.ms\n%s", consumer)
            .startsWith("io.switchboard.api.RpcTimeoutException");
        softly.assertThat(consumer.get("where.afterTimeout")).as("the provider still serves after a timeout\n%s", consumer)
            .isEqualTo(providerPid);
        softly.assertAll();
    }

    @Test
    void eightThreadsTimesAThousandConcurrentCallsAreAllPairedCorrectly() throws Exception
    {
        final E2e.Consumer consumer = E2e.runConsumer(workDir, agent(""), "concurrent", "8", "1000");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.get("where.pid")).as(consumer.toString()).isEqualTo(providerPid);
        assertThat(consumer.get("concurrent.firstProblem")).as(consumer.toString()).isEqualTo("none");
        assertThat(consumer.get("concurrent.mismatches")).isEqualTo("0");
        assertThat(consumer.get("concurrent.errors")).isEqualTo("0");
        assertThat(consumer.get("concurrent.ok")).isEqualTo("8000");
        assertThat(E2e.unexpectedStderr(consumer.result().err())).as("stderr of a healthy run").isEmpty();
    }

    @Test
    void asyncCallsFromManyThreadsAndChainedCallbacksEachGetTheirOwnResult() throws Exception
    {
        // 4 x 100 in flight: more than the pooled call states and a session's pending slots (256 each), fewer than
        // the provider lets one session have (512, switchboard.provider.max.session.concurrent).
        final E2e.Consumer consumer = E2e.runConsumer(workDir, agent(""), "async-concurrent", "4", "100");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.get("async.firstProblem")).as(consumer.toString()).isEqualTo("none");
        assertThat(consumer.get("async.wrong")).isEqualTo("0");
        assertThat(consumer.get("async.ok")).isEqualTo("400");
        assertThat(consumer.get("async.chain")).as(consumer.toString()).isEqualTo("now:link49");
        assertThat(E2e.unexpectedStderr(consumer.result().err())).as("stderr of a healthy run").isEmpty();
    }

    @Test
    void anInterfaceOnlyConsumerCallsThroughALookedUpProxy() throws Exception
    {
        final E2e.Consumer consumer = E2e.runConsumer(workDir, agent(""), "lookup");

        assertThat(consumer.result().exitCode()).as(consumer.toString()).isZero();
        assertThat(consumer.get("lookup.error")).as(consumer.toString()).isNull();
        assertThat(consumer.get("where.pid")).as(consumer.toString()).isEqualTo(providerPid);
        final SoftAssertions softly = new SoftAssertions();
        assertFunctional(softly, consumer, Map.of(
            "lookup.echo", "echo:via proxy",
            "lookup.echo.overload", "echo2:abab",
            "lookup.record", "Item[sku=sku-3, price=12.50, color=GREEN, tags=[a, b], added=2023-11-14T22:13:20Z]",
            "lookup.checked", "com.acme.e2e.CatalogException code=7",
            "lookup.default.local", "true",
            "lookup.equals", "true",
            "lookup.hashCode.stable", "true",
            "lookup.same.class", "true"));
        softly.assertThat(consumer.get("lookup.toString")).as(consumer.toString()).isNotNull().doesNotStartWith("ERROR");
        softly.assertAll();
    }

    @Test
    void anAppThatBundlesItsOwnByteBuddyAndAgronaUsesThemAndStillCallsRemotely() throws Exception
    {
        final Path libs = ChildJvm.agentJar().getParent().resolve("it-libs");
        final String byteBuddy = "byte-buddy-" + System.getProperty("e2e.old.bytebuddy.version", "1.14.18") + ".jar";
        final String agrona = "agrona-" + System.getProperty("e2e.old.agrona.version", "1.21.2") + ".jar";
        assertThat(libs.resolve(byteBuddy)).as("copied by maven-dependency-plugin in pre-integration-test").isRegularFile();
        assertThat(libs.resolve(agrona)).isRegularFile();
        final String classPath = E2e.appClassPath() + File.pathSeparator + libs.resolve(byteBuddy) + File.pathSeparator +
            libs.resolve(agrona);
        final List<String> command = new java.util.ArrayList<>(E2e.LIGHT_JVM);
        command.add(E2e.javaagent(E2e.registry(registryDir) + "," + E2e.CALL_TIMEOUT));
        command.addAll(List.of("-cp", classPath, "com.acme.e2e.CatalogConsumerMain", "libs"));
        final ChildJvm.Result result = ChildJvm.run(workDir, Map.of(), command);
        final Map<String, String> values = E2e.results(result.out());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        final SoftAssertions softly = new SoftAssertions();
        softly.assertThat(values.get("libs.bytebuddy.jar")).as(result.toString()).isEqualTo(byteBuddy);
        softly.assertThat(values.get("libs.agrona.jar")).as(result.toString()).isEqualTo(agrona);
        softly.assertThat(values.get("libs.bytebuddy.works")).as(result.toString()).isEqualTo("com.acme.e2e.Generated");
        softly.assertThat(values.get("libs.agrona.works")).as(result.toString()).isEqualTo("11");
        softly.assertThat(values.get("where.pid")).as(result.toString()).isEqualTo(providerPid);
        softly.assertThat(values.get("libs.echo")).as(result.toString()).isEqualTo("echo:libs");
        softly.assertThat(E2e.unexpectedStderr(result.err())).as("stderr of a healthy run").isEmpty();
        softly.assertAll();
    }

    @Test
    void attachingTheAgentToARunningConsumerRoutesItsCallsToTheProvider() throws Exception
    {
        try (ChildJvm.Running app = ChildJvm.start(workDir, Map.of(), E2e.consumerCommand(List.of(), "attach")))
        {
            await().atMost(E2e.STARTUP)
                .until(() -> app.out().contains("result waiting=") || !app.process.isAlive());
            assertThat(app.process.isAlive()).as("the consumer is waiting%s", E2e.output(app)).isTrue();
            final VirtualMachine vm = VirtualMachine.attach(String.valueOf(app.process.pid()));
            try
            {
                vm.loadAgent(ChildJvm.agentJar().toString(), E2e.registry(registryDir) + "," + E2e.CALL_TIMEOUT);
            }
            finally
            {
                vm.detach();
            }
            app.process.getOutputStream().write("go\n".getBytes(StandardCharsets.UTF_8));
            app.process.getOutputStream().close();
            final ChildJvm.Result result = app.await();
            final Map<String, String> values = E2e.results(result.out());

            assertThat(result.exitCode()).as(result.toString()).isZero();
            final SoftAssertions softly = new SoftAssertions();
            softly.assertThat(values.get("where.before.pid")).as("local before the agent came\n%s", result)
                .isEqualTo(values.get("where.self"));
            softly.assertThat(values.get("attach.line")).isEqualTo("go");
            softly.assertThat(values.get("where.after.pid")).as("an instance created before attaching\n%s", result)
                .isEqualTo(providerPid);
            softly.assertThat(values.get("attach.echo")).as(result.toString()).isEqualTo("echo:attached");
            softly.assertThat(values.get("where.after.fresh.pid")).as("an instance created after attaching\n%s", result)
                .isEqualTo(providerPid);
            softly.assertAll();
        }
    }
}
