package io.switchboard.agent.registry;

import io.switchboard.agent.config.SwitchboardConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Where the ZooKeeper registry credential may come from, and that it is never shown. */
class RegistryCredentialTest
{
    @TempDir
    Path dir;

    @Test
    void theEnvironmentVariableCarriesUserAndPassword()
    {
        final RegistryCredential credential = RegistryCredential.fromConfig(
            config(null, Map.of(), Map.of("SWITCHBOARD_REGISTRY_AUTH", "shop:s3:cret"))).orElseThrow();

        assertThat(credential.user()).isEqualTo("shop");
        assertThat(credential.userPassword()).isEqualTo("shop:s3:cret");
        assertThat(credential.toString()).doesNotContain("s3");
    }

    @Test
    void theFileCarriesItOnItsFirstLine() throws Exception
    {
        final Path file = Files.writeString(dir.resolve("zk-auth"), "shop:s3cret\n# comment\n");

        assertThat(RegistryCredential.fromConfig(config("registry.auth.file=" + file, Map.of(), Map.of()))
            .orElseThrow().userPassword()).isEqualTo("shop:s3cret");
        assertThat(RegistryCredential.fromConfig(config(null, Map.of(), Map.of()))).isEmpty();
    }

    @Test
    void onTheCommandLineItIsRefusedWithoutShowingIt()
    {
        assertThatThrownBy(() -> RegistryCredential.fromConfig(config("registry.auth=shop:s3cret", Map.of(), Map.of())))
            .hasMessageContaining("agent args").hasMessageContaining("SWITCHBOARD_REGISTRY_AUTH")
            .hasMessageNotContaining("s3cret");
        assertThatThrownBy(() -> RegistryCredential.fromConfig(
            config(null, Map.of("switchboard.registry.auth", "shop:s3cret"), Map.of())))
            .hasMessageContaining("system property").hasMessageNotContaining("s3cret");
    }

    @Test
    void malformedOrMissingCredentialsSayWhatToFix()
    {
        assertThatThrownBy(() -> RegistryCredential.fromConfig(
            config(null, Map.of(), Map.of("SWITCHBOARD_REGISTRY_AUTH", "nopassword"))))
            .hasMessageContaining("SWITCHBOARD_REGISTRY_AUTH").hasMessageContaining("user:password")
            .hasMessageNotContaining("nopassword");
        assertThatThrownBy(() -> RegistryCredential.readFile(dir.resolve("missing")))
            .hasMessageContaining("missing").hasMessageContaining("switchboard.registry.auth.file");
        assertThatThrownBy(() -> RegistryCredential.fromConfig(config("registry.auth.file=" + dir.resolve("f"),
            Map.of(), Map.of("SWITCHBOARD_REGISTRY_AUTH", "a:b"))))
            .hasMessageContaining("set only one");
    }

    private static SwitchboardConfig config(final String agentArgs, final Map<String, String> properties,
        final Map<String, String> env)
    {
        return SwitchboardConfig.load(agentArgs, properties, env, warning -> {});
    }
}
