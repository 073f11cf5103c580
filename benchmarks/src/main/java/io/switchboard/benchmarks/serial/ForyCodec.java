package io.switchboard.benchmarks.serial;

import org.apache.fory.Fory;
import org.apache.fory.ThreadSafeFory;
import org.apache.fory.config.Language;
import org.apache.fory.resolver.AllowListChecker;

import java.util.Set;

/**
 * Fory in safe mode for the comparison: classes travel by name (no numeric registration), and an
 * {@link AllowListChecker} in {@code STRICT} mode rejects any name not on the list before loading;
 * {@link ThreadSafeFory} as production would use it.
 */
public final class ForyCodec
{
    private final ThreadSafeFory fory;

    /**
     * @param allowed class names that may be read.
     */
    public ForyCodec(final Set<String> allowed)
    {
        fory = Fory.builder()
            .withLanguage(Language.JAVA)
            .withRefTracking(false)
            .requireClassRegistration(false)
            .suppressClassRegistrationWarnings(true)
            .buildThreadSafeFory();
        final AllowListChecker checker = new AllowListChecker(AllowListChecker.CheckLevel.STRICT);
        checker.allowClasses(allowed);
        fory.setClassChecker((resolver, name) -> checker.checkType(null, name));
    }

    /**
     * Serializes then deserializes, returning the copy.
     *
     * @param value the object.
     * @return the copy read back.
     */
    public Object roundTrip(final Object value)
    {
        return fory.deserialize(fory.serialize(value));
    }

    /**
     * @param value the object.
     * @return serialized size in bytes.
     */
    public int size(final Object value)
    {
        return fory.serialize(value).length;
    }
}
