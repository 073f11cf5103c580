package com.acme.e2e;

import io.switchboard.api.NoProviderException;
import io.switchboard.api.RpcTimeoutException;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A consumer for the load-balancing IT: runs the named steps in order and prints
 * {@code result <name>=<value>} lines.
 * <ul>
 * <li>{@code spread <calls>}: calls {@code pid()} that often; {@code spread=<pid>:<count>,...}.</li>
 * <li>{@code sticky <keys>}: after one uncounted round, calls {@code describe(key)} three times per key, interleaved;
 * {@code sticky.split} lists keys answered by more than one provider, {@code sticky.pids} the providers.</li>
 * <li>{@code fallback}: calls the ranking (no provider runs one); {@code fallback.pid}, {@code fallback.max}.</li>
 * <li>{@code breaker}: six {@code slow(3000)} calls that time out (run with a shorter timeout), one call
 * that should find every circuit open ({@code breaker.rejected}), then calls until one succeeds
 * ({@code breaker.rejections}, {@code breaker.recovered.ms}) and until three providers answered
 * ({@code breaker.pids.after}).</li>
 * <li>{@code hold}: prints {@code hold=ready} and waits until stdin closes, so another process can look at this one.</li>
 * </ul>
 */
public final class BalanceConsumerMain
{
    private BalanceConsumerMain()
    {
    }

    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final Catalog catalog = new CatalogImpl();
        for (int i = 0; i < args.length; i++)
        {
            switch (args[i])
            {
                case "spread" -> spread(catalog, Integer.parseInt(args[++i]));
                case "sticky" -> sticky(catalog, Integer.parseInt(args[++i]));
                case "fallback" -> fallback(new RankingImpl());
                case "breaker" -> breaker(catalog);
                case "hold" -> hold();
                default -> throw new IllegalArgumentException("unknown step " + args[i]);
            }
        }
        result("done", "balance");
    }

    private static void spread(final Catalog catalog, final int calls)
    {
        final Map<Long, Integer> byPid = new TreeMap<>();
        for (int i = 0; i < calls; i++)
        {
            byPid.merge(catalog.pid(), 1, Integer::sum);
        }
        final StringBuilder text = new StringBuilder();
        byPid.forEach((pid, count) -> text.append(text.length() == 0 ? "" : ",").append(pid).append(':').append(count));
        result("spread", text);
    }

    private static void sticky(final Catalog catalog, final int keys)
    {
        // A first round, not counted: until this consumer's sessions to every provider are connected, a key
        // goes to the next connected provider on the ring (documented); stickiness is for a steady set.
        for (int k = 0; k < keys; k++)
        {
            catalog.describe("customer-" + k);
        }
        final Map<String, Set<String>> providersByKey = new TreeMap<>();
        for (int round = 0; round < 3; round++)
        {
            for (int k = 0; k < keys; k++)
            {
                final String key = "customer-" + k;
                final String answer = catalog.describe(key); // "described for <key> by <pid>"
                providersByKey.computeIfAbsent(key, x -> new TreeSet<>()).add(answer.substring(answer.lastIndexOf(' ') + 1));
            }
        }
        final Set<String> split = new TreeSet<>();
        final Set<String> pids = new TreeSet<>();
        providersByKey.forEach((key, providers) ->
        {
            pids.addAll(providers);
            if (providers.size() > 1)
            {
                split.add(key + "->" + providers);
            }
        });
        result("sticky.split", split);
        result("sticky.pids", pids);
    }

    private static void fallback(final Ranking ranking)
    {
        result("fallback.pid", ranking.pid());
        result("fallback.max", ranking.max(List.of(3, 9, 4)));
    }

    private static void breaker(final Catalog catalog) throws InterruptedException
    {
        int timedOut = 0;
        for (int i = 0; i < 6; i++)
        {
            try
            {
                catalog.slow(3000);
            }
            catch (final RpcTimeoutException expected)
            {
                timedOut++;
            }
        }
        result("breaker.timedOut", timedOut);
        try
        {
            result("breaker.rejected", "no: answered by " + catalog.pid());
        }
        catch (final NoProviderException ex)
        {
            result("breaker.rejected", ex.getMessage());
        }
        final long start = System.nanoTime();
        int rejections = 0;
        while (true)
        {
            try
            {
                catalog.pid();
                break;
            }
            catch (final NoProviderException ex)
            {
                rejections++;
                if (System.nanoTime() - start > 30_000_000_000L)
                {
                    result("breaker.recovered.ms", "never");
                    return;
                }
                Thread.sleep(100); // the application's own back-off between tries
            }
        }
        result("breaker.rejections", rejections);
        result("breaker.recovered.ms", (System.nanoTime() - start) / 1_000_000L);
        // The other circuits opened later, so they let their probes through later: call until all answered.
        final Set<Long> pids = new TreeSet<>();
        while (pids.size() < 3 && System.nanoTime() - start < 30_000_000_000L)
        {
            pids.add(catalog.pid());
            Thread.sleep(50);
        }
        result("breaker.all.back.ms", (System.nanoTime() - start) / 1_000_000L);
        result("breaker.pids.after", pids);
    }

    private static void hold() throws IOException
    {
        result("hold", "ready");
        while (System.in.read() >= 0)
        {
            // wait for stdin to close
        }
    }

    private static void result(final String name, final Object value)
    {
        System.out.println("result " + name + "=" + value);
        System.out.flush();
    }
}
