package io.switchboard.agent.cli;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest
{
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(final String... args)
    {
        return Cli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out()
    {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err()
    {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpListsEveryCommandWithOneLine()
    {
        assertThat(run("help")).isEqualTo(Cli.EXIT_OK);
        assertThat(out()).contains("  help ", "  version ", "  registry ", "  driver ", "  services ");
    }

    @Test
    void helpForACommandShowsItsOptions()
    {
        assertThat(run("help", "registry")).isEqualTo(Cli.EXIT_OK);
        assertThat(out()).contains("--port <port>", "--dir <dir>");
        assertThat(run("driver", "--help")).isEqualTo(Cli.EXIT_OK);
        assertThat(out()).contains("--aeron-dir <dir>");
    }

    @Test
    void anUnknownCommandPrintsUsageOnStderrAndExits2()
    {
        assertThat(run("start")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err()).contains("unknown command \"start\"", "usage: java -jar switchboard-agent.jar");
        assertThat(out()).isEmpty();
        assertThat(run()).isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void anUnknownOptionOrBadValueIsAUsageError()
    {
        assertThat(run("registry", "--prot", "1")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err()).contains("switchboard registry: unknown option --prot");
        assertThat(run("registry", "--port", "x")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(run("registry", "--port")).isEqualTo(Cli.EXIT_USAGE);
    }

    @Test
    void versionPrintsTheVersion()
    {
        assertThat(run("version")).isEqualTo(Cli.EXIT_OK);
        assertThat(out()).startsWith("switchboard ").doesNotContain("unknown");
    }

    @Test
    void registryRefusesAPortOutOfRangeBeforeStartingAnything()
    {
        assertThat(run("registry", "--port", "70000")).isEqualTo(Cli.EXIT_USAGE);
        assertThat(err()).contains("option --port needs a port from 1 to 65535, not 70000");
    }

    @Test
    void optionsAcceptSpaceOrEqualsForms() throws UsageException
    {
        final CommandArgs args = CommandArgs.parse(List.of("--port=5", "--dir", "/tmp/x", "extra"),
            new RegistryCommand().options());

        assertThat(args.intValue("port", 1)).isEqualTo(5);
        assertThat(args.value("dir", null)).isEqualTo("/tmp/x");
        assertThat(args.positionals()).containsExactly("extra");
    }
}
