package io.snapgrid.node.security;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.server.netty.ssl.ServerSslBuilder;
import io.micronaut.http.ssl.ServerSslConfiguration;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.snapgrid.node.config.SnapgridSettings;
import io.snapgrid.node.config.TlsIdentity;
import jakarta.inject.Singleton;

import javax.net.ssl.SSLException;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * HTTPS, and nothing else, on rest.port when rest.tls names a certificate: the Netty server takes its TLS from
 * this bean, built from the files the settings have read and checked. Instead of micronaut.server.ssl.*, whose
 * switch is a property of its own that the two Snapgrid keys could not set, and which would read the files again.
 */
@Singleton
@Requires(property = "rest.tls.certificate", pattern = ".*\\S.*")
final class RestTlsContext implements ServerSslBuilder {

    private final TlsIdentity identity;
    private final ServerSslConfiguration configuration = new ServerSslConfiguration();

    RestTlsContext(SnapgridSettings settings) {
        // Absent only if the settings were refused, which stops the context before the server asks for this bean.
        identity = settings.restTls().orElseThrow();
        configuration.setEnabled(true);
        configuration.setPort(settings.rest().port());
    }

    @Override
    public ServerSslConfiguration getSslConfiguration() {
        return configuration;
    }

    @Override
    public Optional<SslContext> build() {
        try {
            return Optional.of(SslContextBuilder.forServer(identity.privateKey(),
                    identity.chain().toArray(X509Certificate[]::new)).build());
        } catch (SSLException e) {
            throw new IllegalStateException("rest.tls: the JDK refused the checked certificate and key", e);
        }
    }
}
