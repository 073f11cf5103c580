package io.switchboard.agent.config;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReferenceTest
{
    @Test
    void theReferenceHasOneRowPerKeyAndKeyPatternWithItsPropertyAndEnvironmentVariable()
    {
        final String markdown = ConfigReference.markdown();

        assertThat(markdown.lines()).hasSize(2 + ConfigKeys.ALL.size() + ConfigKeys.PATTERNS.size());
        assertThat(markdown).contains(
            "| `switchboard.timeout.ms` | `SWITCHBOARD_TIMEOUT_MS` | `1000` | a whole number of milliseconds greater than 0 |",
            "| `switchboard.registry` | `SWITCHBOARD_REGISTRY` | `local` |",
            "| `switchboard.service.<interface name>.fallback` | (none) | (none) |");
    }
}
