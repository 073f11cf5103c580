package com.acme.e2e;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The implementation the consumer constructs and the provider exports. */
public class CatalogImpl implements Catalog
{
    private final AtomicInteger findExecutions = new AtomicInteger();
    private final Map<String, String> store = new ConcurrentHashMap<>();

    @Override
    public Item find(final String key)
    {
        findExecutions.incrementAndGet();
        return item(key);
    }

    @Override
    public String describe(final String who)
    {
        return "described for " + who + " by " + ProcessHandle.current().pid();
    }

    @Override
    public long pid()
    {
        return ProcessHandle.current().pid();
    }

    @Override
    public long idempotentPid()
    {
        return ProcessHandle.current().pid();
    }

    @Override
    public int findExecutions()
    {
        return findExecutions.get();
    }

    @Override
    public String echo(final String value)
    {
        return "echo:" + value;
    }

    @Override
    public String echo(final String value, final int times)
    {
        return "echo" + times + ":" + String.valueOf(value).repeat(times);
    }

    @Override
    public String echo(final int value)
    {
        return "echo-int:" + value;
    }

    @Override
    public int addInt(final int a, final int b)
    {
        return a + b;
    }

    @Override
    public long addLong(final long a, final long b)
    {
        return a + b;
    }

    @Override
    public double scale(final double value, final float factor)
    {
        return value * factor;
    }

    @Override
    public boolean not(final boolean value)
    {
        return !value;
    }

    @Override
    public char upper(final char value)
    {
        return Character.toUpperCase(value);
    }

    @Override
    public byte negate(final byte value)
    {
        return (byte)-value;
    }

    @Override
    public short twice(final short value)
    {
        return (short)(value * 2);
    }

    @Override
    public Integer increment(final Integer value)
    {
        return null == value ? null : value + 1;
    }

    @Override
    public Long boxedLong(final Long value)
    {
        return null == value ? Long.valueOf(-1) : value * 10;
    }

    @Override
    public int[] reverse(final int[] values)
    {
        final int[] reversed = new int[values.length];
        for (int i = 0; i < values.length; i++)
        {
            reversed[i] = values[values.length - 1 - i];
        }
        return reversed;
    }

    @Override
    public String[] shout(final String[] values)
    {
        final String[] result = new String[values.length];
        for (int i = 0; i < values.length; i++)
        {
            result[i] = null == values[i] ? null : values[i].toUpperCase();
        }
        return result;
    }

    @Override
    public int sum(final int... values)
    {
        int sum = 0;
        for (final int value : values)
        {
            sum += value;
        }
        return sum;
    }

    @Override
    public String join(final String separator, final String... parts)
    {
        return String.join(separator, parts);
    }

    @Override
    public <T> List<T> twice(final List<T> values)
    {
        final List<T> twice = new ArrayList<>(values);
        twice.addAll(values);
        return twice;
    }

    @Override
    public Map<String, List<Integer>> group(final List<Integer> values)
    {
        final Map<String, List<Integer>> groups = new TreeMap<>();
        for (final Integer value : values)
        {
            groups.computeIfAbsent(value % 2 == 0 ? "even" : "odd", k -> new ArrayList<>()).add(value);
        }
        return groups;
    }

    @Override
    public void put(final String key, final String value)
    {
        store.put(key, value);
    }

    @Override
    public String get(final String key)
    {
        return store.get(key);
    }

    @Override
    public String nullable(final String value)
    {
        return null == value ? null : value + "!";
    }

    @Override
    public Item item(final String sku)
    {
        return new Item(sku, new BigDecimal("12.50"), Color.GREEN, List.of("a", "b"), Instant.ofEpochSecond(1_700_000_000L));
    }

    @Override
    public Color next(final Color color)
    {
        return Color.values()[(color.ordinal() + 1) % Color.values().length];
    }

    @Override
    public Set<String> distinct(final List<String> values)
    {
        return new TreeSet<>(values);
    }

    @Override
    public Optional<String> maybe(final String value)
    {
        return Optional.of("maybe:" + value);
    }

    @Override
    public Optional<String> nothing()
    {
        return Optional.empty();
    }

    @Override
    public Instant plus(final Instant instant, final Duration duration)
    {
        return instant.plus(duration);
    }

    @Override
    public LocalDate nextDay(final LocalDate date)
    {
        return date.plusDays(1);
    }

    @Override
    public BigDecimal multiply(final BigDecimal a, final BigDecimal b)
    {
        return a.multiply(b);
    }

    @Override
    public CompletableFuture<String> later(final String value, final long delayMillis)
    {
        // Completed later by a thread of this process, not by the caller.
        return CompletableFuture.supplyAsync(
            () -> "later:" + value + "@" + ProcessHandle.current().pid(),
            CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public CompletionStage<Integer> lengthLater(final String value, final long delayMillis)
    {
        return CompletableFuture.supplyAsync(value::length, CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS));
    }

    @Override
    public CompletableFuture<String> now(final String value)
    {
        return CompletableFuture.completedFuture("now:" + value);
    }

    @Override
    public int length(final String value)
    {
        return value.length();
    }

    @Override
    public int hash(final String value)
    {
        return value.hashCode();
    }

    @Override
    public void reject(final String reason, final int code) throws CatalogException
    {
        throw new CatalogException("rejected: " + reason + " by " + ProcessHandle.current().pid(), code);
    }

    @Override
    public void overQuota(final int limit) throws QuotaException
    {
        throw new QuotaException("over quota by " + ProcessHandle.current().pid(), limit);
    }

    @Override
    public int positive(final int value)
    {
        if (value <= 0)
        {
            throw new IllegalArgumentException("not positive: " + value);
        }
        return value;
    }

    @Override
    public void oops(final String message)
    {
        throw new OopsException("oops: " + message);
    }

    @Override
    public String slow(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        return "slept " + millis;
    }

    @Override
    public String toString()
    {
        return "CatalogImpl in " + ProcessHandle.current().pid();
    }
}
