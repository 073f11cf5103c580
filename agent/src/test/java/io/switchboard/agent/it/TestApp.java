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
        System.out.println("test app: main ran");
        System.out.println("test app: io.switchboard.api loader=" + apiLoader());
        System.out.println("test app: agent internals visible=" + visible("io.switchboard.agent.boot.AgentInstaller") +
            "," + visible("io.switchboard.shaded.net.bytebuddy.ByteBuddy"));
        if (args.length > 0 && "--wait".equals(args[0]))
        {
            // Stay alive (for an agent to attach) until the test closes our stdin.
            System.out.println("test app: waiting");
            System.out.flush();
            while (System.in.read() >= 0)
            {
                continue;
            }
            System.out.println("test app: done");
        }
    }

    private static String apiLoader()
    {
        try
        {
            final ClassLoader loader = Class.forName("io.switchboard.api.Switchboard").getClassLoader();
            return null == loader ? "bootstrap" : loader.getName();
        }
        catch (final ClassNotFoundException ex)
        {
            return "absent";
        }
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
