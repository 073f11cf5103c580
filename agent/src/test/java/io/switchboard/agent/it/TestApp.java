package io.switchboard.agent.it;

/**
 * The tiny application the integration tests start with the agent: it reports what a user would
 * check (its main ran, where the API classes came from, that agent internals are hidden) and exits.
 */
public final class TestApp
{
    private TestApp()
    {
    }

    /**
     * @param args ignored.
     * @throws Exception never expected.
     */
    public static void main(final String[] args) throws Exception
    {
        final ClassLoader apiLoader = Class.forName("io.switchboard.api.Switchboard").getClassLoader();
        System.out.println("test app: main ran");
        System.out.println("test app: io.switchboard.api loader=" + (null == apiLoader ? "bootstrap" : apiLoader.getName()));
        System.out.println("test app: agent internals visible=" + visible("io.switchboard.agent.boot.AgentInstaller") +
            "," + visible("io.switchboard.shaded.net.bytebuddy.ByteBuddy"));
    }

    private static boolean visible(final String name)
    {
        try
        {
            Class.forName(name, false, TestApp.class.getClassLoader());
            return true;
        }
        catch (final ClassNotFoundException ex)
        {
            return false;
        }
    }
}
