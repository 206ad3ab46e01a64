package dev.tern.engine;

import dev.tern.packet.Auth;
import dev.tern.packet.MqttPacket;
import dev.tern.packet.Puback;
import dev.tern.packet.Pubcomp;
import dev.tern.packet.Pubrec;
import dev.tern.packet.Pubrel;
import dev.tern.packet.Suback;
import dev.tern.packet.Unsuback;
import dev.tern.packet.UserProperty;

import java.util.List;

/**
 * Wraps the channel of a client that sent Request Problem Information = 0: a Reason String or User
 * Properties may then only travel on PUBLISH, CONNACK and DISCONNECT [MQTT-3.1.2-29], so they are
 * removed here from every other packet, in one place rather than at each call site.
 */
final class ProblemInformationFilter implements ClientChannel {
    private final ClientChannel delegate;

    ProblemInformationFilter(ClientChannel delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean send(MqttPacket packet) {
        return delegate.send(strip(packet));
    }

    static MqttPacket strip(MqttPacket p) {
        if (p instanceof Puback a && carries(a.reasonString(), a.userProperties())) {
            return new Puback(a.packetId(), a.reasonCode(), null, List.of());
        } else if (p instanceof Pubrec a && carries(a.reasonString(), a.userProperties())) {
            return new Pubrec(a.packetId(), a.reasonCode(), null, List.of());
        } else if (p instanceof Pubrel a && carries(a.reasonString(), a.userProperties())) {
            return new Pubrel(a.packetId(), a.reasonCode(), null, List.of());
        } else if (p instanceof Pubcomp a && carries(a.reasonString(), a.userProperties())) {
            return new Pubcomp(a.packetId(), a.reasonCode(), null, List.of());
        } else if (p instanceof Suback a && carries(a.reasonString(), a.userProperties())) {
            return new Suback(a.packetId(), a.reasonCodes(), null, List.of());
        } else if (p instanceof Unsuback a && carries(a.reasonString(), a.userProperties())) {
            return new Unsuback(a.packetId(), a.reasonCodes(), null, List.of());
        } else if (p instanceof Auth a && carries(a.reasonString(), a.userProperties())) {
            return new Auth(a.reasonCode(), a.authenticationMethod(), a.authenticationData(), null, List.of());
        }
        return p;
    }

    private static boolean carries(String reasonString, List<UserProperty> userProperties) {
        return reasonString != null || !userProperties.isEmpty();
    }

    @Override
    public boolean isWritable() {
        return delegate.isWritable();
    }

    @Override
    public void flush() {
        delegate.flush();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String remoteAddress() {
        return delegate.remoteAddress();
    }

    @Override
    public boolean canMove() {
        return delegate.canMove();
    }

    @Override
    public void leave(java.util.function.Consumer<Boolean> done) {
        delegate.leave(done);
    }

    @Override
    public boolean join(dev.tern.time.ShardExecutor executor) {
        return delegate.join(executor);
    }
}
