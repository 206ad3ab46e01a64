package dev.tern.session;

import dev.tern.packet.Qos;

import java.util.List;

/**
 * One message bound for one session: the shared message plus what differs per subscriber.
 *
 * @param qos             min(message QoS, granted QoS), the highest over overlapping subscriptions
 * @param retain          the RETAIN flag to send (retained-on-subscribe, or Retain As Published)
 * @param subscriptionIds every matching subscription identifier (MQTT 5), possibly empty
 * @param sharedFilter    the {@code $share/{group}/{filter}} it came through when that was the only
 *                        matching subscription of the session, else null; lets a message left
 *                        unacknowledged by a member whose session ends go to another member
 *                        (MQTT 5.0 section 4.8.2)
 */
public record Delivery(Message message, Qos qos, boolean retain, List<Integer> subscriptionIds, String sharedFilter) {

    public Delivery(Message message, Qos qos, boolean retain, List<Integer> subscriptionIds) {
        this(message, qos, retain, subscriptionIds, null);
    }
}
