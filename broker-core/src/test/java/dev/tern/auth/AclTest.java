package dev.tern.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.tern.auth.Acl.Action.PUBLISH;
import static dev.tern.auth.Acl.Action.SUBSCRIBE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AclTest {

    private static Acl acl(String... lines) {
        return Acl.parse(List.of(lines), "acl");
    }

    @Test
    void no_acl_file_allows_everything() {
        assertThat(Acl.ALLOW_ALL.allows(PUBLISH, null, "c", "any/topic")).isTrue();
        assertThat(Acl.ALLOW_ALL.allows(SUBSCRIBE, null, "c", "#")).isTrue();
    }

    @Test
    void with_an_acl_file_what_no_rule_matches_is_denied() {
        Acl a = acl("# only this", "allow all publish open/#");
        assertThat(a.allows(PUBLISH, null, "c", "open/x")).isTrue();
        assertThat(a.allows(PUBLISH, null, "c", "closed/x")).isFalse();
        assertThat(a.allows(SUBSCRIBE, null, "c", "open/x")).isFalse();
    }

    @Test
    void first_matching_rule_wins() {
        Acl a = acl("deny user bob publish data/secret", "allow all pubsub data/#");
        assertThat(a.allows(PUBLISH, "bob", "c", "data/secret")).isFalse();
        assertThat(a.allows(PUBLISH, "alice", "c", "data/secret")).isTrue();
        assertThat(a.allows(PUBLISH, "bob", "c", "data/other")).isTrue();
    }

    @Test
    void user_and_client_substitution() {
        Acl a = acl("allow all pubsub users/%u/#", "allow all publish devices/%c/status");
        assertThat(a.allows(PUBLISH, "alice", "c1", "users/alice/x")).isTrue();
        assertThat(a.allows(PUBLISH, "bob", "c1", "users/alice/x")).isFalse();
        assertThat(a.allows(PUBLISH, null, "c1", "users/null/x")).as("anonymous: %%u rule does not apply").isFalse();
        assertThat(a.allows(PUBLISH, "x", "c1", "devices/c1/status")).isTrue();
        assertThat(a.allows(PUBLISH, "x", "c2", "devices/c1/status")).isFalse();
        assertThat(a.allows(SUBSCRIBE, "a/b", "c", "users/a/b/#")).as("a '/' in the user name does not widen").isFalse();
        assertThat(a.allows(SUBSCRIBE, "+", "c", "users/+/#")).isFalse();
    }

    @Test
    void client_rule_and_action_kinds() {
        Acl a = acl("allow client sensor-1 publish s/1", "allow user ops subscribe s/#");
        assertThat(a.allows(PUBLISH, null, "sensor-1", "s/1")).isTrue();
        assertThat(a.allows(SUBSCRIBE, null, "sensor-1", "s/1")).isFalse();
        assertThat(a.allows(SUBSCRIBE, "ops", "x", "s/+")).isTrue();
        assertThat(a.allows(PUBLISH, "ops", "x", "s/1")).isFalse();
    }

    @Test
    void subscribe_allow_needs_cover_and_deny_applies_on_any_overlap() {
        Acl a = acl("deny all subscribe secret/#", "allow all subscribe #");
        assertThat(a.allows(SUBSCRIBE, null, "c", "public/+")).isTrue();
        assertThat(a.allows(SUBSCRIBE, null, "c", "secret/x")).isFalse();
        assertThat(a.allows(SUBSCRIBE, null, "c", "#")).as("# overlaps secret/#").isFalse();
        assertThat(a.allows(SUBSCRIBE, null, "c", "+/x")).isFalse();

        Acl b = acl("allow all subscribe a/+");
        assertThat(b.allows(SUBSCRIBE, null, "c", "a/b")).isTrue();
        assertThat(b.allows(SUBSCRIBE, null, "c", "a/+")).isTrue();
        assertThat(b.allows(SUBSCRIBE, null, "c", "a/#")).as("a/# is wider than a/+").isFalse();
    }

    @Test
    void shared_subscriptions_are_checked_by_their_filter() {
        Acl a = acl("allow all subscribe jobs/#");
        assertThat(a.allows(SUBSCRIBE, null, "c", "$share/g/jobs/x")).isTrue();
        assertThat(a.allows(SUBSCRIBE, null, "c", "$share/g/other")).isFalse();
    }

    @Test
    void wildcard_rules_do_not_grant_dollar_topics_MQTT_4_7_2_1() {
        Acl a = acl("allow all pubsub #");
        assertThat(a.allows(PUBLISH, null, "c", "$SYS/x")).isFalse();
        assertThat(a.allows(SUBSCRIBE, null, "c", "$SYS/#")).isFalse();
        assertThat(acl("allow all subscribe $SYS/#").allows(SUBSCRIBE, null, "c", "$SYS/broker/+")).isTrue();
    }

    @Test
    void parse_errors_name_the_file_and_the_line() {
        assertThatThrownBy(() -> acl("allow all publish a", "permit all publish a"))
                .isInstanceOf(AuthFileException.class).hasMessageStartingWith("acl:2: ").hasMessageContaining("permit");
        assertThatThrownBy(() -> acl("allow everyone publish a")).hasMessageStartingWith("acl:1: ");
        assertThatThrownBy(() -> acl("allow all write a")).hasMessageStartingWith("acl:1: ");
        assertThatThrownBy(() -> acl("allow user bob publish")).hasMessageStartingWith("acl:1: ");
        assertThatThrownBy(() -> acl("allow all publish a/#/b")).hasMessageContaining("not a valid topic filter");
        assertThatThrownBy(() -> acl("allow all publish a b")).hasMessageContaining("spaces");
    }
}
