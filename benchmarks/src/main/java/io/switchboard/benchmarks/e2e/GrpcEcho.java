package io.switchboard.benchmarks.e2e;

import io.grpc.CallOptions;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * gRPC-java unary echo on loopback, the comparison of the end-to-end harness: a hand-written
 * {@link MethodDescriptor} with a {@code byte[]} marshaller (no protoc, no protobuf copy), Netty
 * transport, default executors on both sides (what an application gets without tuning).
 * {@code --role server} prints {@code grpc echo server ready port=<port>}; {@code --role client --port <port>
 * --mode blocking|async} takes the {@link LoadPlan} options.
 */
public final class GrpcEcho
{
    private static final MethodDescriptor.Marshaller<byte[]> BYTES = new MethodDescriptor.Marshaller<>()
    {
        @Override
        public InputStream stream(final byte[] value)
        {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(final InputStream stream)
        {
            try
            {
                return stream.readAllBytes();
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        }
    };

    /** {@code switchboard.bench.Echo/Echo}. */
    static final MethodDescriptor<byte[], byte[]> ECHO = MethodDescriptor.<byte[], byte[]>newBuilder()
        .setType(MethodDescriptor.MethodType.UNARY)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("switchboard.bench.Echo", "Echo"))
        .setRequestMarshaller(BYTES)
        .setResponseMarshaller(BYTES)
        .build();

    private GrpcEcho()
    {
    }

    /**
     * @param args see the class comment.
     * @throws Exception when setting up fails.
     */
    public static void main(final String[] args) throws Exception
    {
        final LoadPlan plan = LoadPlan.parse(args);
        if ("server".equals(plan.require("role")))
        {
            serve();
            return;
        }
        final ManagedChannel channel = NettyChannelBuilder
            .forAddress(InetAddress.getLoopbackAddress().getHostAddress(), Integer.parseInt(plan.require("port")))
            .usePlaintext()
            .build();
        try
        {
            final LoadGenerator generator = new LoadGenerator(plan, System.out);
            if ("async".equals(plan.option("mode", "blocking")))
            {
                generator.runAsync(payload ->
                {
                    final CompletableFuture<byte[]> reply = new CompletableFuture<>();
                    ClientCalls.asyncUnaryCall(channel.newCall(ECHO, CallOptions.DEFAULT), payload, new StreamObserver<>()
                    {
                        @Override
                        public void onNext(final byte[] value)
                        {
                            reply.complete(value);
                        }

                        @Override
                        public void onError(final Throwable error)
                        {
                            reply.completeExceptionally(error);
                        }

                        @Override
                        public void onCompleted()
                        {
                        }
                    });
                    return reply;
                });
            }
            else
            {
                generator.runSync(payload -> ClientCalls.blockingUnaryCall(channel, ECHO, CallOptions.DEFAULT, payload));
            }
        }
        finally
        {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private static void serve() throws IOException, InterruptedException
    {
        final ServerServiceDefinition service = ServerServiceDefinition.builder("switchboard.bench.Echo")
            .addMethod(ECHO, ServerCalls.asyncUnaryCall((byte[] request, StreamObserver<byte[]> response) ->
            {
                response.onNext(request);
                response.onCompleted();
            }))
            .build();
        final Server server = NettyServerBuilder
            .forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))
            .addService(service)
            .build()
            .start();
        System.out.println("grpc echo server ready port=" + server.getPort());
        System.out.flush();
        server.awaitTermination();
    }
}
