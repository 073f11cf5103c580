package io.switchboard.agent.call;

import io.switchboard.agent.boot.AgentLog;
import io.switchboard.agent.call.balance.Target;
import io.switchboard.transport.aeron.client.ClientSession;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Notices within {@link #PERIOD_MS} that a provider this process reaches over the shared driver
 * ({@code aeron:ipc}) has exited, from its process id ({@link ProviderProcess}). Its target is then marked
 * gone (skipped and never reconnected while the registry still lists it) and its session fails the calls in
 * flight at once with CONNECTION_LOST, so an idempotent call goes on to another provider instead of waiting
 * for its deadline or for the driver to time the dead client out.
 *
 * <p>Over UDP the media driver's image liveness already notices a dead peer within about a second, and a
 * pid names this host's process only: providers reached over UDP are not checked. One daemon thread per
 * agent, started with the first provider to watch; a check reads {@code /proc/<pid>/stat} once per provider.
 */
final class ProviderWatch
{
    /** How often the watched processes are checked. */
    static final long PERIOD_MS = 100;

    /** The agent's one watch. */
    static final ProviderWatch SHARED = new ProviderWatch();

    private record Watched(ProviderProcess process, String service, AgentLog log)
    {
    }

    private final Map<Target, Watched> watched = new ConcurrentHashMap<>();
    private final AtomicBoolean started = new AtomicBoolean();

    /**
     * Watches {@code target} when its process can be checked from here.
     *
     * @param target  a provider just listed by the registry.
     * @param service its service, for the log line.
     * @param log     where to say that it exited.
     */
    void watch(final Target target, final String service, final AgentLog log)
    {
        final ProviderProcess process = ProviderProcess.of(target.record());
        if (null == process)
        {
            return;
        }
        watched.put(target, new Watched(process, service, log));
        if (started.compareAndSet(false, true))
        {
            final Thread thread = new Thread(this::run, "switchboard-provider-watch");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * @param target a provider no longer listed, or no longer of interest.
     */
    void unwatch(final Target target)
    {
        watched.remove(target);
    }

    private void run()
    {
        while (true)
        {
            try
            {
                Thread.sleep(PERIOD_MS);
                checkOnce();
            }
            catch (final InterruptedException ex)
            {
                return;
            }
            catch (final RuntimeException ex)
            {
                // a provider's /proc entry changing under the check: look again next period
            }
        }
    }

    /**
     * Checks every watched provider reached over IPC once.
     */
    void checkOnce()
    {
        for (final Map.Entry<Target, Watched> entry : watched.entrySet())
        {
            final Target target = entry.getKey();
            final ClientSession session = target.session();
            final Watched what = entry.getValue();
            if (null == session || !session.isIpc() || !what.process().exited())
            {
                continue;
            }
            watched.remove(target);
            final String reason = "provider " + target.describe() + " of " + what.service() +
                " exited (its process is gone)";
            target.markGone();
            session.peerGone(reason);
            what.log().line("switchboard: " + reason + "; skipping it while the registry still lists it");
        }
    }
}
