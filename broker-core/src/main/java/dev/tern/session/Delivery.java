package dev.tern.session;

import dev.tern.packet.Qos;

import java.util.List;

/**
 * One message bound for one session: the shared message plus what differs per subscriber.
 *
 * @param qos             min(message QoS, granted QoS), the highest over overlapping subscriptions
 * @param retain          the RETAIN flag to send (retained-on-subscribe, or Retain As Published)
 * @param subscriptionIds every matching subscription identifier (MQTT 5), possibly empty
 */
public record Delivery(Message message, Qos qos, boolean retain, List<Integer> subscriptionIds) {
}
