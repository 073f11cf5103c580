package io.switchboard.agent.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProviderRecordCodecTest
{
    private static ProviderRecord sample()
    {
        return ProviderRecord.builder("com.acme.Inventory")
            .version("2.1")
            .instanceId("4242-abc")
            .endpoint("aeron:ipc?term-length=64k|stream=1001")
            .host("build-7")
            .pid(4242)
            .startTimeMillis(1_764_110_000_000L)
            .weight(50)
            .methodTableHash(0xcafebabeL)
            .attribute("signature", "sig=\\base64/==")
            .attribute("driver.id", "d-1")
            .build();
    }

    @Test
    void encodesAsVersionedKeyValueLines()
    {
        assertThat(ProviderRecordCodec.encode(sample())).isEqualTo(
            "# Switchboard provider record\n" +
            "format=1\n" +
            "service=com.acme.Inventory\n" +
            "version=2.1\n" +
            "instanceId=4242-abc\n" +
            "endpoint=aeron:ipc?term-length=64k|stream=1001\n" +
            "host=build-7\n" +
            "pid=4242\n" +
            "startTimeMillis=1764110000000\n" +
            "weight=50\n" +
            "methodTableHash=00000000cafebabe\n" +
            "attr.driver.id=d-1\n" +
            "attr.signature=sig=\\\\base64/==\n");
    }

    @Test
    void decodingAnEncodedRecordGivesTheSameRecord() throws Exception
    {
        final ProviderRecord record = sample();
        assertThat(ProviderRecordCodec.decode(ProviderRecordCodec.encodeToBytes(record))).isEqualTo(record);
    }

    @Test
    void valuesWithLineBreaksControlCharactersAndUnicodeSurviveTheRoundTrip() throws Exception
    {
        final ProviderRecord record = sample().toBuilder()
            .version("")
            .endpoint("line1\nline2\r\t\u0001 trailing space ")
            .attribute("note", "Grüße, 東京 \\n not an escape")
            .methodTableHash(-1L)
            .build();
        final String text = ProviderRecordCodec.encode(record);
        assertThat(text).contains("methodTableHash=ffffffffffffffff\n").contains("version=\n");
        assertThat(text.lines()).noneMatch(l -> l.startsWith("line2"));
        assertThat(ProviderRecordCodec.decode(text)).isEqualTo(record);
    }

    @Test
    void toleratesCommentsBlankLinesCrLfAndUnknownKeys() throws Exception
    {
        final String text = ProviderRecordCodec.encode(sample()).replace("\n", "\r\n") +
            "\n# a later field\nzone=eu-1\n\n";
        assertThat(ProviderRecordCodec.decode(text)).isEqualTo(sample());
    }

    @Test
    void refusesTextThatIsNotARecord()
    {
        assertThatThrownBy(() -> ProviderRecordCodec.decode("hello world"))
            .isInstanceOf(CorruptRecordException.class).hasMessageContaining("line 1: expected key=value");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(""))
            .isInstanceOf(CorruptRecordException.class).hasMessageContaining("missing 'format'");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(new byte[] {(byte)0xff, 0, 1, 2}))
            .isInstanceOf(CorruptRecordException.class);
    }

    @Test
    void refusesARecordOfANewerFormat()
    {
        final String text = ProviderRecordCodec.encode(sample()).replace("format=1", "format=2");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(text))
            .isInstanceOf(CorruptRecordException.class)
            .hasMessageContaining("format 2 is not supported");
    }

    @Test
    void namesTheBadOrMissingField()
    {
        final String good = ProviderRecordCodec.encode(sample());
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good.replace("pid=4242", "pid=42x")))
            .hasMessageContaining("pid is not a number: '42x'");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good.replace("host=build-7\n", "")))
            .hasMessageContaining("missing 'host'");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good + "weight=3\n"))
            .hasMessageContaining("duplicate key 'weight'");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good.replace("weight=50", "weight=-1")))
            .hasMessageContaining("weight out of range");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good.replace("00000000cafebabe", "xyz")))
            .hasMessageContaining("methodTableHash");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good.replace("pid=4242", "pid=0")))
            .hasMessageContaining("pid must be positive");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good.replace("host=build-7", "host=a\\qb")))
            .hasMessageContaining("unknown escape");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good.replace("host=build-7", "host=ab\\")))
            .hasMessageContaining("lone backslash");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good.replace("host=build-7", "host=a\\u00")))
            .hasMessageContaining("truncated \\u escape");
        assertThatThrownBy(() -> ProviderRecordCodec.decode(good + "attr.bad name=1\n"))
            .hasMessageContaining("bad attribute name");
    }

    @Test
    void builderFillsInThisProcessAndDefaults()
    {
        final ProviderRecord record = ProviderRecord.builder("com.acme.Pricing").endpoint("e").build();
        assertThat(record.pid()).isEqualTo(ProcessHandle.current().pid());
        assertThat(record.version()).isEmpty();
        assertThat(record.weight()).isEqualTo(ProviderRecord.DEFAULT_WEIGHT);
        assertThat(record.host()).isEqualTo(CurrentProcess.host());
        assertThat(record.instanceId()).startsWith(record.pid() + "-");
        assertThat(ProviderRecord.builder("com.acme.Pricing").build().instanceId()).isNotEqualTo(record.instanceId());
        assertThat(record.key()).isEqualTo(ServiceKey.of("com.acme.Pricing", ""));
        assertThat(record.key()).hasToString("com.acme.Pricing (version \"\")");
    }

    @Test
    void recordsAreValidatedAndImmutable()
    {
        assertThatThrownBy(() -> ProviderRecord.builder("").build()).hasMessageContaining("service");
        assertThatThrownBy(() -> ProviderRecord.builder("s").weight(-1).build()).hasMessageContaining("weight");
        assertThatThrownBy(() -> ProviderRecord.builder("s").attribute("a b", "x").build())
            .hasMessageContaining("attribute name");
        assertThatThrownBy(() -> sample().attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }
}
