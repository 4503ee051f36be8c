package dev.tiergate.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiergate.policy.L2Settings;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Defaults, validation, and the mapping to the client's options. */
class RedisTierOptionsTest {

    @Test
    void defaults() {
        RedisTierOptions options = new RedisTierOptions();
        assertThat(options.getKeyPrefix()).isEqualTo("tiergate:");
        assertThat(options.getCommandTimeout()).isEqualTo(Duration.ofMillis(50));
        assertThat(options.getType()).isEqualTo(RedisTierOptions.Type.STANDALONE);
    }

    @Test
    void mapsTypeEndpointsAndPool() {
        RedisOptions cluster = new RedisTierOptions().setType(RedisTierOptions.Type.CLUSTER)
                .setEndpoints(List.of("redis://a:7000", "redis://b:7001")).setMaxPoolSize(3).toRedisOptions();
        assertThat(cluster.getType()).isEqualTo(RedisClientType.CLUSTER);
        assertThat(cluster.getEndpoints()).containsExactly("redis://a:7000", "redis://b:7001");
        assertThat(cluster.getMaxPoolSize()).isEqualTo(3);

        RedisOptions sentinel = new RedisTierOptions().setType(RedisTierOptions.Type.SENTINEL).setMasterName("main")
                .setConnectionString("rediss://user:secret@s1:26379").toRedisOptions();
        assertThat(sentinel.getType()).isEqualTo(RedisClientType.SENTINEL);
        assertThat(sentinel.getMasterName()).isEqualTo("main");
        assertThat(sentinel.getEndpoint()).isEqualTo("rediss://user:secret@s1:26379");
    }

    @Test
    void redissVerifiesHostNamesByDefaultAndUsesTheGivenCaAndClientCertificate() {
        NetClientOptions defaults = new RedisTierOptions().toRedisOptions().getNetClientOptions();
        assertThat(defaults.getHostnameVerificationAlgorithm()).isEqualTo("HTTPS");
        assertThat(defaults.getTrustOptions()).as("the JVM's trust store").isNull();
        assertThat(defaults.getKeyCertOptions()).isNull();

        NetClientOptions mutual = new RedisTierOptions().setTls(new L2Settings.Tls(Optional.of(Path.of("/tls/ca.pem")),
                Optional.of(Path.of("/tls/client.pem")), Optional.of(Path.of("/tls/client-key.pem")), false))
                .toRedisOptions().getNetClientOptions();
        assertThat(mutual.getHostnameVerificationAlgorithm()).as("names unchecked, the chain still verified").isEmpty();
        assertThat(((PemTrustOptions) mutual.getTrustOptions()).getCertPaths()).containsExactly("/tls/ca.pem");
        assertThat(((PemKeyCertOptions) mutual.getKeyCertOptions()).getCertPaths()).containsExactly("/tls/client.pem");
        assertThat(((PemKeyCertOptions) mutual.getKeyCertOptions()).getKeyPaths()).containsExactly("/tls/client-key.pem");
        assertThat(mutual.isSsl()).as("TLS is chosen per endpoint, by rediss://").isFalse();
    }

    @Test
    void rejectsWhatCannotWork() {
        RedisTierOptions options = new RedisTierOptions();
        assertThatThrownBy(() -> options.setKeyPrefix("")).hasMessageContaining("keyPrefix");
        assertThatThrownBy(() -> options.setConnectionString("http://x")).hasMessageContaining("redis://");
        assertThatThrownBy(() -> options.setCommandTimeout(Duration.ZERO)).hasMessageContaining("commandTimeout");
        assertThatThrownBy(() -> options.setMaxPoolSize(0)).hasMessageContaining("maxPoolSize");
        assertThatThrownBy(() -> new RedisTierOptions().setType(RedisTierOptions.Type.SENTINEL).toRedisOptions())
                .hasMessageContaining("masterName");
    }

    @Test
    void clearPatternTreatsThePrefixLiterally() {
        assertThat(KeyspaceSweep.globEscape("a*b?[c]\\")).isEqualTo("a\\*b\\?\\[c\\]\\\\");
    }
}
