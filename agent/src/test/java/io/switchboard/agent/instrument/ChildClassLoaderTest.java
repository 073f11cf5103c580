package io.switchboard.agent.instrument;

import io.switchboard.agent.method.RemoteService;
import io.switchboard.api.Switchboard;
import io.switchboard.bootstrap.Dispatch;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ChildClassLoaderTest
{
    private static final String CHILD_PACKAGE = "com.acme.child.";

    private Instrumenter instrumenter;
    private RecordingInvoker invoker;

    @BeforeEach
    void install()
    {
        instrumenter = Instrumenter.install(ByteBuddyAgent.install(), ProvidedServices.NONE);
        invoker = new RecordingInvoker(instrumenter.methodTable()).answer((call) -> "remote hello");
        Dispatch.installInvoker(invoker);
    }

    @AfterEach
    void uninstall()
    {
        instrumenter.close();
    }

    @Test
    void classInChildLoaderIsInstrumentedAndReleasedWithItsLoader() throws Exception
    {
        final WeakReference<ClassLoader> loader = callGreeterInThrowAwayLoader();
        assertThat(invoker.calls()).hasSize(2);
        invoker.calls().clear();

        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
        {
            System.gc();
            return null == loader.get();
        });
        assertThat(instrumenter.methodTable().services())
            .extracting(RemoteService::interfaceName)
            .doesNotContain("com.acme.child.Greeter");
    }

    private WeakReference<ClassLoader> callGreeterInThrowAwayLoader() throws Exception
    {
        final ClassLoader child = new ChildFirstLoader(getClass().getClassLoader());
        final Class<?> greeter = child.loadClass(CHILD_PACKAGE + "Greeter");
        final Class<?> impl = child.loadClass(CHILD_PACKAGE + "GreeterImpl");
        assertThat(impl.getClassLoader()).isSameAs(child);

        final Method greet = greeter.getMethod("greet", String.class);
        assertThat(greet.invoke(impl.getConstructor().newInstance(), "ann")).isEqualTo("remote hello");
        assertThat(greet.invoke(Switchboard.lookup(greeter), "bob")).isEqualTo("remote hello");

        final RemoteService service = invoker.calls().get(0).method().service();
        assertThat(service.classLoader()).isSameAs(child);
        assertThat(service.methods().get(0).parameterTypes()).containsExactly(String.class);
        return new WeakReference<>(child);
    }

    /**
     * Loads the child fixture package itself, everything else from its parent.
     */
    private static final class ChildFirstLoader extends URLClassLoader
    {
        ChildFirstLoader(final ClassLoader parent)
        {
            super(new URL[]{ChildClassLoaderTest.class.getProtectionDomain().getCodeSource().getLocation()}, parent);
        }

        protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException
        {
            if (!name.startsWith(CHILD_PACKAGE))
            {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name))
            {
                Class<?> type = findLoadedClass(name);
                if (null == type)
                {
                    type = findClass(name);
                }
                return type;
            }
        }
    }
}
