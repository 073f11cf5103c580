package io.switchboard.transport.serial;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Output;
import io.switchboard.transport.serial.fixtures.Shop;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

final class Fixtures
{
    private Fixtures()
    {
    }

    static ClassAllowList shopAllowList()
    {
        return ClassAllowList.builder(Shop.class.getClassLoader()).addInterface(Shop.class).build();
    }

    /** Hand-writes an argument payload whose single argument names {@code className}, never loading it. */
    static UnsafeBuffer forgedArgumentNaming(final String className)
    {
        final Output output = new Output(256, -1);
        output.writeByte(PayloadSerializer.ARGUMENTS);
        output.writeVarInt(1, true);     // one argument
        output.writeVarInt(1, true);     // DefaultClassResolver.NAME + 2: class written by name
        output.writeVarInt(0, true);     // name id
        output.writeString(className);
        output.writeByte(0);             // whatever would follow
        return new UnsafeBuffer(Arrays.copyOf(output.getBuffer(), output.position()));
    }

    /** A result payload: the class of {@code type} (as Kryo writes it), then the given raw varint. */
    static UnsafeBuffer forgedResult(final Class<?> type, final int count)
    {
        final Kryo kryo = new Kryo();
        kryo.setRegistrationRequired(false);
        final Output output = new Output(256, -1);
        output.writeByte(PayloadSerializer.RESULT);
        kryo.writeClass(output, type);
        output.writeVarInt(count, true);
        output.writeBytes(new byte[]{1, 2, 3, 4});
        return new UnsafeBuffer(Arrays.copyOf(output.getBuffer(), output.position()));
    }
}
