package io.switchboard.agent.it;

import com.acme.skew.ShelfProviderMain;
import io.switchboard.api.Remote;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Version skew (issue 4, item 5) with real JVMs and a real ZooKeeper: the provider runs the older
 * {@code com.acme.skew.Shelf} from the test classes; the consumer runs a newer {@code Shelf} with one more
 * method, compiled by this test into its own directory that comes first on the consumer's class path. The
 * new method fails with an error naming the service, the method and that the provider lacks it; the old
 * method keeps working before and after.
 */
class ZooKeeperVersionSkewIT
{
    private static final String NEWER_SHELF = """
        package com.acme.skew;

        @io.switchboard.api.Remote
        public interface Shelf
        {
            String stock(String sku);

            String restock(String sku, int count);
        }
        """;

    private static final String NEWER_CONSUMER = """
        package com.acme.skew;

        import io.switchboard.api.RpcException;
        import io.switchboard.api.Switchboard;

        public final class NewerShelfConsumerMain
        {
            public static void main(String[] args) throws Exception
            {
                Shelf shelf = Switchboard.lookup(Shelf.class);
                long deadline = System.currentTimeMillis() + 60_000;
                while (true)
                {
                    try
                    {
                        System.out.println("stock before: " + shelf.stock("sku-1"));
                        break;
                    }
                    catch (RpcException ex)
                    {
                        if (System.currentTimeMillis() > deadline) { throw ex; }
                        Thread.sleep(20);
                    }
                }
                try
                {
                    System.out.println("restock: " + shelf.restock("sku-1", 5));
                }
                catch (RpcException ex)
                {
                    System.out.println("restock failed: " + ex.getClass().getName() + ": " + ex.getMessage());
                }
                System.out.println("stock after: " + shelf.stock("sku-2"));
            }
        }
        """;

    @TempDir
    Path workDir;

    @Test
    void aMethodTheProviderLacksFailsClearlyAndTheOthersKeepWorking() throws Exception
    {
        final Path newer = compileNewerConsumer();
        try (TestingServer zk = new TestingServer(
            new InstanceSpec(Files.createDirectories(workDir.resolve("zk")).toFile(), -1, -1, -1, true, 1, 1000, 0), true))
        {
            final String agent = "-javaagent:" + ChildJvm.agentJar() + "=registry=zookeeper://" + zk.getConnectString() +
                "/skew,registry.dir=" + Files.createDirectories(workDir.resolve("local-registry")) + ",timeout.ms=20000";
            try (ChildJvm.Running provider = ChildJvm.start(workDir, Map.of(), List.of(
                agent + ",provide=com.acme.skew.Shelf", "-cp", ChildJvm.testClasses(), ShelfProviderMain.class.getName())))
            {
                await().atMost(Duration.ofSeconds(60)).until(() ->
                    provider.out().contains("provider constructed") || !provider.process.isAlive());
                final String pid = String.valueOf(provider.process.pid());

                final ChildJvm.Result consumer = ChildJvm.run(workDir, Map.of(), List.of(agent, "-cp",
                    newer + File.pathSeparator + ChildJvm.testClasses(), "com.acme.skew.NewerShelfConsumerMain"));

                assertThat(consumer.exitCode()).as(consumer.toString()).isZero();
                assertThat(consumer.out())
                    .contains("stock before: sku-1: 3 in stock at pid " + pid)
                    .contains("stock after: sku-2: 3 in stock at pid " + pid);
                final String failure = consumer.out().lines().filter(l -> l.startsWith("restock failed: ")).findFirst()
                    .orElseThrow(() -> new AssertionError("restock did not fail:\n" + consumer));
                assertThat(failure)
                    .contains("io.switchboard.api.RemoteFailureException")
                    .contains("UNKNOWN_METHOD")
                    .contains("com.acme.skew.Shelf.restock")
                    .contains("the provider's interface lacks this method");
                System.out.println("version skew, the consumer's error: " + failure);
            }
        }
    }

    // The newer interface and a consumer compiled against it, against the API jar only.
    private Path compileNewerConsumer() throws Exception
    {
        final Path src = Files.createDirectories(workDir.resolve("newer-src/com/acme/skew"));
        final Path out = Files.createDirectories(workDir.resolve("newer-classes"));
        final Path shelf = Files.writeString(src.resolve("Shelf.java"), NEWER_SHELF);
        final Path main = Files.writeString(src.resolve("NewerShelfConsumerMain.java"), NEWER_CONSUMER);
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final ByteArrayOutputStream errors = new ByteArrayOutputStream();
        final int rc = javac.run(null, null, errors, "-d", out.toString(), "-cp", ChildJvm.codeSource(Remote.class),
            shelf.toString(), main.toString());
        assertThat(rc).as("compiling the newer Shelf: " + errors).isZero();
        return out;
    }
}
