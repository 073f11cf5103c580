package io.switchboard.transport.aeron.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

class ChunkAssemblerTest
{
    private final UnsafeBuffer message = new UnsafeBuffer(new byte[100]);

    ChunkAssemblerTest()
    {
        for (int i = 0; i < 100; i++)
        {
            message.putByte(i, (byte)i);
        }
    }

    @Test
    void reassemblesInterleavedMessagesFromTwoSenders()
    {
        final ChunkAssembler assembler = new ChunkAssembler(1000, 4, 1_000_000);
        assertThat(assembler.onChunk(1, 7, 100, 0, message, 0, 40, 0)).isEqualTo(ChunkAssembler.IN_PROGRESS);
        assertThat(assembler.onChunk(2, 7, 100, 0, message, 0, 50, 0)).isEqualTo(ChunkAssembler.IN_PROGRESS);
        assertThat(assembler.onChunk(1, 7, 100, 40, message, 40, 60, 0)).isEqualTo(ChunkAssembler.COMPLETE);
        assertThat(assembler.completedLength()).isEqualTo(100);
        assertThat(assembler.completedBuffer().getByte(99)).isEqualTo((byte)99);
        assertThat(assembler.onChunk(2, 7, 100, 50, message, 50, 50, 0)).isEqualTo(ChunkAssembler.COMPLETE);
        assertThat(assembler.activeCount()).isZero();
    }

    @Test
    void refusesADeclaredTotalOverTheLimitAndDropsTheRest()
    {
        final ChunkAssembler assembler = new ChunkAssembler(50, 4, 1_000_000);
        assertThat(assembler.onChunk(1, 1, 100, 0, message, 0, 40, 0)).isEqualTo(ChunkAssembler.TOO_LARGE);
        assertThat(assembler.activeCount()).isZero();
        assertThat(assembler.onChunk(1, 1, 100, 40, message, 40, 40, 0)).isEqualTo(ChunkAssembler.DROPPED);
    }

    @Test
    void isBoundedInConcurrentAssemblies()
    {
        final ChunkAssembler assembler = new ChunkAssembler(1000, 2, 1_000_000);
        assertThat(assembler.onChunk(1, 1, 100, 0, message, 0, 10, 0)).isEqualTo(ChunkAssembler.IN_PROGRESS);
        assertThat(assembler.onChunk(1, 2, 100, 0, message, 0, 10, 0)).isEqualTo(ChunkAssembler.IN_PROGRESS);
        assertThat(assembler.onChunk(1, 3, 100, 0, message, 0, 10, 0)).isEqualTo(ChunkAssembler.FULL);
    }

    @Test
    void dropsOutOfOrderChunksAndExpiresStaleAssemblies()
    {
        final ChunkAssembler assembler = new ChunkAssembler(1000, 2, 1_000);
        assembler.onChunk(1, 1, 100, 0, message, 0, 10, 0);
        assertThat(assembler.onChunk(1, 1, 100, 20, message, 20, 10, 0)).isEqualTo(ChunkAssembler.DROPPED);
        assertThat(assembler.activeCount()).isZero();
        assembler.onChunk(1, 2, 100, 0, message, 0, 10, 0);
        assertThat(assembler.expire(500)).isZero();
        assertThat(assembler.expire(5_000)).isEqualTo(1);
        assembler.onChunk(3, 2, 100, 0, message, 0, 10, 0);
        assembler.removeSender(3);
        assertThat(assembler.activeCount()).isZero();
    }
}
