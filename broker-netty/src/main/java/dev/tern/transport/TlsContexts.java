package dev.tern.transport;

import dev.tern.config.ListenerSettings;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;

import javax.net.ssl.SSLException;

/** Builds the TLS listener's context from PEM files (`listeners.ssl`). */
final class TlsContexts {
    private TlsContexts() {
    }

    /**
     * TLS 1.3 and 1.2 only. With verify_peer, a certificate the client presents must chain to
     * cacertfile; with fail_if_no_peer_cert as well, a client without one is refused.
     */
    static SslContext server(ListenerSettings.Ssl s) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(s.certfile().toFile(), s.keyfile().toFile())
                    .sslProvider(SslProvider.JDK)
                    .protocols("TLSv1.3", "TLSv1.2");
            if (s.verifyPeer()) {
                b.trustManager(s.cacertfile().toFile());
                b.clientAuth(s.failIfNoPeerCert() ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw new IllegalStateException("listeners.ssl: cannot load certfile " + s.certfile() + " / keyfile "
                    + s.keyfile() + (s.cacertfile() != null ? " / cacertfile " + s.cacertfile() : "") + ": "
                    + e.getMessage(), e);
        }
    }
}
