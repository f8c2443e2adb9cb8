package dev.junction.pipeline;

import dev.junction.JunctionException;
import dev.junction.config.ChainingConfig.OnChildError;
import tools.jackson.databind.node.ObjectNode;

/**
 * A child fetch failed.
 *
 * @param childEndpoint name of the child integration
 * @param parent the parent record
 * @param message what failed (no secrets)
 * @param cause the failure ({@link dev.junction.connect.ConnectorException} or a placeholder error)
 * @param configuredPolicy the child's configured error policy
 */
public record ChildFetchFailed(
    String childEndpoint,
    ObjectNode parent,
    String message,
    JunctionException cause,
    OnChildError configuredPolicy) {}
