package io.switchboard.agent.instrument;

import com.acme.fixture.Clock;
import com.acme.fixture.ClockImpl;
import io.switchboard.bootstrap.Dispatch;
import net.bytebuddy.agent.ByteBuddyAgent;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetransformationTest
{
    @Test
    void classLoadedBeforeTheAgentIsRetransformedAndRestoredOnClose()
    {
        final Clock clock = new ClockImpl();
        assertThat(clock.now()).isEqualTo(-1);

        final Instrumenter instrumenter = Instrumenter.install(ByteBuddyAgent.install(), ProvidedServices.NONE);
        try
        {
            final RecordingInvoker invoker = new RecordingInvoker(instrumenter.methodTable()).answer((call) -> 1234L);
            Dispatch.installInvoker(invoker);

            assertThat(clock.now()).isEqualTo(1234L);
            assertThat(invoker.calls()).singleElement()
                .satisfies((call) -> assertThat(call.method().service().interfaceName()).isEqualTo(Clock.class.getName()));
        }
        finally
        {
            instrumenter.close();
        }

        assertThat(clock.now()).isEqualTo(-1);
    }
}
