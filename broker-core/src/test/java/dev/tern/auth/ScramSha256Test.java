package dev.tern.auth;

import dev.tern.auth.EnhancedAuthMethod.Exchange;
import dev.tern.auth.EnhancedAuthMethod.Step;
import dev.tern.packet.Connect;
import dev.tern.packet.MqttVersion;
import dev.tern.packet.ReasonCode;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The server side of SCRAM-SHA-256 against the example of RFC 7677 section 3. */
class ScramSha256Test {
    // RFC 7677 section 3: user "user", password "pencil".
    private static final String CLIENT_FIRST = "n,,n=user,r=rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SERVER_FIRST =
            "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL =
            "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static final PasswordFile USERS = PasswordFile.parse(List.of(PasswordFile.line("user",
            ScramCredentials.derive("pencil".toCharArray(), Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ=="), 4096))),
            "test");

    private final ScramSha256 scram = new ScramSha256(USERS, () -> SERVER_NONCE);
    private final Connect connect = Connect.of(MqttVersion.V5, "c1", true, 60);

    @Test
    void rfc7677_example_exchange_succeeds_with_the_rfc_server_messages() {
        Exchange ex = scram.start(connect);

        Step first = ex.step(bytes(CLIENT_FIRST));
        assertThat(first).isInstanceOf(Step.Continue.class);
        assertThat(text(((Step.Continue) first).serverData())).isEqualTo(SERVER_FIRST);

        Step last = ex.step(bytes(CLIENT_FINAL));
        assertThat(last).isInstanceOf(Step.Success.class);
        assertThat(text(((Step.Success) last).serverData())).isEqualTo(SERVER_FINAL);
        assertThat(((Step.Success) last).username()).isEqualTo("user");
    }

    @Test
    void wrong_proof_is_bad_user_name_or_password() {
        Exchange ex = scram.start(connect);
        ex.step(bytes(CLIENT_FIRST));
        byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        proof[0] ^= 1;
        String tampered = CLIENT_FINAL.substring(0, CLIENT_FINAL.indexOf(",p=") + 3) + Base64.getEncoder().encodeToString(proof);

        assertThat(ex.step(bytes(tampered))).isInstanceOfSatisfying(Step.Failure.class,
                f -> assertThat(f.reason()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void tampered_nonce_is_refused() {
        Exchange ex = scram.start(connect);
        ex.step(bytes(CLIENT_FIRST));
        String tampered = CLIENT_FINAL.replace("$k0,p=", "$k1,p=");

        assertThat(ex.step(bytes(tampered))).isInstanceOfSatisfying(Step.Failure.class,
                f -> assertThat(f.detail()).contains("nonce"));
    }

    @Test
    void unknown_user_gets_a_stable_salt_and_fails_at_the_proof() {
        Exchange a = scram.start(connect);
        Exchange b = scram.start(connect);
        Step sa = a.step(bytes("n,,n=mallory,r=abc"));
        Step sb = b.step(bytes("n,,n=mallory,r=abc"));
        assertThat(text(((Step.Continue) sa).serverData())).isEqualTo(text(((Step.Continue) sb).serverData()));

        Step end = a.step(bytes("c=biws,r=abc" + SERVER_NONCE + ",p=" + Base64.getEncoder().encodeToString(new byte[32])));
        assertThat(end).isInstanceOfSatisfying(Step.Failure.class,
                f -> assertThat(f.reason()).isEqualTo(ReasonCode.BAD_USER_NAME_OR_PASSWORD));
    }

    @Test
    void channel_binding_and_garbage_are_refused() {
        assertThat(scram.start(connect).step(bytes("p=tls-unique,,n=user,r=abc"))).isInstanceOf(Step.Failure.class);
        assertThat(scram.start(connect).step(bytes("hello"))).isInstanceOf(Step.Failure.class);
        assertThat(scram.start(connect).step(null)).isInstanceOf(Step.Failure.class);
    }

    @Test
    void connect_user_name_must_match_the_scram_user() {
        Connect other = connect.withCredentials("someone-else", null);
        assertThat(scram.start(other).step(bytes(CLIENT_FIRST))).isInstanceOfSatisfying(Step.Failure.class,
                f -> assertThat(f.reason()).isEqualTo(ReasonCode.NOT_AUTHORIZED));
    }

    @Test
    void sasl_names_unescape_comma_and_equals() {
        assertThat(ScramSha256.decodeSaslName("a=2Cb=3Dc")).isEqualTo("a,b=c");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
