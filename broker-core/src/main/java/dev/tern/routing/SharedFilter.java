package dev.tern.routing;

/** PLACEHOLDER: replaced by the tries branch. */
public record SharedFilter(String group, String filter) {
}
