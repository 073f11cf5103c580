package com.acme.e2e;

import io.switchboard.api.Idempotent;
import io.switchboard.api.Remote;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The remote service of the end-to-end tests: one method per call shape. */
@Remote
public interface Catalog extends Repository<String, Item>, Describable
{
    /** @return the pid of the process that ran the implementation. */
    long pid();

    /** @return the pid of the process that ran the implementation; safe to re-send. */
    @Idempotent
    long idempotentPid();

    /** @return how many times {@link #find} ran in this implementation. */
    int findExecutions();

    // overloads
    String echo(String value);

    String echo(String value, int times);

    String echo(int value);

    // primitives and boxes
    int addInt(int a, int b);

    long addLong(long a, long b);

    double scale(double value, float factor);

    boolean not(boolean value);

    char upper(char value);

    byte negate(byte value);

    short twice(short value);

    Integer increment(Integer value);

    Long boxedLong(Long value);

    // arrays and varargs
    int[] reverse(int[] values);

    String[] shout(String[] values);

    int sum(int... values);

    String join(String separator, String... parts);

    // generics
    <T> List<T> twice(List<T> values);

    Map<String, List<Integer>> group(List<Integer> values);

    // void with a visible side effect
    void put(String key, String value);

    String get(String key);

    // nulls
    String nullable(String value);

    // values
    Item item(String sku);

    Color next(Color color);

    Set<String> distinct(List<String> values);

    Optional<String> maybe(String value);

    Optional<String> nothing();

    Instant plus(Instant instant, Duration duration);

    LocalDate nextDay(LocalDate date);

    BigDecimal multiply(BigDecimal a, BigDecimal b);

    // futures
    CompletableFuture<String> later(String value, long delayMillis);

    CompletionStage<Integer> lengthLater(String value, long delayMillis);

    CompletableFuture<String> now(String value);

    // big payloads
    int length(String value);

    int hash(String value);

    // exceptions
    void reject(String reason, int code) throws CatalogException;

    void overQuota(int limit) throws QuotaException;

    int positive(int value);

    void oops(String message);

    String slow(long millis);

    /** A default method: runs where it is called; the abstract method it calls goes remote. */
    default String greet(String name)
    {
        return "hello " + echo(name) + " from " + ProcessHandle.current().pid();
    }
}
