package io.switchboard.agent.it;

import com.acme.zk.Greeting;
import com.acme.zk.GreetingImpl;
import io.switchboard.api.RpcException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Consumer JVM of {@link ZooKeeperOutageIT}: once a first call succeeded, calls every 2 ms and counts
 * successes and failures, printing the counts every 100 calls and each new provider pid, until the file
 * named by its argument exists; then prints the final counts, the longest time between two successful calls
 * and the longest such time that had a failed call in it (figures for the report, never asserted) and exits.
 */
public final class ZkSteadyConsumerMain
{
    private static final Pattern CALLS = Pattern.compile("calls ok=(\\d+) failed=(\\d+)");

    private ZkSteadyConsumerMain()
    {
    }

    /**
     * @param out what this consumer printed so far
     * @return the latest count of successful calls it printed, 0 before the first
     */
    static long lastOk(final String out)
    {
        final Matcher matcher = CALLS.matcher(out);
        long ok = 0;
        while (matcher.find())
        {
            ok = Long.parseLong(matcher.group(1));
        }
        return ok;
    }

    /**
     * @param args the stop file
     * @throws InterruptedException when interrupted
     */
    public static void main(final String[] args) throws InterruptedException
    {
        final Path stop = Path.of(args[0]);
        final Greeting greeting = new GreetingImpl(); // not provided here: the call goes to a provider
        final Set<String> pids = new HashSet<>();
        long ok = 0;
        long failed = 0;
        long lastOkNs = 0;
        long longestGapNs = 0;
        long failoverGapNs = 0;
        boolean failedSinceOk = false;
        while (!Files.exists(stop))
        {
            try
            {
                final String answer = greeting.greet("steady");
                final long nowNs = System.nanoTime();
                longestGapNs = ok > 0 ? Math.max(longestGapNs, nowNs - lastOkNs) : 0;
                failoverGapNs = failedSinceOk ? Math.max(failoverGapNs, nowNs - lastOkNs) : failoverGapNs;
                failedSinceOk = false;
                lastOkNs = nowNs;
                ok++;
                if (pids.add(answer.substring(answer.lastIndexOf(' ') + 1)))
                {
                    System.out.println("first call to pid " + answer.substring(answer.lastIndexOf(' ') + 1));
                }
            }
            catch (final RpcException ex)
            {
                if (ok > 0)
                {
                    failed++;
                    failedSinceOk = true;
                    System.out.println("failed call: " + ex);
                }
            }
            if (ok > 0 && (ok + failed) % 100 == 0)
            {
                System.out.println("calls ok=" + ok + " failed=" + failed);
                System.out.flush();
            }
            Thread.sleep(2);
        }
        System.out.println("final ok=" + ok + " failed=" + failed + " longest_gap_ms=" + longestGapNs / 1_000_000 +
            " failover_gap_ms=" + failoverGapNs / 1_000_000);
    }
}
