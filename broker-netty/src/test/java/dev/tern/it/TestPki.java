package dev.tern.it;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.TrustManagerFactory;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

/** A throw-away CA with a server certificate (localhost, 127.0.0.1) and a client certificate, as PEM files. */
final class TestPki {
    private static final char[] PASSWORD = "test".toCharArray();
    private static final AtomicLong serial = new AtomicLong(System.currentTimeMillis());

    final Path caPem;
    final Path serverCertPem;
    final Path serverKeyPem;
    final Path clientCertPem;
    final Path clientKeyPem;
    final X509Certificate ca;
    final X509Certificate clientCert;
    final KeyPair clientKeys;

    TestPki(Path dir) throws Exception {
        KeyPair caKeys = keys();
        X500Name caName = new X500Name("CN=Tern Test CA");
        X509v3CertificateBuilder cab = builder(caName, caName, caKeys);
        cab.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        cab.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        ca = sign(cab, caKeys);

        KeyPair serverKeys = keys();
        X509v3CertificateBuilder sb = builder(caName, new X500Name("CN=localhost"), serverKeys);
        sb.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, "localhost"),
                new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        X509Certificate server = sign(sb, caKeys);

        clientKeys = keys();
        X509v3CertificateBuilder cb = builder(caName, new X500Name("CN=tern-test-client"), clientKeys);
        cb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
        clientCert = sign(cb, caKeys);

        caPem = write(dir.resolve("ca.pem"), ca);
        serverCertPem = write(dir.resolve("server.pem"), server);
        serverKeyPem = write(dir.resolve("server.key"), new JcaPKCS8Generator(serverKeys.getPrivate(), null));
        clientCertPem = write(dir.resolve("client.pem"), clientCert);
        clientKeyPem = write(dir.resolve("client.key"), new JcaPKCS8Generator(clientKeys.getPrivate(), null));
    }

    /**
     * A `listeners.ssl` block on an ephemeral loopback port with this PKI's server key and certificate;
     * with {@code verifyPeer}, client certificates from the CA are required.
     */
    String sslListener(boolean verifyPeer) {
        return "listeners.ssl { enable = true, bind = \"127.0.0.1:0\""
                + ", keyfile = \"" + serverKeyPem + "\""
                + ", certfile = \"" + serverCertPem + "\""
                + ", cacertfile = \"" + caPem + "\""
                + (verifyPeer ? ", verify_peer = true, fail_if_no_peer_cert = true" : "")
                + " }\n";
    }

    /** Trusts exactly the test CA. */
    TrustManagerFactory trustManagers() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf;
    }

    /** Presents the client certificate. */
    KeyManagerFactory clientKeyManagers() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("client", clientKeys.getPrivate(), PASSWORD, new Certificate[] {clientCert, ca});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, PASSWORD);
        return kmf;
    }

    private static KeyPair keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        return g.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(serial.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(1))), subject,
                keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair issuerKeys) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
    }

    private static Path write(Path file, Object pemObject) throws Exception {
        try (Writer w = Files.newBufferedWriter(file); JcaPEMWriter pem = new JcaPEMWriter(w)) {
            pem.writeObject(pemObject);
        }
        return file;
    }
}
