package io.switchboard.benchmarks.e2e;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a driver process measures: payload sizes, request rates, warm-up and measurement times. Parsed
 * from {@code --scenario <name> --payloads 64,1024 --rates 1000,max --warmup-s 2 --measure-s 3}, plus any
 * role-specific {@code --key value} options, which {@link #option(String, String)} returns.
 *
 * @param scenario  name printed in the result lines.
 * @param payloads  payload sizes in bytes, measured in this order.
 * @param rates     requests per second, {@link ScenarioResult#MAX_RATE} for a throughput run.
 * @param warmupSec warm-up seconds per payload size.
 * @param measureSec measurement seconds per rate.
 * @param options   every {@code --key value} pair given.
 */
public record LoadPlan(String scenario, List<Integer> payloads, List<Integer> rates, int warmupSec, int measureSec,
    Map<String, String> options)
{
    /**
     * @param args {@code --key value} pairs.
     * @return the plan.
     * @throws IllegalArgumentException naming the bad option.
     */
    public static LoadPlan parse(final String[] args)
    {
        final Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.length; i++)
        {
            if (!args[i].startsWith("--") || i + 1 >= args.length)
            {
                throw new IllegalArgumentException("expected --key value pairs, got \"" + args[i] + "\" at position " + i);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        final List<Integer> payloads = new ArrayList<>();
        for (final String p : options.getOrDefault("payloads", "64").split(","))
        {
            payloads.add(Integer.parseInt(p.trim()));
        }
        final List<Integer> rates = new ArrayList<>();
        for (final String r : options.getOrDefault("rates", "1000,max").split(","))
        {
            rates.add("max".equals(r.trim()) ? ScenarioResult.MAX_RATE : Integer.parseInt(r.trim()));
        }
        return new LoadPlan(options.getOrDefault("scenario", "unnamed"), List.copyOf(payloads), List.copyOf(rates),
            Integer.parseInt(options.getOrDefault("warmup-s", "2")), Integer.parseInt(options.getOrDefault("measure-s", "3")),
            Map.copyOf(options));
    }

    /**
     * @param key          option name without the dashes.
     * @param defaultValue returned when absent.
     * @return the value.
     */
    public String option(final String key, final String defaultValue)
    {
        return options.getOrDefault(key, defaultValue);
    }

    /**
     * @param key option name without the dashes.
     * @return the value.
     * @throws IllegalArgumentException when absent.
     */
    public String require(final String key)
    {
        final String value = options.get(key);
        if (null == value)
        {
            throw new IllegalArgumentException("missing option --" + key);
        }
        return value;
    }
}
