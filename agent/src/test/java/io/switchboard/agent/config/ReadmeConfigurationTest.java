package io.switchboard.agent.config;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ReadmeConfigurationTest
{
    private static final String BEGIN = "<!-- configuration reference: generated from ConfigKeys";
    private static final String END = "<!-- end of configuration reference -->";

    @Test
    void theReadmeListsEveryConfigurationKeyAsTheCodeDefinesIt() throws Exception
    {
        // Surefire runs in the module directory; the README is at the project root.
        final String readme = Files.readString(Path.of("..", "README.md"));
        final int begin = readme.indexOf('\n', readme.indexOf(BEGIN)) + 1;
        final int end = readme.indexOf(END);
        assertThat(begin).as("README.md has the configuration reference markers").isPositive();
        assertThat(end).isGreaterThan(begin);

        assertThat(readme.substring(begin, end).strip())
            .as("README.md's configuration table is out of date; replace it with ConfigReference.markdown()")
            .isEqualTo(ConfigReference.markdown().strip());
    }
}
