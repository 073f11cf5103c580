package io.switchboard.agent.instrument;

import com.acme.fixture.ExplodingImpl;
import io.switchboard.bootstrap.Dispatch;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TransformErrorTest
{
    @Test
    void failedTransformationIsReportedOnStandardErrorAndTheClassRunsLocally()
    {
        final Instrumenter instrumenter = Instrumenter.install(ByteBuddyAgent.install(), (serviceName, interfaceName) ->
        {
            if (interfaceName.endsWith(".Exploding"))
            {
                throw new IllegalStateException("provide list broken");
            }
            return false;
        });
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try
        {
            Dispatch.installInvoker(new RecordingInvoker(instrumenter.methodTable()));
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));

            new ExplodingImpl().boom();
        }
        finally
        {
            System.setErr(original);
            instrumenter.close();
        }

        assertThat(ExplodingImpl.runs).isEqualTo(1);
        assertThat(captured.toString(StandardCharsets.UTF_8))
            .contains("[switchboard] could not instrument com.acme.fixture.ExplodingImpl")
            .contains("provide list broken");
    }
}
